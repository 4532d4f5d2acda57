/** Follow a register job with a progress notification until it ends. */
import { Notification, showErrorMessage } from '@jupyterlab/apputils';

import { cancelRegisterJob, getRegisterJob } from './client';
import { formatBytes } from './format';
import { ITrans } from '../trans';
import { IRegisterJob } from './types';
import { errorMessage } from './useLoader';

const POLL_MS = 400;

function progressText(label: string, job: IRegisterJob, trans: ITrans): string {
  return job.totalBytes > 0
    ? trans.__(
        'Registering %1: %2 of %3 uploaded',
        label,
        formatBytes(job.bytes),
        formatBytes(job.totalBytes)
      )
    : trans.__('Registering %1: %2 uploaded', label, formatBytes(job.bytes));
}

/**
 * Poll `GET register/{job}` with a progress notification.
 * @returns the finished job (SUCCEEDED or FAILED); throws when the server stops answering
 */
export async function followRegisterJob(
  label: string,
  job: IRegisterJob,
  onOpen: (job: IRegisterJob) => void,
  trans: ITrans
): Promise<IRegisterJob> {
  // Cancel stops the copy on the server; the poll below then sees the job CANCELLED.
  const actions: Notification.IAction[] = [
    {
      label: trans.__('Cancel'),
      caption: trans.__('Stop this upload: nothing is registered'),
      callback: event => {
        event.preventDefault(); // keep the notification: it says when the copy stopped
        void cancelRegisterJob(job.id).catch(reason =>
          Notification.error(
            trans.__('Cancelling %1 failed: %2', label, errorMessage(reason))
          )
        );
      }
    }
  ];
  const id = Notification.emit(progressText(label, job, trans), 'in-progress', {
    autoClose: false,
    progress: job.progress,
    actions
  });
  let current = job;
  try {
    while (current.state === 'RUNNING') {
      await new Promise(resolve => setTimeout(resolve, POLL_MS));
      current = await getRegisterJob(current.id);
      if (current.state === 'RUNNING') {
        Notification.update({
          id,
          message: progressText(label, current, trans),
          type: 'in-progress',
          progress: current.progress,
          actions
        });
      }
    }
  } catch (reason) {
    Notification.update({
      id,
      message: trans.__(
        'Registering %1: lost track of the upload: %2',
        label,
        errorMessage(reason)
      ),
      type: 'error',
      autoClose: false
    });
    throw reason;
  }
  if (current.state === 'CANCELLED') {
    Notification.update({
      id,
      message: trans.__(
        'Registering %1: cancelled, nothing was registered.',
        label
      ),
      type: 'info',
      autoClose: 5000,
      actions: []
    });
  } else if (current.state === 'SUCCEEDED') {
    const finished = current;
    Notification.update({
      id,
      message: trans.__('Registered %1.', label),
      type: 'success',
      autoClose: 5000,
      progress: 1,
      actions: [{ label: trans.__('Open'), callback: () => onOpen(finished) }]
    });
  } else {
    const reason = current.error?.message ?? trans.__('unknown error');
    const message = current.error?.field
      ? trans.__(
          'Registering %1 failed: %2 (field: %3)',
          label,
          reason,
          current.error.field
        )
      : trans.__('Registering %1 failed: %2', label, reason);
    // Notifications cut a message at 140 characters, often before the reason (the
    // server names the file first): Details shows it whole.
    Notification.update({
      id,
      message,
      type: 'error',
      autoClose: false,
      actions: [
        {
          label: trans.__('Details'),
          caption: trans.__('Show the whole message'),
          callback: () =>
            void showErrorMessage(trans.__('Register as Model'), message)
        }
      ]
    });
  }
  return current;
}
