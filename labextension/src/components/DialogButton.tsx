/**
 * A button styled as JupyterLab's dialog buttons: the accepting one, a rejecting one
 * (Cancel, or an action beside the accepting one), or a plain one. It does not submit
 * its form unless it is the form's submit button.
 */
import * as React from 'react';

export function DialogButton(props: {
  tone?: 'accept' | 'reject';
  /** The form's submit button (otherwise a plain button that only calls onClick). */
  submit?: boolean;
  disabled?: boolean;
  onClick?: () => void;
  children: React.ReactNode;
}): JSX.Element {
  const classes = ['jp-Dialog-button', 'jp-mod-styled'];
  if (props.tone) {
    classes.push(`jp-mod-${props.tone}`);
  }
  return (
    <button
      type={props.submit ? 'submit' : 'button'}
      className={classes.join(' ')}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}
