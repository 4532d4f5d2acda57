/**
 * A labelled form field with its message under the control: the error when there is one
 * (announced, and the field marked invalid), else the hint. Styled by `registry.css`.
 */
import * as React from 'react';

export function Field(props: {
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <label
      className={`jp-kf-registry-field${props.error ? ' jp-mod-invalid' : ''}`}
    >
      <span className="jp-kf-registry-fieldLabel">{props.label}</span>
      {props.children}
      {props.error ? (
        <span className="jp-kf-registry-fieldError" role="alert">
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="jp-kf-registry-muted">{props.hint}</span>
      ) : null}
    </label>
  );
}
