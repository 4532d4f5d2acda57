/**
 * A notice in a panel: a message that is announced (an alert, or a status that is not
 * urgent), toned for an error or a warning with the theme's colours. Nothing is shown
 * while it has no message.
 */
import * as React from 'react';

import { useTrans } from '../trans';

export function Notice(props: {
  role: 'alert' | 'status';
  tone?: 'error' | 'warn';
  /** Another class, for the view's own layout. */
  className?: string;
  children?: React.ReactNode;
}): JSX.Element | null {
  if (
    props.children === null ||
    props.children === undefined ||
    props.children === '' ||
    props.children === false
  ) {
    return null;
  }
  const classes = ['jp-KubeflowWorkspaces-notice'];
  if (props.tone) {
    classes.push(`jp-mod-${props.tone}`);
  }
  if (props.className) {
    classes.push(props.className);
  }
  return (
    <div className={classes.join(' ')} role={props.role}>
      {props.children}
    </div>
  );
}

/** A listing's failure with a Retry button after it. */
export function RetryNotice(props: {
  children: React.ReactNode;
  onRetry: () => void;
}): JSX.Element {
  const trans = useTrans();
  return (
    <Notice role="alert" tone="error">
      {props.children}{' '}
      <button
        type="button"
        className="jp-KubeflowWorkspaces-action"
        onClick={props.onRetry}
      >
        {trans.__('Retry')}
      </button>
    </Notice>
  );
}
