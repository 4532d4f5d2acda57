/**
 * The button under a list of rows that adds one ("+ Add key"); disabled, with the
 * reason as its title, when there is nothing a row could hold.
 */
import * as React from 'react';

export function AddRowButton(props: {
  /** Why no row can be added now, or null/undefined. */
  refusal?: string | null;
  onClick: () => void;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <button
      type="button"
      className="jp-KubeflowWorkspaces-addButton"
      disabled={!!props.refusal}
      title={props.refusal || undefined}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
