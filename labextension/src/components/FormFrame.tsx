/**
 * The frame of every form, named for screen readers; the browser's own checks are off
 * (each field says its own message). In the side panel (`onSubmit` given): its title,
 * the server's refusal of the whole form, then its fields; Enter submits, Escape
 * cancels. In a dialog (no `onSubmit`): Enter in a field does not submit (the dialog's
 * own button does) and the dialog handles Escape; `onEdit` hears each change a person
 * makes.
 */
import * as React from 'react';

import { FieldError } from './FormField';

export function FormFrame(props: {
  /** The form's accessible name. */
  label: string;
  title?: React.ReactNode;
  /** The id of the whole form's error, and the error (if any). */
  errorId?: string;
  error?: string;
  onSubmit?: (event: React.FormEvent) => void;
  onCancel?: () => void;
  onEdit?: () => void;
  children: React.ReactNode;
}): JSX.Element {
  const { onSubmit, onCancel } = props;
  return (
    <form
      className="jp-KubeflowWorkspaces-form"
      aria-label={props.label}
      onSubmit={onSubmit ?? (event => event.preventDefault())}
      onChange={props.onEdit}
      onKeyDown={
        onCancel &&
        (event => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        })
      }
      noValidate
    >
      {props.title ? (
        <h3 className="jp-KubeflowWorkspaces-formTitle">{props.title}</h3>
      ) : null}
      {props.errorId ? (
        <FieldError id={props.errorId} message={props.error} />
      ) : null}
      {props.children}
    </form>
  );
}
