/**
 * Volumes (PVCs) and Secrets of a namespace: the shapes of `GET volumes/{ns}` and
 * `GET secrets/{ns}` (see the issue 13 contract), the checks of their create and update
 * forms, the bodies sent, and why an action is refused. Pure: no JupyterLab imports
 * (unit-tested in storage.test.ts).
 */
import { ITrans, plainTrans } from '../trans';
import { refusalOf } from './permissions';
import type { IPermissions } from './types';
import {
  checkDNS1123Subdomain,
  duplicateIndexes,
  fieldCheck,
  firstProblem,
  lengthRules,
  problemsOf,
  rule
} from './validate';

/** A workspace mounting a PVC: as its home folder or as a data volume. */
export interface IVolumeUser {
  name: string;
  state?: string;
  mountPath: string;
  home: boolean;
  /** False when the controller leaves the mount out (its path is taken): `reason`. */
  mounted?: boolean;
  reason?: string;
}

export interface IVolume {
  name: string;
  /** Labelled `notebooks.kubeflow.org/can-mount: "true"`: a workspace may mount it. */
  canMount?: boolean;
  /** `spec.resources.requests.storage`. */
  size: string | null;
  /** `status.capacity.storage`, once bound. */
  capacity: string | null;
  storageClass: string | null;
  accessModes: string[];
  phase: string | null;
  created: string;
  usedBy: IVolumeUser[];
  canDelete: boolean;
  deleteReason: string | null;
}

export interface IStorageClass {
  name: string;
  isDefault: boolean;
  provisioner?: string;
  /** Labelled `notebooks.kubeflow.org/can-use: "true"`: new volumes may use it. */
  canUse?: boolean;
}

export interface IVolumeList {
  items: IVolume[];
  storageClasses: IStorageClass[];
  permissions: IPermissions;
}

export interface ISecretUser {
  name: string;
  mountPath: string;
  mounted?: boolean;
  reason?: string;
}

export interface ISecret {
  name: string;
  type: string;
  /** Its keys; values never reach the browser. */
  keys: string[];
  immutable: boolean;
  created: string;
  usedBy: ISecretUser[];
  canUpdate: boolean;
  canDelete: boolean;
  /** The server's reasons when it refuses (e.g. a secret not made by Kubeflow Notebooks). */
  updateReason?: string | null;
  deleteReason?: string | null;
  /** Labelled `notebooks.kubeflow.org/can-mount: "true"`. */
  canMount?: boolean;
}

export interface ISecretList {
  items: ISecret[];
  permissions: IPermissions;
}

export interface IVolumeCreate {
  name: string;
  size: string;
  storageClass?: string;
  accessModes?: string[];
}

/** The access modes a new PVC may ask for (Kubernetes' own names). */
export const ACCESS_MODES = [
  'ReadWriteOnce',
  'ReadWriteMany',
  'ReadOnlyMany',
  'ReadWriteOncePod'
];

/** The create form of a PVC, as typed. */
export interface IVolumeForm {
  name: string;
  size: string;
  /** '' lets the cluster's default storage class apply. */
  storageClass: string;
  accessMode: string;
}

/** A Secret's data row. `stored`: the key exists on the server (value not shown). */
export interface ISecretDataRow {
  key: string;
  value: string;
  stored: boolean;
}

export interface ISecretForm {
  name: string;
  rows: ISecretDataRow[];
}

const QUANTITY = /^(\d+)(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const FACTORS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60
};
/** The largest PVC asked for here: 1 PiB (far beyond any sane workspace volume). */
export const MAX_VOLUME_BYTES = 2 ** 50;
/** The API server's bound on a Secret's data (etcd's object size): 1 MiB. */
export const MAX_SECRET_BYTES = 2 ** 20;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** The size in bytes of a Kubernetes quantity like `10Gi`, or null if it is not one. */
export function quantityBytes(value: string): number | null {
  const match = QUANTITY.exec(value);
  if (!match) {
    return null;
  }
  const bytes =
    Number(`${match[1]}${match[2] ?? ''}`) * FACTORS[match[3] ?? ''];
  return Number.isFinite(bytes) ? bytes : null;
}

