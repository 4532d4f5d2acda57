/**
 * The Volumes tab: the namespace's PVCs with size, storage class, status and the
 * workspaces that mount them; create one, delete a free one (asked first). What RBAC
 * refuses is offered disabled, with the reason as its title.
 */
import * as React from 'react';

import { RefusableButton } from '../components/RefusableButton';
import {
  IVolume,
  IVolumeList,
  usedByText,
  volumeDeleteRefusal
} from './storage';
import { deleteVolume, fetchVolumes } from './storageClient';
import { StorageListFrame, useStorageList } from './StorageList';
import { NewVolumeFields } from './VolumeForm';
import { TableHead } from '../components/TableHead';

export function VolumesView(props: { namespace: string }): JSX.Element {
  const { namespace } = props;
  const volumes = useStorageList<IVolume, IVolumeList>(fetchVolumes, namespace);
  const list = volumes.list;
  const [creating, setCreating] = React.useState(false);

  const remove = (volume: IVolume) =>
    volumes.remove(
      volume,
      {
        title: `Delete volume "${volume.name}" in ${namespace}?`,
        body: `The claim ${volume.name} (${volume.size ?? 'unknown size'}) is deleted; with the usual reclaim policy (Delete) its data is deleted too. This cannot be undone.`,
        label: 'Delete',
        ariaLabel: `Delete volume ${volume.name}`
      },
      () => deleteVolume(namespace, volume.name)
    );

  return (
    <StorageListFrame
      texts={{
        refresh: `List the volumes of ${namespace} again`,
        create: '+ New volume',
        createTitle: `Create a volume in ${namespace}`,
        createRefused: `You may not create volumes in ${namespace}.`,
        cannotList: `Cannot list the volumes of ${namespace}:`,
        loading: 'Loading volumes…',
        empty: `No volumes in ${namespace} yet.`
      }}
      state={volumes}
      onCreate={() => setCreating(true)}
      form={
        creating && list ? (
          <NewVolumeFields
            namespace={namespace}
            storageClasses={list.storageClasses}
            taken={list.items.map(volume => volume.name)}
            onCreated={volume => {
              volumes.put(volume);
              setCreating(false);
            }}
            onCancel={() => setCreating(false)}
          />
        ) : null
      }
    >
      {list ? (
        <div className="jp-KubeflowStorage-tableWrap">
          <table
            className="jp-KubeflowStorage-table"
            aria-label={`Volumes in ${namespace}`}
          >
            <TableHead
              columns={[
                'Name',
                'Size',
                'Storage class',
                'Status',
                'Used by',
                <span className="jp-KubeflowStorage-srOnly">Actions</span>
              ]}
            />
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
                  error={volumes.errorOf(volume.name)}
                  onDelete={() => void remove(volume)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </StorageListFrame>
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
          <RefusableButton
            className="jp-KubeflowWorkspaces-iconButton jp-mod-danger"
            aria-label={`Delete volume ${volume.name}`}
            refusal={refusal}
            title={`Delete volume ${volume.name}`}
            onClick={props.onDelete}
          >
            Delete
          </RefusableButton>
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
