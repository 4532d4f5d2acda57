/** The panel's heading (with the live indicator) and its not-connected view. */
import * as React from 'react';

import type { IWorkspacesStatus } from './types';
import { DialogButton } from '../components/DialogButton';
import { useTrans } from '../trans';

export function Header(props: { live?: boolean }): JSX.Element {
  const trans = useTrans();
  return (
    <div className="jp-KubeflowWorkspaces-header">
      <h2 className="jp-KubeflowWorkspaces-title">
        {trans.__('Kubeflow Workspaces')}
      </h2>
      {props.live !== undefined ? (
        <span
          className={`jp-KubeflowWorkspaces-live ${props.live ? 'jp-mod-live' : ''}`}
          title={
            props.live
              ? trans.__('Updating live')
              : trans.__('Not updating live: reconnecting…')
          }
          aria-label={
            props.live ? trans.__('Updating live') : trans.__('Reconnecting')
          }
        />
      ) : null}
    </div>
  );
}

export function NotConnected(props: {
  status: IWorkspacesStatus | null;
  onRetry: () => void;
}): JSX.Element {
  const trans = useTrans();
  const status = props.status;
  return (
    <div className="jp-KubeflowWorkspaces-disconnected" role="alert">
      <p>
        <strong>{trans.__('Not connected to a Kubernetes cluster.')}</strong>
      </p>
      {status?.server ? (
        <p className="jp-KubeflowWorkspaces-muted">
          {trans.__('API server: %1', status.server)}
        </p>
      ) : null}
      {status?.error ? (
        <p className="jp-KubeflowWorkspaces-stateMessage">{status.error}</p>
      ) : null}
      <p>
        {status?.hint ??
          trans.__(
            'Point Jupyter at a kubeconfig: set KUBECONFIG, or c.KubeflowExtension.kubeconfig, and retry.'
          )}
      </p>
      <DialogButton tone="accept" onClick={props.onRetry}>
        {trans.__('Retry')}
      </DialogButton>
    </div>
  );
}
