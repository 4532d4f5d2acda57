/**
 * A form's buttons, as in JupyterLab's dialogs: Cancel first, then any others, then the
 * accepting one (it submits the form unless `onAccept` is given, as in a group that
 * sits inside another form).
 */
import * as React from 'react';

import { DialogButton } from './DialogButton';
import { useTrans } from '../trans';

export function FormActions(props: {
  onCancel: () => void;
  /** The accepting button's text. */
  accept: string;
  disabled?: boolean;
  onAccept?: () => void;
  /** The accepting button styled as a secondary one (another button accepts). */
  secondary?: boolean;
  /** Buttons between Cancel and the accepting one. */
  children?: React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  return (
    <div className="jp-KubeflowWorkspaces-formActions">
      <DialogButton tone="reject" onClick={props.onCancel}>
        {trans.__('Cancel')}
      </DialogButton>
      {props.children}
      <DialogButton
        tone={props.secondary ? 'reject' : 'accept'}
        submit={!props.onAccept}
        disabled={props.disabled}
        onClick={props.onAccept}
      >
        {props.accept}
      </DialogButton>
    </div>
  );
}
