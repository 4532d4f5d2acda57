/**
 * The workspace forms' data volume and secret rows: a PVC or Secret of the namespace,
 * where it is mounted (proposed from its name), and a remove button per row. A PVC is
 * offered with the workspaces that already mount it, and a new one can be created here.
 */
import * as React from 'react';

import { FieldError } from '../components/Field';
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
        <option
          key={pvc.name}
          value={pvc.name}
          title={mountRefusal(pvc, 'PVC') || undefined}
          disabled={pvc.canMount === false && !mountedNow.has(pvc.name)}
          data-can-mount={pvc.canMount === false ? 'false' : 'true'}
        >
          {pvcLabel(pvc)}
          {usageNote(users(pvc.name), props.self)}
        </option>
      ))}
      {missing.map(name => (
        <option key={name} value={name}>
          {name} (not found in this namespace)
        </option>
      ))}
    </>
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
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>Data volumes</legend>
      {props.rows.map((row, index) => {
        const update = (patch: Partial<typeof row>) =>
          props.onChange(patchRow(props.rows, index, patch));
        return (
          <div key={index} className="jp-KubeflowWorkspaces-row">
            <select
              className="jp-KubeflowWorkspaces-input"
              aria-label={`Data volume ${index + 1} PVC`}
              aria-invalid={!!props.errors[`dataVolumes.${index}.pvcName`]}
              value={row.pvcName}
              onChange={event =>
                update({
                  pvcName: event.target.value,
                  mountPath: row.mountPath || `/data/${event.target.value}`
                })
              }
            >
              <PVCOptions
                pvcs={pvcs}
                rows={props.rows}
                list={volumes.list}
                self={props.self}
                mountedNow={props.mountedNow ?? NONE}
              />
            </select>
            <input
              className="jp-KubeflowWorkspaces-input"
              aria-label={`Data volume ${index + 1} mount path`}
              aria-invalid={!!props.errors[`dataVolumes.${index}.mountPath`]}
              placeholder="/data/my-data"
              value={row.mountPath}
              onChange={event => update({ mountPath: event.target.value })}
            />
            <label className="jp-KubeflowWorkspaces-check">
              <input
                type="checkbox"
                checked={row.readOnly}
                onChange={event => update({ readOnly: event.target.checked })}
              />
              Read-only
            </label>
            <RemoveRowButton
              label={`Remove data volume ${index + 1}`}
              title="Remove this volume"
              onClick={() => props.onChange(removeRow(props.rows, index))}
            />
            <FieldError
              id={`dv-${index}-pvc`}
              message={props.errors[`dataVolumes.${index}.pvcName`]}
            />
            <FieldError
              id={`dv-${index}-path`}
              message={props.errors[`dataVolumes.${index}.mountPath`]}
            />
          </div>
        );
      })}
      <FieldError id="dv-all" message={props.errors.dataVolumes} />
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
        <button
          type="button"
          className="jp-KubeflowWorkspaces-addButton"
          disabled={pvcs.length === 0}
          title={
            pvcs.length === 0 ? `No PVCs in ${props.namespace}` : undefined
          }
          onClick={() =>
            props.onChange([
              ...props.rows,
              { pvcName: '', mountPath: '', readOnly: false }
            ])
          }
        >
          + Add data volume
        </button>
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
    </fieldset>
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
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>Secrets</legend>
      {props.rows.map((row, index) => {
        const update = (patch: Partial<typeof row>) =>
          props.onChange(patchRow(props.rows, index, patch));
        return (
          <div key={index} className="jp-KubeflowWorkspaces-row">
            <select
              className="jp-KubeflowWorkspaces-input"
              aria-label={`Secret ${index + 1}`}
              aria-invalid={!!props.errors[`secrets.${index}.secretName`]}
              value={row.secretName}
              onChange={event =>
                update({
                  secretName: event.target.value,
                  mountPath: row.mountPath || `/secrets/${event.target.value}`
                })
              }
            >
              <option value="">Choose a secret…</option>
              {props.secrets.map(secret => (
                <option
                  key={secret.name}
                  value={secret.name}
                  title={mountRefusal(secret, 'secret') || undefined}
                  disabled={
                    secret.canMount === false && !mountedNow.has(secret.name)
                  }
                  data-can-mount={secret.canMount === false ? 'false' : 'true'}
                >
                  {secret.name}
                  {secret.canMount === false ? ' — may not be mounted' : ''}
                </option>
              ))}
              {row.secretName &&
              !props.secrets.some(secret => secret.name === row.secretName) ? (
                <option value={row.secretName}>
                  {row.secretName} (not found in this namespace)
                </option>
              ) : null}
            </select>
            <input
              className="jp-KubeflowWorkspaces-input"
              aria-label={`Secret ${index + 1} mount path`}
              aria-invalid={!!props.errors[`secrets.${index}.mountPath`]}
              placeholder="/secrets/my-secret"
              value={row.mountPath}
              onChange={event => update({ mountPath: event.target.value })}
            />
            <RemoveRowButton
              label={`Remove secret ${index + 1}`}
              title="Remove this secret"
              onClick={() => props.onChange(removeRow(props.rows, index))}
            />
            <FieldError
              id={`sec-${index}-name`}
              message={props.errors[`secrets.${index}.secretName`]}
            />
            <FieldError
              id={`sec-${index}-path`}
              message={props.errors[`secrets.${index}.mountPath`]}
            />
          </div>
        );
      })}
      <FieldError id="sec-all" message={props.errors.secrets} />
      <button
        type="button"
        className="jp-KubeflowWorkspaces-addButton"
        disabled={props.secrets.length === 0}
        title={
          props.secrets.length === 0
            ? `No secrets in ${props.namespace}`
            : undefined
        }
        onClick={() =>
          props.onChange([...props.rows, { secretName: '', mountPath: '' }])
        }
      >
        + Add secret
      </button>
    </fieldset>
  );
}
