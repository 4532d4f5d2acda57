/**
 * The pipelines views' small controls: a button that reads as a link (an action inside a
 * heading, a row or a sentence), a button styled as JupyterLab's, and a labelled input or
 * check box in the `jp-kubeflow-field` style.
 */
import * as React from 'react';

type ButtonProps = Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'type'>;
type InputProps = React.InputHTMLAttributes<HTMLInputElement>;

/** A `type="button"` with these classes; a `className` given adds to them. */
function buttonOf(base: string): (props: ButtonProps) => JSX.Element {
  return function Button({ className, ...button }) {
    return (
      <button
        type="button"
        className={className ? `${base} ${className}` : base}
        {...button}
      />
    );
  };
}

export const LinkButton = buttonOf('jp-kubeflow-link-button');
export const StyledButton = buttonOf('jp-mod-styled jp-kubeflow-button');

/** An input under its label, styled as JupyterLab's. */
export function InputField(
  props: { label: React.ReactNode } & InputProps
): JSX.Element {
  const { label, ...input } = props;
  return (
    <label className="jp-kubeflow-field">
      <span>{label}</span>
      <input className="jp-mod-styled" {...input} />
    </label>
  );
}

/** A check box followed by its label. */
export function CheckField(
  props: { label: React.ReactNode } & Omit<InputProps, 'type'>
): JSX.Element {
  const { label, ...input } = props;
  return (
    <label className="jp-kubeflow-field jp-kubeflow-check">
      <input type="checkbox" {...input} />
      <span>{label}</span>
    </label>
  );
}
