/**
 * The workspace forms' data volume and secret rows: a PVC or Secret of the namespace,
 * where it is mounted (proposed from its name), and a remove button per row. A PVC is
 * offered with the workspaces that already mount it, and a new one can be created here.
 */
import * as React from 'react';

import { AddRowButton } from '../components/AddRowButton';
import { FieldError } from '../components/FormField';
import { RefusableButton } from '../components/RefusableButton';
import { RemoveRowButton } from '../components/RemoveRowButton';
import { patchRow, removeRow } from '../components/rows';
import { useLoad } from '../components/useLoad';
import type { IDataVolumeRow, ISecretRow } from './manifest';
import { refusalOf } from './permissions';
import { IVolumeList, IVolumeUser, usedByText } from './storage';
import { fetchPVCs, fetchSecrets } from './client';
import { fetchVolumes } from './storageClient';
import type { IPVC, ISecretName } from './types';
import { NewVolumeFields } from './VolumeForm';

type Errors = Record<string, string | undefined>;
const NONE: ReadonlySet<string> = new Set();

/** Why a PVC or Secret may not be mounted (upstream's rule), or '' when it may. */
export function mountRefusal(
  thing: { canMount?: boolean },
  what: 'PVC' | 'secret'
): string {
  return thing.canMount === false
    ? `This ${what} is not labelled notebooks.kubeflow.org/can-mount=true: workspaces may not mount it (an administrator may label it).`
    : '';
}

/**
 * A PVC or Secret as offered to mount: disabled, with upstream's rule as its title, when
 * it may not be mounted (unless the workspace mounts it already: an edit keeps it).
 */
export function MountOption(props: {
  thing: { name: string; canMount?: boolean };
  what: 'PVC' | 'secret';
  mountedNow?: ReadonlySet<string>;
  children: React.ReactNode;
}): JSX.Element {
  const { thing } = props;
  return (
    <option
      value={thing.name}
      title={mountRefusal(thing, props.what) || undefined}
      disabled={thing.canMount === false && !props.mountedNow?.has(thing.name)}
      data-can-mount={thing.canMount === false ? 'false' : 'true'}
    >
      {props.children}
    </option>
  );
}

/** A PVC as offered: its name, size and access modes. */
export function pvcLabel(pvc: IPVC): string {
  const details = [pvc.storage, pvc.accessModes.join(', ')]
    .filter(Boolean)
    .join(' · ');
  const label = details ? `${pvc.name} (${details})` : pvc.name;
  return pvc.canMount === false ? `${label} — may not be mounted` : label;
}

/** Who else mounts a PVC, as said in its option: "used by ws1" or "free". */
export function usageNote(
  users: readonly IVolumeUser[] | undefined,
  self?: string
): string {
  if (users === undefined) {
    return '';
  }
  const others = users.filter(user => user.name !== self);
  return others.length > 0 ? ` — used by ${usedByText(others)}` : ' — free';
}

/**
 * The namespace's volumes with their users, storage classes and permissions (`GET
 * volumes/{ns}`); `error` when the server cannot say (then PVCs are offered without).
 */
export function useVolumeList(namespace: string): {
  list: IVolumeList | null;
  error: string | null;
  reload: () => void;
} {
  const loaded = useLoad(() => fetchVolumes(namespace), namespace);
  return { list: loaded.value, error: loaded.error, reload: loaded.reload };
}

/**
 * What the rows offer: the namespace's PVCs and secrets (`lookupError` says why they
 * are not listed; the rows are offered empty then).
 */
export function useMountables(namespace: string): {
  pvcs: IPVC[];
  secrets: ISecretName[];
  lookupError?: string;
} {
  const loaded = useLoad(
    () => Promise.all([fetchPVCs(namespace), fetchSecrets(namespace)]),
    namespace
  );
  const [pvcs, secrets] = loaded.value ?? [[], []];
  return {
    pvcs,
    secrets,
    lookupError: loaded.error
      ? `Cannot list volumes and secrets of ${namespace}: ${loaded.error}`
      : undefined
  };
}

