/**
 * The one labelled form field of every form (side panel and dialog): its label (with a
 * mark when required), its control (rendered with the ids it needs), and its error (an
 * alert, named by the control's aria-describedby) or its help. Text inputs, drop-downs
 * and other controls (`TextInputField`, `SelectField`) are built on it.
 */
import * as React from 'react';

let nextId = 0;
/** A stable id for label/aria wiring. */
export function useId(prefix: string): string {
  const ref = React.useRef<string>();
  if (!ref.current) {
    ref.current = `${prefix}-${++nextId}`;
  }
  return ref.current;
}

/** A field's or a form's error, announced when it appears; nothing without one. */
export function FieldError(props: {
  id: string;
  message?: string;
}): JSX.Element | null {
  if (!props.message) {
    return null;
  }
  return (
    <div
      id={props.id}
      className="jp-KubeflowWorkspaces-fieldError"
      role="alert"
    >
      {props.message}
    </div>
  );
}

/** What a field's control is given: spread on the <input> or <select>. */
export interface IControlProps {
  id: string;
  className: string;
  'aria-describedby'?: string;
  'aria-invalid': boolean;
  'aria-required'?: boolean;
}

/** A label, its control (rendered with the props it needs) and its error or help. */
export interface IFieldProps {
  label: string;
  error?: string;
  help?: React.ReactNode;
  /** The value may not be empty: a mark by the label, and `aria-required`. */
  required?: boolean;
}

export function FormField(
  props: IFieldProps & {
    children: (control: IControlProps) => React.ReactNode;
  }
): JSX.Element {
  const id = useId('jp-kfws-field');
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const describedBy =
    [props.error ? errorId : '', props.help ? helpId : '']
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <div className="jp-KubeflowWorkspaces-field">
      <label htmlFor={id} className="jp-KubeflowWorkspaces-label">
        {props.label}
        {props.required ? (
          <span className="jp-KubeflowWorkspaces-required" aria-hidden="true">
            {' *'}
          </span>
        ) : null}
      </label>
      {props.children({
        id,
        className: 'jp-KubeflowWorkspaces-input',
        'aria-describedby': describedBy,
        'aria-invalid': !!props.error,
        'aria-required': props.required || undefined
      })}
      <FieldError id={errorId} message={props.error} />
      {props.help ? (
        <div id={helpId} className="jp-KubeflowWorkspaces-help">
          {props.help}
        </div>
      ) : null}
    </div>
  );
}
