/**
 * The form inside a dialog: named for screen readers; Enter in a field does not submit
 * it (the dialog's own button does); `onEdit` hears each change a person makes.
 */
import * as React from 'react';

export function DialogForm(props: {
  label: string;
  onEdit?: () => void;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <form
      className="jp-kf-registry-form"
      aria-label={props.label}
      onSubmit={event => event.preventDefault()}
      onChange={props.onEdit}
    >
      {props.children}
    </form>
  );
}
