/**
 * The create form's data volume and secret rows: a PVC or Secret of the namespace, where
 * it is mounted (proposed from its name), and a remove button per row.
 */
import * as React from 'react';

import { FieldError } from './fields';
import type { IDataVolumeRow, ISecretRow } from './manifest';
import type { IPVC, ISecretName } from './types';

type Errors = Record<string, string | undefined>;

/** A PVC as offered: its name, size and access modes. */
export function pvcLabel(pvc: IPVC): string {
  const details = [pvc.storage, pvc.accessModes.join(', ')]
    .filter(Boolean)
    .join(' · ');
  return details ? `${pvc.name} (${details})` : pvc.name;
}

export function DataVolumeRows(props: {
  namespace: string;
  rows: IDataVolumeRow[];
  pvcs: IPVC[];
  errors: Errors;
  onChange: (rows: IDataVolumeRow[]) => void;
}): JSX.Element {
  return (
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>Data volumes</legend>
      {props.rows.map((row, index) => {
        const update = (patch: Partial<typeof row>) =>
          props.onChange(
            props.rows.map((r, i) => (i === index ? { ...r, ...patch } : r))
          );
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
              <option value="">Choose a PVC…</option>
              {props.pvcs.map(pvc => (
                <option key={pvc.name} value={pvc.name}>
                  {pvcLabel(pvc)}
                </option>
              ))}
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
            <button
              type="button"
              className="jp-KubeflowWorkspaces-iconButton"
              aria-label={`Remove data volume ${index + 1}`}
              title="Remove this volume"
              onClick={() =>
                props.onChange(props.rows.filter((_, i) => i !== index))
              }
            >
              ×
            </button>
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
      <button
        type="button"
        className="jp-KubeflowWorkspaces-addButton"
        disabled={props.pvcs.length === 0}
        title={
          props.pvcs.length === 0 ? `No PVCs in ${props.namespace}` : undefined
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
    </fieldset>
  );
}

export function SecretRows(props: {
  namespace: string;
  rows: ISecretRow[];
  secrets: ISecretName[];
  errors: Errors;
  onChange: (rows: ISecretRow[]) => void;
}): JSX.Element {
  return (
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>Secrets</legend>
      {props.rows.map((row, index) => {
        const update = (patch: Partial<typeof row>) =>
          props.onChange(
            props.rows.map((r, i) => (i === index ? { ...r, ...patch } : r))
          );
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
                <option key={secret.name} value={secret.name}>
                  {secret.name}
                </option>
              ))}
            </select>
            <input
              className="jp-KubeflowWorkspaces-input"
              aria-label={`Secret ${index + 1} mount path`}
              aria-invalid={!!props.errors[`secrets.${index}.mountPath`]}
              placeholder="/secrets/my-secret"
              value={row.mountPath}
              onChange={event => update({ mountPath: event.target.value })}
            />
            <button
              type="button"
              className="jp-KubeflowWorkspaces-iconButton"
              aria-label={`Remove secret ${index + 1}`}
              title="Remove this secret"
              onClick={() =>
                props.onChange(props.rows.filter((_, i) => i !== index))
              }
            >
              ×
            </button>
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
