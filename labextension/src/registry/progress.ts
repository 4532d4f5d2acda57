/** Follow a register job with a progress notification until it ends. */
import { Notification, showErrorMessage } from '@jupyterlab/apputils';

import { cancelRegisterJob, getRegisterJob } from './client';
import { formatBytes } from './format';
import { IRegisterJob } from './types';
import { errorMessage } from './useLoader';

const POLL_MS = 400;

function progressText(label: string, job: IRegisterJob): string {
  const total = job.totalBytes > 0 ? ` of ${formatBytes(job.totalBytes)}` : '';
  return `Registering ${label}: ${formatBytes(job.bytes)}${total} uploaded`;
}

/**
 * Poll `GET register/{job}` with a progress notification.
 * @returns the finished job (SUCCEEDED or FAILED); throws when the server stops answering
 */
export async function followRegisterJob(
  label: string,
  job: IRegisterJob,
  onOpen: (job: IRegisterJob) => void
): Promise<IRegisterJob> {
  // Cancel stops the copy on the server; the poll below then sees the job CANCELLED.
  const actions: Notification.IAction[] = [
    {
      label: 'Cancel',
      caption: 'Stop this upload: nothing is registered',
      callback: event => {
        event.preventDefault(); // keep the notification: it says when the copy stopped
        void cancelRegisterJob(job.id).catch(reason =>
          Notification.error(
            `Cancelling ${label} failed: ${errorMessage(reason)}`
          )
        );
      }
    }
  ];
  const id = Notification.emit(progressText(label, job), 'in-progress', {
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
          message: progressText(label, current),
          type: 'in-progress',
          progress: current.progress,
          actions
        });
      }
    }
  } catch (reason) {
    Notification.update({
      id,
      message: `Registering ${label}: lost track of the upload: ${errorMessage(reason)}`,
      type: 'error',
      autoClose: false
    });
    throw reason;
  }
  if (current.state === 'CANCELLED') {
    Notification.update({
      id,
      message: `Registering ${label}: cancelled, nothing was registered.`,
      type: 'info',
      autoClose: 5000,
      actions: []
    });
  } else if (current.state === 'SUCCEEDED') {
    const finished = current;
    Notification.update({
      id,
      message: `Registered ${label}.`,
      type: 'success',
      autoClose: 5000,
      progress: 1,
      actions: [{ label: 'Open', callback: () => onOpen(finished) }]
    });
  } else {
    const field = current.error?.field
      ? ` (field: ${current.error.field})`
      : '';
    const message = `Registering ${label} failed: ${current.error?.message ?? 'unknown error'}${field}`;
    // Notifications cut a message at 140 characters, often before the reason (the
    // server names the file first): Details shows it whole.
    Notification.update({
      id,
      message,
      type: 'error',
      autoClose: false,
      actions: [
        {
          label: 'Details',
          caption: 'Show the whole message',
          callback: () => void showErrorMessage('Register as Model', message)
        }
      ]
    });
  }
  return current;
}