/** The PVC picker's options: the listed PVCs, then any a row names that is not listed. */
function PVCOptions(props: {
  pvcs: IPVC[];
  rows: IDataVolumeRow[];
  list: IVolumeList | null;
  self?: string;
  /** Mounted already (an edit keeps it even when it may not be mounted anew). */
  mountedNow: ReadonlySet<string>;
}): JSX.Element {
  const mountedNow = props.mountedNow;
  const listed = new Set(props.pvcs.map(pvc => pvc.name));
  const missing = [
    ...new Set(
      props.rows
        .map(row => row.pvcName)
        .filter(name => name && !listed.has(name))
    )
  ];
  const users = (name: string) =>
    props.list?.items.find(volume => volume.name === name)?.usedBy;
  return (
    <>
      <option value="">Choose a PVC…</option>
      {props.pvcs.map(pvc => (
        <MountOption
          key={pvc.name}
          thing={pvc}
          what="PVC"
          mountedNow={mountedNow}
        >
          {pvcLabel(pvc)}
          {usageNote(users(pvc.name), props.self)}
        </MountOption>
      ))}
      {missing.map(name => (
        <option key={name} value={name}>
          {name} (not found in this namespace)
        </option>
      ))}
    </>
  );
}

/** What differs between the data volume rows and the secret rows. */
interface IMountKind<R> {
  /** The form's field: its rows' errors are `${field}.${index}.${name}`. */
  field: 'dataVolumes' | 'secrets';
  /** The row's key naming what is mounted. */
  name: keyof R & string;
  legend: string;
  /** The messages' ids: `${ids[0]}-${index}-${ids[1]}`, `…-path`, `${ids[0]}-all`. */
  ids: [string, string];
  /** Where a mount goes by default: this folder and its name. */
  root: string;
  placeholder: string;
  /** The accessible names of a row's controls (n counts from 1). */
  labels: (n: number) => { name: string; path: string; remove: string };
  removeTitle: string;
}

const DATA_VOLUMES: IMountKind<IDataVolumeRow> = {
  field: 'dataVolumes',
  name: 'pvcName',
  legend: 'Data volumes',
  ids: ['dv', 'pvc'],
  root: '/data/',
  placeholder: '/data/my-data',
  labels: n => ({
    name: `Data volume ${n} PVC`,
    path: `Data volume ${n} mount path`,
    remove: `Remove data volume ${n}`
  }),
  removeTitle: 'Remove this volume'
};

const SECRETS: IMountKind<ISecretRow> = {
  field: 'secrets',
  name: 'secretName',
  legend: 'Secrets',
  ids: ['sec', 'name'],
  root: '/secrets/',
  placeholder: '/secrets/my-secret',
  labels: n => ({
    name: `Secret ${n}`,
    path: `Secret ${n} mount path`,
    remove: `Remove secret ${n}`
  }),
  removeTitle: 'Remove this secret'
};

/**
 * Rows of mounts: per row what is mounted (a picker), where (proposed from its name
 * while the path is empty), a remove button and the errors of both; then the list's
 * error and the buttons that add rows (the children).
 */
