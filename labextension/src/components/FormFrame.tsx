/**
 * A form of the side panel: its title, the server's refusal of the whole form, then its
 * fields. Enter submits, Escape cancels; the browser's own checks are off (each field
 * says its own message).
 */
import * as React from 'react';

import { FieldError } from './FormField';

export function FormFrame(props: {
  /** The form's accessible name. */
  label: string;
  title: React.ReactNode;
  /** The id of the whole form's error, and the error (if any). */
  errorId: string;
  error?: string;
  onSubmit: (event: React.FormEvent) => void;
  onCancel: () => void;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <form
      className="jp-KubeflowWorkspaces-form"
      aria-label={props.label}
      onSubmit={props.onSubmit}
      onKeyDown={event => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
      noValidate
    >
      <h3 className="jp-KubeflowWorkspaces-formTitle">{props.title}</h3>
      <FieldError id={props.errorId} message={props.error} />
      {props.children}
    </form>
  );
}
