/**
 * The fields that create a PVC: name, size, storage class (the default marked) and
 * access mode. A group, not a <form>: it also sits inside the workspace forms, so Enter
 * creates the volume here instead of submitting the outer form, and Escape closes only
 * this group.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import { Field, FieldError } from './fields';
import {
  ACCESS_MODES,
  emptyVolumeForm,
  isUsableClass,
  IStorageClass,
  IVolume,
  IVolumeForm,
  storageClassLabel,
  storageFieldOf,
  validateVolumeForm,
  volumeCreateBody
} from './storage';
import { createVolume } from './storageClient';

export function NewVolumeFields(props: {
  namespace: string;
  storageClasses: IStorageClass[];
  /** Names already used in the namespace. */
  taken: readonly string[];
  onCreated: (volume: IVolume) => void;
  onCancel: () => void;
}): JSX.Element {
  const [form, setForm] = React.useState<IVolumeForm>(() =>
    emptyVolumeForm(props.storageClasses)
  );
  const [touched, setTouched] = React.useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = React.useState(false);
  const [serverError, setServerError] = React.useState<{
    field: string;
    message: string;
  }>();
  const [busy, setBusy] = React.useState(false);
  const errors = validateVolumeForm(form, props.taken);
  const shown = (field: string): string | undefined =>
    (serverError?.field === field ? serverError.message : undefined) ??
    (submitted || touched.has(field) ? errors[field] : undefined);

  const change = (patch: Partial<IVolumeForm>, field: string) => {
    setForm(previous => ({ ...previous, ...patch }));
    setTouched(previous => new Set([...previous, field]));
    setServerError(undefined);
  };

  const create = async () => {
    setSubmitted(true);
    if (busy || Object.keys(errors).length > 0) {
      return;
    }
    setBusy(true);
    try {
      const volume = await createVolume(
        props.namespace,
        volumeCreateBody(form)
      );
      props.onCreated(volume);
    } catch (error) {
      const apiError = error as KubeflowAPIError;
      setServerError({
        field: storageFieldOf(apiError.field, apiError.status ?? 0),
        message: apiError.message
      });
      setBusy(false);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      event.stopPropagation();
      void create();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onCancel();
    }
  };

  // "None" (the cluster's default) is offered unless a usable default is preselected.
  const hasDefault = props.storageClasses.some(
    sc => sc.isDefault && isUsableClass(sc)
  );
  return (
    <div
      className="jp-KubeflowStorage-newVolume"
      role="group"
      aria-label={`New volume in ${props.namespace}`}
      onKeyDown={onKeyDown}
    >
      <FieldError
        id="jp-kfst-volume-form-error"
        message={
          serverError?.field === 'form' ? serverError.message : undefined
        }
      />
      <Field
        label="Volume name"
        error={shown('name')}
        help="Lowercase letters, digits, '-' and '.'."
      >
        {ids => (
          <input
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={form.name}
            onChange={event => change({ name: event.target.value }, 'name')}
          />
        )}
      </Field>
      <Field label="Size" error={shown('size')} help="e.g. 500Mi, 10Gi, 1Ti">
        {ids => (
          <input
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            autoComplete="off"
            spellCheck={false}
            value={form.size}
            onChange={event => change({ size: event.target.value }, 'size')}
          />
        )}
      </Field>
      <Field
        label="Storage class"
        error={shown('storageClass')}
        help={
          props.storageClasses.length === 0
            ? 'This cluster lists no storage classes: the claim waits for a volume an administrator provides.'
            : props.storageClasses.some(sc => !isUsableClass(sc))
              ? 'Only classes labelled notebooks.kubeflow.org/can-use by an administrator may be used.'
              : undefined
        }
      >
        {ids => (
          <select
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            value={form.storageClass}
            onChange={event =>
              change({ storageClass: event.target.value }, 'storageClass')
            }
          >
            {!hasDefault ? (
              <option value="">
                None (the cluster&apos;s default, if any)
              </option>
            ) : null}
            {props.storageClasses.map(sc => (
              <option
                key={sc.name}
                value={sc.name}
                disabled={!isUsableClass(sc)}
                data-can-use={isUsableClass(sc) ? 'true' : 'false'}
              >
                {storageClassLabel(sc)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Access mode" error={shown('accessModes')}>
        {ids => (
          <select
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            value={form.accessMode}
            onChange={event =>
              change({ accessMode: event.target.value }, 'accessModes')
            }
          >
            {ACCESS_MODES.map(mode => (
              <option key={mode} value={mode}>
                {mode}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="jp-KubeflowWorkspaces-formActions">
        <button
          type="button"
          className="jp-Dialog-button jp-mod-styled jp-mod-reject"
          onClick={props.onCancel}
        >
          Cancel
        </button>
        <button
          type="button"
          className="jp-Dialog-button jp-mod-styled jp-mod-accept"
          disabled={busy}
          onClick={() => void create()}
        >
          {busy ? 'Creating…' : 'Create volume'}
        </button>
      </div>
    </div>
  );
}