/** A PVC size: a positive quantity (e.g. 10Gi), at most MAX_VOLUME_BYTES. */
export function checkSize(
  value: string,
  trans: ITrans = plainTrans
): string | null {
  const bytes = quantityBytes(value);
  return firstProblem([
    rule(value.length === 0, () => trans.__('Size is required, e.g. 10Gi.')),
    rule(bytes === null, () =>
      trans.__(
        "Size '%1' is not a size: use a number and a unit, e.g. 500Mi, 10Gi or 1Ti.",
        value
      )
    ),
    rule(bytes !== null && bytes <= 0, () =>
      trans.__('Size must be more than 0.')
    ),
    rule(bytes !== null && bytes > MAX_VOLUME_BYTES, () =>
      trans.__('Size must be at most 1Pi.')
    )
  ]);
}

/** A Secret data key: letters, digits, '-', '_' and '.', at most 253, not '.' or '..'. */
export const checkSecretKey = fieldCheck(
  trans => trans.__('Key'),
  (value, field, trans) => [
    ...lengthRules(value, field, 253, trans),
    rule(!SECRET_KEY.test(value), () =>
      trans.__(
        "%1 '%2' may contain only letters, digits, '-', '_' and '.'.",
        field,
        value
      )
    ),
    rule(value === '.' || value.startsWith('..'), () =>
      trans.__("%1 may not be '.' or start with '..'.", field)
    )
  ]
);

/** An empty PVC form: the default storage class preselected. */
/** Whether new volumes may use the class (older servers do not say: taken as yes). */
export function isUsableClass(sc: IStorageClass): boolean {
  return sc.canUse !== false;
}

/** The default class when new volumes may use it, else none ('' lets the server say). */
export function emptyVolumeForm(classes: IStorageClass[]): IVolumeForm {
  return {
    name: '',
    size: '10Gi',
    storageClass:
      classes.find(sc => sc.isDefault && isUsableClass(sc))?.name ?? '',
    accessMode: 'ReadWriteOnce'
  };
}

/**
 * A new PVC's or Secret's name: an RFC 1123 subdomain that no item of the namespace
 * (`taken`) has already (`exists` says so in the kind's words).
 */
function newNameProblem(
  name: string,
  taken: readonly string[],
  trans: ITrans,
  exists: (name: string) => string
): string | null {
  return (
    checkDNS1123Subdomain(name, trans.__('Name'), trans) ??
    (taken.includes(name) ? exists(name) : null)
  );
}

/** Field -> message for every problem of the PVC form ({} when it can be sent). */
export function validateVolumeForm(
  form: IVolumeForm,
  taken: readonly string[] = [],
  trans: ITrans = plainTrans
): Record<string, string> {
  return problemsOf({
    name: newNameProblem(form.name.trim(), taken, trans, name =>
      trans.__('A volume named %1 already exists in this namespace.', name)
    ),
    size: checkSize(form.size.trim(), trans),
    accessModes: ACCESS_MODES.includes(form.accessMode)
      ? null
      : trans.__('Choose an access mode.')
  });
}

/** The `POST volumes/{ns}` body (no storageClass: the cluster's default applies). */
export function volumeCreateBody(form: IVolumeForm): IVolumeCreate {
  const body: IVolumeCreate = {
    name: form.name.trim(),
    size: form.size.trim(),
    accessModes: [form.accessMode]
  };
  if (form.storageClass) {
    body.storageClass = form.storageClass;
  }
  return body;
}

/** How a storage class is offered: its name, the default marked. */
export function storageClassLabel(sc: IStorageClass, trans: ITrans): string {
  const label = sc.isDefault ? trans.__('%1 (default)', sc.name) : sc.name;
  return isUsableClass(sc)
    ? label
    : trans.__(
        '%1 — not allowed (no notebooks.kubeflow.org/can-use label)',
        label
      );
}

/** Bytes of a text once UTF-8 encoded (the API server counts bytes). */
function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Field -> message for the Secret form. `creating`: a new secret (its name is checked;
 * a stored key may keep its value with an empty field when updating).
 */
export function validateSecretForm(
  form: ISecretForm,
  creating: boolean,
  taken: readonly string[] = [],
  trans: ITrans = plainTrans
): Record<string, string> {
  const errors = problemsOf({
    name: creating
      ? newNameProblem(form.name.trim(), taken, trans, name =>
          trans.__('A secret named %1 already exists in this namespace.', name)
        )
      : null,
    data: form.rows.length === 0 ? trans.__('Add at least one key.') : null
  });
  const duplicates = duplicateIndexes(form.rows.map(row => row.key.trim()));
  let bytes = 0;
  form.rows.forEach((row, index) => {
    const key = row.key.trim();
    const problem = checkSecretKey(key, trans.__('Key %1', index + 1), trans);
    if (problem) {
      errors[`data.${index}.key`] = problem;
    } else if (duplicates.has(index)) {
      errors[`data.${index}.key`] = trans.__(
        "Key '%1' is already used above.",
        key
      );
    }
    bytes += utf8Bytes(key) + utf8Bytes(row.value);
  });
  if (bytes > MAX_SECRET_BYTES) {
    errors.data = trans.__(
      'The keys and values add up to %1 bytes; a secret holds at most 1 MiB.',
      bytes
    );
  }
  return errors;
}

