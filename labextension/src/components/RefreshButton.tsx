/**
 * A view's Refresh button (the kinds view's toolbar, the volume and secret lists', the
 * logs view's): it reads its list or its lines again. `title` and `aria-label` say what
 * it refreshes where the view needs them.
 */
import * as React from 'react';

import { useTrans } from '../trans';

export function RefreshButton(props: {
  title?: string;
  'aria-label'?: string;
  onClick: () => void;
}): JSX.Element {
  const trans = useTrans();
  return (
    <button
      type="button"
      className="jp-KubeflowWorkspaces-action"
      title={props.title}
      aria-label={props['aria-label']}
      onClick={props.onClick}
    >
      {trans.__('Refresh')}
    </button>
  );
}
