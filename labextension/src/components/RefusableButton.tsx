/**
 * A button for an action the server may refuse (RBAC, a rule): refused, it stays
 * focusable but does nothing (aria-disabled), and its title says why.
 */
import * as React from 'react';

export function RefusableButton(props: {
  className: string;
  /** Why it may not be done: null or undefined when it may. */
  refusal?: string | null;
  /** The title when allowed. */
  title: string;
  'aria-label'?: string;
  onClick: () => void;
  children: React.ReactNode;
}): JSX.Element {
  const refused = props.refusal !== null && props.refusal !== undefined;
  return (
    <button
      type="button"
      className={props.className}
      aria-label={props['aria-label']}
      aria-disabled={refused}
      title={props.refusal ?? props.title}
      onClick={() => !refused && props.onClick()}
    >
      {props.children}
    </button>
  );
}