/**
 * The `data` sent to create or replace a Secret: every key; a stored key whose value
 * was left empty is sent as null (keep the stored value). A stored key removed from the
 * form is not sent, so the update removes it.
 */
export function secretDataBody(
  rows: readonly ISecretDataRow[]
): Record<string, string | null> {
  const data: Record<string, string | null> = {};
  for (const row of rows) {
    data[row.key.trim()] = row.stored && row.value === '' ? null : row.value;
  }
  return data;
}

/** The update form of a stored secret: its keys, values left empty (kept). */
export function secretFormFrom(secret: ISecret): ISecretForm {
  return {
    name: secret.name,
    rows: secret.keys.map(key => ({ key, value: '', stored: true }))
  };
}

/** "ws1, ws2 (home)", or "" when no workspace mounts it. */
export function usedByText(
  users: readonly { name: string; home?: boolean }[],
  trans: ITrans
): string {
  return users
    .map(user => (user.home ? trans.__('%1 (home)', user.name) : user.name))
    .join(', ');
}

/**
 * Why an action on one item is refused, or null when it may be done: the server's
 * reason for this item first, then RBAC's refusal, then the rule that holds it (in
 * use, immutable), then the server's bare "no".
 */
function itemRefusal(
  allowed: boolean,
  reason: string | null | undefined,
  rbac: string | undefined,
  rule: string | null,
  otherwise: string
): string | null {
  if (!allowed && reason) {
    return reason;
  }
  return rbac ?? rule ?? (allowed ? null : otherwise);
}

/**
 * The words of a storage tab (Volumes, Secrets): its list, its delete dialog and why a
 * delete is refused. Each a whole sentence, for translation; `StorageListFrame` shows
 * the list's.
 */
export interface IStorageTexts<T> {
  /** Refresh's title: "List the volumes of team-a again". */
  refresh: string;
  /** "+ New volume" and its title when allowed. */
  create: string;
  createTitle: string;
  /** Why "+ New volume" is refused when the server gives no reason. */
  createRefused: string;
  /** "Cannot list the volumes of team-a: <the error>". */
  cannotList: (error: string) => string;
  loading: string;
  empty: string;
  /** The list's accessible name. */
  list: string;
  /** An item's Delete button, and the dialog's (its accessible name). */
  deleteLabel: (name: string) => string;
  /** The delete dialog's title and text. */
  confirmDelete: (item: T) => { title: string; body: string };
  /** Why a delete is refused: by RBAC without the server's reason... */
  deleteRefused: string;
  /** ...while `count` workspaces (`names`) mount it... */
  inUse: (count: number, names: string) => string;
  /** ...when the server says no without a reason. */
  cannotDelete: string;
}

/** The Volumes tab's words in `namespace`. */
export function volumeTexts(
  namespace: string,
  trans: ITrans
): IStorageTexts<IVolume> {
  return {
    refresh: trans.__('List the volumes of %1 again', namespace),
    create: trans.__('+ New volume'),
    createTitle: trans.__('Create a volume in %1', namespace),
    createRefused: trans.__('You may not create volumes in %1.', namespace),
    cannotList: error =>
      trans.__('Cannot list the volumes of %1: %2', namespace, error),
    loading: trans.__('Loading volumes…'),
    empty: trans.__('No volumes in %1 yet.', namespace),
    list: trans.__('Volumes in %1', namespace),
    deleteLabel: name => trans.__('Delete volume %1', name),
    confirmDelete: volume => ({
      title: trans.__('Delete volume "%1" in %2?', volume.name, namespace),
      body: trans.__(
        'The claim %1 (%2) is deleted; with the usual reclaim policy (Delete) its data is deleted too. This cannot be undone.',
        volume.name,
        volume.size ?? trans.__('unknown size')
      )
    }),
    deleteRefused: trans.__('You may not delete volumes in %1.', namespace),
    inUse: (count, names) =>
      trans._n(
        'Used by workspace %2: remove it from their volumes first.',
        'Used by workspaces %2: remove it from their volumes first.',
        count,
        names
      ),
    cannotDelete: trans.__('This volume cannot be deleted.')
  };
}