function MountRows<R extends { mountPath: string }>(props: {
  kind: IMountKind<R>;
  rows: R[];
  errors: Errors;
  onChange: (rows: R[]) => void;
  /** A row's picker <option>s. */
  options: (row: R) => React.ReactNode;
  /** More controls of a row, after its path (a read-only box). */
  extra?: (row: R, update: (patch: Partial<R>) => void) => React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  const { kind, errors } = props;
  const [prefix, nameId] = kind.ids;
  return (
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>{kind.legend}</legend>
      {props.rows.map((row, index) => {
        const update = (patch: Partial<R>) =>
          props.onChange(patchRow(props.rows, index, patch));
        const labels = kind.labels(index + 1);
        const name = String(row[kind.name]);
        const nameError = errors[`${kind.field}.${index}.${kind.name}`];
        const pathError = errors[`${kind.field}.${index}.mountPath`];
        return (
          <div key={index} className="jp-KubeflowWorkspaces-row">
            <select
              className="jp-KubeflowWorkspaces-input"
              aria-label={labels.name}
              aria-invalid={!!nameError}
              value={name}
              onChange={event =>
                update({
                  [kind.name]: event.target.value,
                  mountPath: row.mountPath || kind.root + event.target.value
                } as Partial<R>)
              }
            >
              {props.options(row)}
            </select>
            <input
              className="jp-KubeflowWorkspaces-input"
              aria-label={labels.path}
              aria-invalid={!!pathError}
              placeholder={kind.placeholder}
              value={row.mountPath}
              onChange={event =>
                update({ mountPath: event.target.value } as Partial<R>)
              }
            />
            {props.extra?.(row, update)}
            <RemoveRowButton
              label={labels.remove}
              title={kind.removeTitle}
              onClick={() => props.onChange(removeRow(props.rows, index))}
            />
            <FieldError
              id={`${prefix}-${index}-${nameId}`}
              message={nameError}
            />
            <FieldError id={`${prefix}-${index}-path`} message={pathError} />
          </div>
        );
      })}
      <FieldError id={`${prefix}-all`} message={errors[kind.field]} />
      {props.children}
    </fieldset>
  );
}

export function DataVolumeRows(props: {
  namespace: string;
  rows: IDataVolumeRow[];
  pvcs: IPVC[];
  errors: Errors;
  onChange: (rows: IDataVolumeRow[]) => void;
  /** The workspace being edited: not counted among a PVC's other users. */
  self?: string;
  /** What the workspace mounts already (an edit may keep it). */
  mountedNow?: ReadonlySet<string>;
}): JSX.Element {
  const volumes = useVolumeList(props.namespace);
  const [created, setCreated] = React.useState<IPVC[]>([]);
  const [adding, setAdding] = React.useState(false);
  const pvcs = [
    ...props.pvcs,
    ...created.filter(pvc => !props.pvcs.some(p => p.name === pvc.name))
  ];
  const permissions = volumes.list?.permissions;
  const newRefusal = volumes.error
    ? `Cannot create volumes here: ${volumes.error}`
    : refusalOf(
        permissions,
        'create',
        `You may not create volumes in ${props.namespace}.`
      );
  return (
    <MountRows
      kind={DATA_VOLUMES}
      rows={props.rows}
      errors={props.errors}
      onChange={props.onChange}
      options={() => (
        <PVCOptions
          pvcs={pvcs}
          rows={props.rows}
          list={volumes.list}
          self={props.self}
          mountedNow={props.mountedNow ?? NONE}
        />
      )}
      extra={(row, update) => (
        <label className="jp-KubeflowWorkspaces-check">
          <input
            type="checkbox"
            checked={row.readOnly}
            onChange={event => update({ readOnly: event.target.checked })}
          />
          Read-only
        </label>
      )}
    >
      {adding && volumes.list ? (
        <NewVolumeFields
          namespace={props.namespace}
          storageClasses={volumes.list.storageClasses}
          taken={[
            ...pvcs.map(pvc => pvc.name),
            ...volumes.list.items.map(volume => volume.name)
          ]}
          onCreated={volume => {
            setCreated(previous => [
              ...previous,
              {
                name: volume.name,
                storage: volume.size,
                accessModes: volume.accessModes
              }
            ]);
            setAdding(false);
            volumes.reload();
            props.onChange([
              ...props.rows,
              {
                pvcName: volume.name,
                mountPath: `/data/${volume.name}`,
                readOnly: false
              }
            ]);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      <div className="jp-KubeflowStorage-rowActions">
        <AddRowButton
          refusal={pvcs.length === 0 ? `No PVCs in ${props.namespace}` : null}
          onClick={() =>
            props.onChange([
              ...props.rows,
              { pvcName: '', mountPath: '', readOnly: false }
            ])
          }
        >
          + Add data volume
        </AddRowButton>
        {!adding ? (
          <RefusableButton
            className="jp-KubeflowWorkspaces-addButton"
            refusal={newRefusal}
            title={`Create a PVC in ${props.namespace} and mount it here`}
            onClick={() => setAdding(true)}
          >
            + New volume
          </RefusableButton>
        ) : null}
      </div>
    </MountRows>
  );
}

export function SecretRows(props: {
  namespace: string;
  rows: ISecretRow[];
  secrets: ISecretName[];
  errors: Errors;
  onChange: (rows: ISecretRow[]) => void;
  /** What the workspace mounts already (an edit may keep it). */
  mountedNow?: ReadonlySet<string>;
}): JSX.Element {
  const mountedNow = props.mountedNow ?? NONE;
  return (
    <MountRows
      kind={SECRETS}
      rows={props.rows}
      errors={props.errors}
      onChange={props.onChange}
      options={row => (
        <>
          <option value="">Choose a secret…</option>
          {props.secrets.map(secret => (
            <MountOption
              key={secret.name}
              thing={secret}
              what="secret"
              mountedNow={mountedNow}
            >
              {secret.name}
              {secret.canMount === false ? ' — may not be mounted' : ''}
            </MountOption>
          ))}
          {row.secretName &&
          !props.secrets.some(secret => secret.name === row.secretName) ? (
            <option value={row.secretName}>
              {row.secretName} (not found in this namespace)
            </option>
          ) : null}
        </>
      )}
    >
      <AddRowButton
        refusal={
          props.secrets.length === 0 ? `No secrets in ${props.namespace}` : null
        }
        onClick={() =>
          props.onChange([...props.rows, { secretName: '', mountPath: '' }])
        }
      >
        + Add secret
      </AddRowButton>
    </MountRows>
  );
}
