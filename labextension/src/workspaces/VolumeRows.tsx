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
import { ITrans, useTrans } from '../trans';
import type { IDataVolumeRow, ISecretRow } from './manifest';
import { DATA_VOLUMES, IMountKind, Mountable, SECRETS } from './mountKinds';
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
  what: Mountable,
  trans: ITrans
): string {
  if (thing.canMount !== false) {
    return '';
  }
  return what === 'PVC'
    ? trans.__(
        'This PVC is not labelled notebooks.kubeflow.org/can-mount=true: workspaces may not mount it (an administrator may label it).'
      )
    : trans.__(
        'This secret is not labelled notebooks.kubeflow.org/can-mount=true: workspaces may not mount it (an administrator may label it).'
      );
}

/**
 * A PVC or Secret as offered to mount: disabled, with upstream's rule as its title, when
 * it may not be mounted (unless the workspace mounts it already: an edit keeps it).
 */
export function MountOption(props: {
  thing: { name: string; canMount?: boolean };
  what: Mountable;
  mountedNow?: ReadonlySet<string>;
  children: React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  const { thing } = props;
  return (
    <option
      value={thing.name}
      title={mountRefusal(thing, props.what, trans) || undefined}
      disabled={thing.canMount === false && !props.mountedNow?.has(thing.name)}
      data-can-mount={thing.canMount === false ? 'false' : 'true'}
    >
      {props.children}
    </option>
  );
}

/** A PVC or secret as offered: marked when it may not be mounted. */
function mountableLabel(
  thing: { canMount?: boolean },
  label: string,
  trans: ITrans
): string {
  return thing.canMount === false
    ? trans.__('%1 — may not be mounted', label)
    : label;
}

/** A PVC as offered: its name, size and access modes. */
export function pvcLabel(pvc: IPVC, trans: ITrans): string {
  const details = [pvc.storage, pvc.accessModes.join(', ')]
    .filter(Boolean)
    .join(' · ');
  return mountableLabel(
    pvc,
    details ? trans.__('%1 (%2)', pvc.name, details) : pvc.name,
    trans
  );
}

/** A PVC's option with who else mounts it: "… — used by ws1" or "… — free". */
export function withUsage(
  label: string,
  users: readonly IVolumeUser[] | undefined,
  self: string | undefined,
  trans: ITrans
): string {
  if (users === undefined) {
    return label;
  }
  const others = users.filter(user => user.name !== self);
  return others.length > 0
    ? trans.__('%1 — used by %2', label, usedByText(others, trans))
    : trans.__('%1 — free', label);
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
  const trans = useTrans();
  const loaded = useLoad(
    () => Promise.all([fetchPVCs(namespace), fetchSecrets(namespace)]),
    namespace
  );
  const [pvcs, secrets] = loaded.value ?? [[], []];
  return {
    pvcs,
    secrets,
    lookupError: loaded.error
      ? trans.__(
          'Cannot list volumes and secrets of %1: %2',
          namespace,
          loaded.error
        )
      : undefined
  };
}

/**
 * A mount picker's options: "Choose…", the listed PVCs or secrets (those that may not
 * be mounted disabled, unless mounted already), then any a row names that is not listed.
 */
function MountOptions<T extends { name: string; canMount?: boolean }>(props: {
  choose: string;
  what: Mountable;
  things: readonly T[];
  label: (thing: T) => string;
  /** Names the rows mount that are not listed. */
  missing: readonly string[];
  /** Mounted already (an edit keeps it even when it may not be mounted anew). */
  mountedNow: ReadonlySet<string>;
}): JSX.Element {
  const trans = useTrans();
  const listed = new Set(props.things.map(thing => thing.name));
  return (
    <>
      <option value="">{props.choose}</option>
      {props.things.map(thing => (
        <MountOption
          key={thing.name}
          thing={thing}
          what={props.what}
          mountedNow={props.mountedNow}
        >
          {props.label(thing)}
        </MountOption>
      ))}
      {[...new Set(props.missing)]
        .filter(name => name && !listed.has(name))
        .map(name => (
          <option key={name} value={name}>
            {trans.__('%1 (not found in this namespace)', name)}
          </option>
        ))}
    </>
  );
}

/**
 * Rows of mounts: per row what is mounted (a picker), where (proposed from its name
 * while the path is empty), a remove button and the errors of both; then the list's
 * error and the buttons that add rows (the children).
 */
function MountRows<
  R extends { mountPath: string },
  T extends { name: string; canMount?: boolean }
>(props: {
  kind: IMountKind<R>;
  rows: R[];
  errors: Errors;
  onChange: (rows: R[]) => void;
  /** What the pickers offer, and how each is labelled. */
  things: readonly T[];
  label: (thing: T) => string;
  /** The names a row's picker offers too when they are not listed. */
  missing: (row: R) => readonly string[];
  /** Mounted already (an edit keeps it even when it may not be mounted anew). */
  mountedNow?: ReadonlySet<string>;
  /** More controls of a row, after its path (a read-only box). */
  extra?: (row: R, update: (patch: Partial<R>) => void) => React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  const { kind, errors } = props;
  const texts = kind.texts(useTrans());
  const [prefix, nameId] = kind.ids;
  return (
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>{texts.legend}</legend>
      {props.rows.map((row, index) => {
        const update = (patch: Partial<R>) =>
          props.onChange(patchRow(props.rows, index, patch));
        const labels = texts.labels(index + 1);
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
              <MountOptions
                choose={texts.pick}
                what={kind.what}
                things={props.things}
                label={props.label}
                missing={props.missing(row)}
                mountedNow={props.mountedNow ?? NONE}
              />
            </select>
            <input
              className="jp-KubeflowWorkspaces-input"
              aria-label={labels.path}
              aria-invalid={!!pathError}
              placeholder={texts.placeholder}
              value={row.mountPath}
              onChange={event =>
                update({ mountPath: event.target.value } as Partial<R>)
              }
            />
            {props.extra?.(row, update)}
            <RemoveRowButton
              label={labels.remove}
              title={texts.removeTitle}
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
  const trans = useTrans();
  const volumes = useVolumeList(props.namespace);
  const [created, setCreated] = React.useState<IPVC[]>([]);
  const [adding, setAdding] = React.useState(false);
  const pvcs = [
    ...props.pvcs,
    ...created.filter(pvc => !props.pvcs.some(p => p.name === pvc.name))
  ];
  const permissions = volumes.list?.permissions;
  const newRefusal = volumes.error
    ? trans.__('Cannot create volumes here: %1', volumes.error)
    : refusalOf(
        permissions,
        'create',
        trans.__('You may not create volumes in %1.', props.namespace),
        trans
      );
  const users = (name: string) =>
    volumes.list?.items.find(volume => volume.name === name)?.usedBy;
  return (
    <MountRows
      {...props}
      kind={DATA_VOLUMES}
      things={pvcs}
      label={pvc =>
        withUsage(pvcLabel(pvc, trans), users(pvc.name), props.self, trans)
      }
      missing={() => props.rows.map(row => row.pvcName)}
      extra={(row, update) => (
        <label className="jp-KubeflowWorkspaces-check">
          <input
            type="checkbox"
            checked={row.readOnly}
            onChange={event => update({ readOnly: event.target.checked })}
          />
          {trans.__('Read-only')}
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
                mountPath: DATA_VOLUMES.root + volume.name,
                readOnly: false
              }
            ]);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : null}
      <div className="jp-KubeflowStorage-rowActions">
        <AddRowButton
          refusal={
            pvcs.length === 0
              ? trans.__('No PVCs in %1', props.namespace)
              : null
          }
          onClick={() =>
            props.onChange([
              ...props.rows,
              { pvcName: '', mountPath: '', readOnly: false }
            ])
          }
        >
          {trans.__('+ Add data volume')}
        </AddRowButton>
        {!adding ? (
          <RefusableButton
            className="jp-KubeflowWorkspaces-addButton"
            refusal={newRefusal}
            title={trans.__(
              'Create a PVC in %1 and mount it here',
              props.namespace
            )}
            onClick={() => setAdding(true)}
          >
            {trans.__('+ New volume')}
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
  const trans = useTrans();
  return (
    <MountRows
      {...props}
      kind={SECRETS}
      things={props.secrets}
      label={secret => mountableLabel(secret, secret.name, trans)}
      missing={row => [row.secretName]}
    >
      <AddRowButton
        refusal={
          props.secrets.length === 0
            ? trans.__('No secrets in %1', props.namespace)
            : null
        }
        onClick={() =>
          props.onChange([...props.rows, { secretName: '', mountPath: '' }])
        }
      >
        {trans.__('+ Add secret')}
      </AddRowButton>
    </MountRows>
  );
}

interface IMountRows {
  dataVolumes: IDataVolumeRow[];
  secrets: ISecretRow[];
}

/**
 * A workspace form's data volume rows and secret rows, offering the namespace's PVCs
 * and secrets (`useMountables`).
 */
export function WorkspaceMounts(props: {
  namespace: string;
  mountables: ReturnType<typeof useMountables>;
  rows: IMountRows;
  errors: Errors;
  /** The rows changed (one of the two lists). */
  onChange: (patch: Partial<IMountRows>) => void;
  /** The workspace being edited: not counted among a PVC's other users. */
  self?: string;
  /** What the workspace mounts already (an edit may keep it). */
  mountedNow?: { pvcs: ReadonlySet<string>; secrets: ReadonlySet<string> };
  /** False when the workspace's secrets may not be changed. */
  secrets?: boolean;
}): JSX.Element {
  return (
    <>
      <DataVolumeRows
        namespace={props.namespace}
        rows={props.rows.dataVolumes}
        pvcs={props.mountables.pvcs}
        errors={props.errors}
        self={props.self}
        mountedNow={props.mountedNow?.pvcs}
        onChange={dataVolumes => props.onChange({ dataVolumes })}
      />
      {props.secrets !== false ? (
        <SecretRows
          namespace={props.namespace}
          rows={props.rows.secrets}
          secrets={props.mountables.secrets}
          errors={props.errors}
          mountedNow={props.mountedNow?.secrets}
          onChange={secrets => props.onChange({ secrets })}
        />
      ) : null}
    </>
  );
}