/** The Secrets tab's words in `namespace`. */
export function secretTexts(
  namespace: string,
  trans: ITrans
): IStorageTexts<ISecret> {
  return {
    refresh: trans.__('List the secrets of %1 again', namespace),
    create: trans.__('+ New secret'),
    createTitle: trans.__('Create a secret in %1', namespace),
    createRefused: trans.__('You may not create secrets in %1.', namespace),
    cannotList: error =>
      trans.__('Cannot list the secrets of %1: %2', namespace, error),
    loading: trans.__('Loading secrets…'),
    empty: trans.__('No secrets in %1 yet.', namespace),
    list: trans.__('Secrets in %1', namespace),
    deleteLabel: name => trans.__('Delete secret %1', name),
    confirmDelete: secret => ({
      title: trans.__('Delete secret "%1" in %2?', secret.name, namespace),
      body: trans._n(
        'The secret %2 and its %1 key are deleted. This cannot be undone.',
        'The secret %2 and its %1 keys are deleted. This cannot be undone.',
        secret.keys.length,
        secret.name
      )
    }),
    deleteRefused: trans.__('You may not delete secrets in %1.', namespace),
    inUse: (count, names) =>
      trans._n(
        'Used by workspace %2: remove it from their secrets first.',
        'Used by workspaces %2: remove it from their secrets first.',
        count,
        names
      ),
    cannotDelete: trans.__('This secret cannot be deleted.')
  };
}

/** Why a volume or secret may not be deleted now (in its tab's words), or null. */
export function deleteRefusal<T extends IVolume | ISecret>(
  item: T,
  /** RBAC's answers; undefined while they load. */
  permissions: IPermissions | undefined,
  texts: IStorageTexts<T>,
  trans: ITrans
): string | null {
  const users = item.usedBy.map(user => user.name);
  return itemRefusal(
    item.canDelete,
    item.deleteReason,
    refusalOf(permissions, 'delete', texts.deleteRefused, trans),
    users.length > 0 ? texts.inUse(users.length, users.join(', ')) : null,
    texts.cannotDelete
  );
}

/** A kind's delete refusal as a function of the item, RBAC's answer and the namespace. */
function deleteRefusalIn<T extends IVolume | ISecret>(
  textsOf: (namespace: string, trans: ITrans) => IStorageTexts<T>
) {
  return (
    item: T,
    permissions: IPermissions,
    namespace: string,
    trans: ITrans = plainTrans
  ): string | null =>
    deleteRefusal(item, permissions, textsOf(namespace, trans), trans);
}

/** Why this PVC may not be deleted now, or null when it may. */
export const volumeDeleteRefusal = deleteRefusalIn(volumeTexts);

/** Why this secret may not be deleted now, or null when it may. */
export const secretDeleteRefusal = deleteRefusalIn(secretTexts);

/** Why this secret may not be changed, or null when it may. */
export function secretUpdateRefusal(
  secret: ISecret,
  permissions: IPermissions,
  namespace: string,
  trans: ITrans = plainTrans
): string | null {
  return itemRefusal(
    secret.canUpdate,
    secret.updateReason,
    refusalOf(
      permissions,
      'update',
      trans.__('You may not change secrets in %1.', namespace),
      trans
    ),
    secret.immutable
      ? trans.__(
          '%1 is immutable: Kubernetes refuses changes to it (delete and create it again).',
          secret.name
        )
      : null,
    trans.__('%1 (%2) cannot be changed here.', secret.name, secret.type)
  );
}

/**
 * The form field a server error names (`name`, `size`, `data.KEY`...) for the PVC or
 * Secret form; 'form' when it names none of them.
 */
export function storageFieldOf(
  field: string | undefined,
  status: number,
  rows: readonly ISecretDataRow[] = []
): string {
  if (status === 409) {
    return 'name';
  }
  if (!field) {
    return 'form';
  }
  const path = field.replace(/\[(\d+)\]/g, '.$1').replace(/^spec\./, '');
  if (['name', 'metadata.name'].includes(path)) {
    return 'name';
  }
  if (['size', 'resources.requests.storage'].includes(path)) {
    return 'size';
  }
  if (path === 'storageClass' || path === 'storageClassName') {
    return 'storageClass';
  }
  if (path.startsWith('accessModes')) {
    return 'accessModes';
  }
  if (path === 'data') {
    return 'data';
  }
  if (path.startsWith('data.')) {
    const key = path.slice('data.'.length);
    const index = rows.findIndex(row => row.key.trim() === key);
    return index >= 0 ? `data.${index}.key` : 'data';
  }
  return 'form';
}
