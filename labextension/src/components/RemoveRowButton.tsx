/** The × that removes one row of a list of rows (keys, volumes, secrets, labels). */
import * as React from 'react';

export function RemoveRowButton(props: {
  /** The accessible name ("Remove key 2"). */
  label: string;
  /** The tooltip ("Remove this key"). */
  title: string;
  onClick: () => void;
}): JSX.Element {
  return (
    <button
      type="button"
      className="jp-KubeflowWorkspaces-iconButton"
      aria-label={props.label}
      title={props.title}
      onClick={props.onClick}
    >
      ×
    </button>
  );
}
