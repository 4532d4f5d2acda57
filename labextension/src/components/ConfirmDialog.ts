/**
 * Asks before something that cannot be undone (a delete, a restart): Cancel, or a
 * warning-styled button. True to go ahead.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type * as React from 'react';

export async function confirmDanger(options: {
  title: string;
  body: string | React.ReactElement;
  /** The warning button's text ("Delete") and its accessible name. */
  label: string;
  ariaLabel: string;
}): Promise<boolean> {
  const answer = await showDialog({
    title: options.title,
    body: options.body,
    buttons: [
      Dialog.cancelButton(),
      Dialog.warnButton({ label: options.label, ariaLabel: options.ariaLabel })
    ]
  });
  return answer.button.accept;
}
