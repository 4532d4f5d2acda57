/**
 * The Volumes tab: the namespace's PVCs with size, storage class, status and the
 * workspaces that mount them; create one, delete a free one (asked first). What RBAC
 * refuses is offered disabled, with the reason as its title.
 */
import * as React from 'react';

import { TableHead } from '../components/TableHead';
import { useTrans } from '../trans';
import { IVolume, IVolumeList, usedByText, volumeTexts } from './storage';
import { deleteVolume, fetchVolumes } from './storageClient';
import {
  CannotMountNote,
  DeleteItemButton,
  MountUsers,
  IStorageApi,
  StorageListFrame,
  useStorageList
} from './StorageList';
import { NewVolumeFields } from './VolumeForm';

/** The Volumes tab's list, delete and words. */
const VOLUME_TAB: IStorageApi<IVolume, IVolumeList> = {
  fetch: fetchVolumes,
  del: deleteVolume,
  texts: volumeTexts
};

export function VolumesView(props: { namespace: string }): JSX.Element {
  const trans = useTrans();
  const { namespace } = props;
  const volumes = useStorageList(VOLUME_TAB, namespace);
  const { list, texts } = volumes;
  const [creating, setCreating] = React.useState(false);

  return (
    <StorageListFrame
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
          <table className="jp-KubeflowStorage-table" aria-label={texts.list}>
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
                  refusal={volumes.deleteRefusalOf(volume)}
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
          <CannotMountNote
            canMount={volume.canMount}
            rule={trans.__(
              "Upstream's rule: only claims labelled notebooks.kubeflow.org/can-mount=true may be mounted"
            )}
          >
            {trans.__('may not be mounted')}
          </CannotMountNote>
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
