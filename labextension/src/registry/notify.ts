/**
 * A deploy in JupyterLab's notification centre: going while the server applies the
 * InferenceService, then what it did, with the version one click away.
 */
import { Notification } from '@jupyterlab/apputils';

import { ITrans } from '../trans';
import { IDeployResult, IVersionDetails } from './types';
import { errorMessage } from './useLoader';

export interface IDeployTarget {
  namespace: string;
  name: string;
}

export function notifyDeploy(
  deploying: Promise<IDeployResult>,
  details: IVersionDetails,
  target: IDeployTarget,
  openVersion: () => void,
  trans: ITrans
): void {
  const what = `${details.model.name} ${details.version.name}`;
  const where = `${target.namespace}/${target.name}`;
  const open: Notification.IAction = {
    label: trans.__('Open version'),
    caption: trans.__('Show %1 in the Model Registry', what),
    callback: openVersion
  };
  // Only whether it went through matters here (the dialog shows the answer).
  void Notification.promise(
    deploying.then(() => null),
    {
      pending: {
        message: trans.__('Deploying %1 as InferenceService %2…', what, where),
        options: { autoClose: false }
      },
      success: {
        message: () =>
          trans.__('Deployed %1 as InferenceService %2.', what, where),
        options: { autoClose: 5000, actions: [open] }
      },
      error: {
        message: reason =>
          trans.__('Deploying %1 failed: %2', what, errorMessage(reason)),
        options: { autoClose: false, actions: [open] }
      }
    }
  );
}
