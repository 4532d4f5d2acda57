/**
 * What differs between a workspace form's data volume rows and its secret rows: the
 * form's field, the row's key naming what is mounted, the default folder, and the words
 * of the rows and of their checks (one whole sentence each, for translation). Read by
 * the rows (VolumeRows.tsx) and by the form's checks (manifest.ts). Pure.
 */
import type { ITrans } from '../trans';
import type { IDataVolumeRow, ISecretRow } from './manifest';

/** What a row mounts: a PVC or a Secret (upstream's rule words each its own way). */
export type Mountable = 'PVC' | 'secret';

export interface IMountKind<R> {
  /** The form's field: its rows' errors are `${field}.${index}.${name}`. */
  field: 'dataVolumes' | 'secrets';
  /** The row's key naming what is mounted. */
  name: keyof R & string;
  /** The messages' ids: `${ids[0]}-${index}-${ids[1]}`, `…-path`, `${ids[0]}-all`. */
  ids: [string, string];
  /** Where a mount goes by default: this folder and its name. */
  root: string;
  what: Mountable;
  texts: (trans: ITrans) => {
    legend: string;
    /** The picker's first option, while the row names nothing. */
    pick: string;
    placeholder: string;
    /** The accessible names of a row's controls (n counts from 1). */
    labels: (n: number) => { name: string; path: string; remove: string };
    removeTitle: string;
    /** Row n names nothing to mount. */
    choose: (n: number) => string;
    /** Row n's path is mounted by a row above. */
    taken: (n: number, path: string) => string;
  };
}

export const DATA_VOLUMES: IMountKind<IDataVolumeRow> = {
  field: 'dataVolumes',
  name: 'pvcName',
  ids: ['dv', 'pvc'],
  root: '/data/',
  what: 'PVC',
  texts: trans => ({
    legend: trans.__('Data volumes'),
    pick: trans.__('Choose a PVC…'),
    placeholder: trans.__('/data/my-data'),
    labels: n => ({
      name: trans.__('Data volume %1 PVC', n),
      path: trans.__('Data volume %1 mount path', n),
      remove: trans.__('Remove data volume %1', n)
    }),
    removeTitle: trans.__('Remove this volume'),
    choose: n => trans.__('Data volume %1: choose a PVC.', n),
    taken: (n, path) =>
      trans.__('Data volume %1: %2 is already mounted above.', n, path)
  })
};

export const SECRETS: IMountKind<ISecretRow> = {
  field: 'secrets',
  name: 'secretName',
  ids: ['sec', 'name'],
  root: '/secrets/',
  what: 'secret',
  texts: trans => ({
    legend: trans.__('Secrets'),
    pick: trans.__('Choose a secret…'),
    placeholder: trans.__('/secrets/my-secret'),
    labels: n => ({
      name: trans.__('Secret %1', n),
      path: trans.__('Secret %1 mount path', n),
      remove: trans.__('Remove secret %1', n)
    }),
    removeTitle: trans.__('Remove this secret'),
    choose: n => trans.__('Secret %1: choose a secret.', n),
    taken: (n, path) =>
      trans.__('Secret %1: %2 is already mounted above.', n, path)
  })
};
