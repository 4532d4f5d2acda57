/**
 * The Volumes tab: the namespace's PVCs with size, storage class, status and the
 * workspaces that mount them; create one, delete a free one (asked first). What RBAC
 * refuses is offered disabled, with the reason as its title.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import {
  IVolume,
  IVolumeList,
  usedByText,
  volumeDeleteRefusal
} from './storage';
import { deleteVolume, fetchVolumes } from './storageClient';
import { NewVolumeFields } from './VolumeForm';

export function VolumesView(props: { namespace: string }): JSX.Element {
  const { namespace } = props;
  const [list, setList] = React.useState<IVolumeList | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(true);
  const [attempt, setAttempt] = React.useState(0);
  const [creating, setCreating] = React.useState(false);
  const [rowError, setRowError] = React.useState<{
    name: string;
    message: string;
  } | null>(null);

  React.useEffect(() => {
    let live = true;
    setLoading(true);
    fetchVolumes(namespace)
      .then(found => live && (setList(found), setError(null)))
      .catch((failure: Error) => live && setError(failure.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [namespace, attempt]);

  const reload = () => {
    setRowError(null);
    setAttempt(n => n + 1);
  };

  const remove = async (volume: IVolume) => {
    const answer = await showDialog({
      title: `Delete volume "${volume.name}" in ${namespace}?`,
      body: `The claim ${volume.name} (${volume.size ?? 'unknown size'}) is deleted; with the usual reclaim policy (Delete) its data is deleted too. This cannot be undone.`,
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({
          label: 'Delete',
          ariaLabel: `Delete volume ${volume.name}`
        })
      ]
    });
    if (!answer.button.accept) {
      return;
    }
    try {
      await deleteVolume(namespace, volume.name);
      setList(previous =>
        previous
          ? {
              ...previous,
              items: previous.items.filter(item => item.name !== volume.name)
            }
          : previous
      );
      setRowError(null);
    } catch (failure) {
      setRowError({
        name: volume.name,
        message: (failure as KubeflowAPIError).message
      });
    }
  };

  const permissions = list?.permissions;
  const createRefusal = !permissions
    ? 'Loading…'
    : permissions.create
      ? undefined
      : (permissions.reasons.create ??
        `You may not create volumes in ${namespace}.`);

  return (
    <div className="jp-KubeflowStorage-view">
      <div className="jp-KubeflowWorkspaces-toolbar">
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          onClick={reload}
          title={`List the volumes of ${namespace} again`}
        >
          Refresh
        </button>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action jp-mod-primary"
          aria-disabled={createRefusal !== undefined}
          title={createRefusal ?? `Create a volume in ${namespace}`}
          onClick={() => createRefusal === undefined && setCreating(true)}
        >
          + New volume
        </button>
      </div>
      {creating && list ? (
        <NewVolumeFields
          namespace={namespace}
          storageClasses={list.storageClasses}
          taken={list.items.map(volume => volume.name)}
          onCreated={volume => {
            setList(previous =>
              previous
                ? {
                    ...previous,
                    items: [
                      ...previous.items.filter(v => v.name !== volume.name),
                      volume
                    ].sort((a, b) => a.name.localeCompare(b.name))
                  }
                : previous
            );
            setCreating(false);
          }}
          onCancel={() => setCreating(false)}
        />
      ) : null}
      {error ? (
        <div className="jp-KubeflowWorkspaces-notice jp-mod-error" role="alert">
          Cannot list the volumes of {namespace}: {error}{' '}
          <button
            type="button"
            className="jp-KubeflowWorkspaces-action"
            onClick={reload}
          >
            Retry
          </button>
        </div>
      ) : null}
      {loading && !list ? (
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          Loading volumes…
        </p>
      ) : list && list.items.length === 0 ? (
        <p className="jp-KubeflowWorkspaces-muted">
          No volumes in {namespace} yet.
        </p>
      ) : list ? (
        <div className="jp-KubeflowStorage-tableWrap">
          <table
            className="jp-KubeflowStorage-table"
            aria-label={`Volumes in ${namespace}`}
          >
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
                <th scope="col">Storage class</th>
                <th scope="col">Status</th>
                <th scope="col">Used by</th>
                <th scope="col">
                  <span className="jp-KubeflowStorage-srOnly">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map(volume => (
                <VolumeRow
                  key={volume.name}
                  volume={volume}
                  refusal={volumeDeleteRefusal(
                    volume,
                    list.permissions,
                    namespace
                  )}
                  error={
                    rowError?.name === volume.name
                      ? rowError.message
                      : undefined
                  }
                  onDelete={() => void remove(volume)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function VolumeRow(props: {
  volume: IVolume;
  refusal: string | null;
  error?: string;
  onDelete: () => void;
}): JSX.Element {
  const { volume, refusal } = props;
  const size =
    volume.capacity && volume.capacity !== volume.size
      ? `${volume.size ?? '?'} (bound ${volume.capacity})`
      : (volume.size ?? volume.capacity ?? '—');
  return (
    <>
      <tr data-volume={volume.name}>
        <th scope="row" className="jp-KubeflowStorage-name">
          {volume.name}
          <div className="jp-KubeflowWorkspaces-muted">
            {volume.accessModes.join(', ')}
          </div>
          {volume.canMount === false ? (
            <div
              className="jp-KubeflowWorkspaces-muted"
              data-field="canMount"
              title="Upstream's rule: only claims labelled notebooks.kubeflow.org/can-mount=true may be mounted"
            >
              may not be mounted
            </div>
          ) : null}
        </th>
        <td data-column="size" data-label="Size">
          {size}
        </td>
        <td data-column="storageClass" data-label="Storage class">
          {volume.storageClass ?? '—'}
        </td>
        <td data-column="status" data-label="Status">
          {volume.phase ?? 'Unknown'}
        </td>
        <td data-column="usedBy" data-label="Used by">
          {volume.usedBy.length === 0 ? (
            <span className="jp-KubeflowWorkspaces-muted">Free</span>
          ) : (
            volume.usedBy.map(user => (
              <span
                key={`${user.name}:${user.mountPath}`}
                className={`jp-KubeflowStorage-user${user.mounted === false ? ' jp-KubeflowWorkspaces-notMounted' : ''}`}
                data-mounted={user.mounted === false ? 'false' : 'true'}
                title={
                  user.mounted === false
                    ? `${user.name}: ${user.reason ?? 'not mounted'}`
                    : `${user.name}${user.state ? ` (${user.state})` : ''} mounts it at ${user.mountPath}`
                }
              >
                {usedByText([user])}
                {user.mounted === false ? ' (not mounted)' : ''}
              </span>
            ))
          )}
        </td>
        <td className="jp-KubeflowStorage-rowAction">
          <button
            type="button"
            className="jp-KubeflowWorkspaces-iconButton jp-mod-danger"
            aria-label={`Delete volume ${volume.name}`}
            aria-disabled={refusal !== null}
            title={refusal ?? `Delete volume ${volume.name}`}
            onClick={() => refusal === null && props.onDelete()}
          >
            Delete
          </button>
        </td>
      </tr>
      {props.error ? (
        <tr>
          <td colSpan={6}>
            <div className="jp-KubeflowWorkspaces-fieldError" role="alert">
              {props.error}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}
