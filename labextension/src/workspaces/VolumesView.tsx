/**
 * The Volumes tab: the namespace's PVCs with size, storage class, status and the
 * workspaces that mount them; create one, delete a free one (asked first). What RBAC
 * refuses is offered disabled, with the reason as its title.
 */
import * as React from 'react';

import { TableHead } from '../components/TableHead';
import { useTrans } from '../trans';
import {
  IVolume,
  IVolumeList,
  usedByText,
  volumeDeleteRefusal
} from './storage';
import { deleteVolume, fetchVolumes } from './storageClient';
import {
  CannotMountNote,
  DeleteItemButton,
  MountUsers,
  StorageListFrame,
  useStorageList
} from './StorageList';
import { NewVolumeFields } from './VolumeForm';

export function VolumesView(props: { namespace: string }): JSX.Element {
  const trans = useTrans();
  const { namespace } = props;
  const volumes = useStorageList<IVolume, IVolumeList>(
    {
      fetch: fetchVolumes,
      del: deleteVolume,
      confirmDelete: volume => ({
        title: trans.__('Delete volume "%1" in %2?', volume.name, namespace),
        body: trans.__(
          'The claim %1 (%2) is deleted; with the usual reclaim policy (Delete) its data is deleted too. This cannot be undone.',
          volume.name,
          volume.size ?? trans.__('unknown size')
        ),
        ariaLabel: trans.__('Delete volume %1', volume.name)
      })
    },
    namespace
  );
  const list = volumes.list;
  const [creating, setCreating] = React.useState(false);

  return (
    <StorageListFrame
      texts={{
        refresh: trans.__('List the volumes of %1 again', namespace),
        create: trans.__('+ New volume'),
        createTitle: trans.__('Create a volume in %1', namespace),
        createRefused: trans.__('You may not create volumes in %1.', namespace),
        cannotList: error =>
          trans.__('Cannot list the volumes of %1: %2', namespace, error),
        loading: trans.__('Loading volumes…'),
        empty: trans.__('No volumes in %1 yet.', namespace)
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
            aria-label={trans.__('Volumes in %1', namespace)}
          >
            <TableHead
              columns={[
                trans.__('Name'),
                trans.__('Size'),
                trans.__('Storage class'),
                trans.__('Status'),
                trans.__('Used by'),
                <span className="jp-KubeflowStorage-srOnly">
                  {trans.__('Actions')}
                </span>
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
                    namespace,
                    trans
                  )}
                  error={volumes.errorOf(volume.name)}
                  onDelete={() => void volumes.remove(volume)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </StorageListFrame>
  );
}

export function VolumeRow(props: {
  volume: IVolume;
  refusal: string | null;
  error?: string;
  onDelete: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { volume } = props;
  const size =
    volume.capacity && volume.capacity !== volume.size
      ? trans.__('%1 (bound %2)', volume.size ?? '?', volume.capacity)
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
            <CannotMountNote
              rule={trans.__(
                "Upstream's rule: only claims labelled notebooks.kubeflow.org/can-mount=true may be mounted"
              )}
            >
              {trans.__('may not be mounted')}
            </CannotMountNote>
          ) : null}
        </th>
        <td data-column="size" data-label={trans.__('Size')}>
          {size}
        </td>
        <td data-column="storageClass" data-label={trans.__('Storage class')}>
          {volume.storageClass ?? '—'}
        </td>
        <td data-column="status" data-label={trans.__('Status')}>
          {volume.phase ?? trans.__('Unknown')}
        </td>
        <td data-column="usedBy" data-label={trans.__('Used by')}>
          <MountUsers users={volume.usedBy} none={trans.__('Free')}>
            {user =>
              user.mounted === false
                ? trans.__('%1 (not mounted)', usedByText([user], trans))
                : usedByText([user], trans)
            }
          </MountUsers>
        </td>
        <td className="jp-KubeflowStorage-rowAction">
          <DeleteItemButton
            className="jp-KubeflowWorkspaces-iconButton"
            label={trans.__('Delete volume %1', volume.name)}
            refusal={props.refusal}
            onClick={props.onDelete}
          />
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
