/**
 * The create view: a form driven by the chosen WorkspaceKind's options, checked as the
 * user types, that POSTs the Workspace manifest and shows the server's refusal next to
 * the field it names. Enter submits, Escape cancels.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import { createWorkspace, fetchPVCs, fetchSecrets } from './client';
import { Field, FieldError, KeyValueRows, OptionSelect } from './fields';
import { isControllerDown, isDenied, withoutDenied } from './state';
import {
  DataVolumeRows,
  mountRefusal,
  pvcLabel,
  SecretRows
} from './VolumeRows';
import {
  buildWorkspaceManifest,
  emptyForm,
  formFieldForPath,
  IWorkspaceForm,
  validateWorkspaceForm
} from './manifest';
import type {
  IPVC,
  ISecretName,
  IWorkspaceItem,
  IWorkspaceKind
} from './types';

export interface ICreateFormProps {
  namespace: string;
  kinds: IWorkspaceKind[];
  initialName?: string;
  onCreated: (item: IWorkspaceItem) => void;
  onCancel: () => void;
  /** The write failed because the Notebooks controller's webhook did not answer. */
  onControllerDown?: (message: string) => void;
}

export function CreateForm(props: ICreateFormProps): JSX.Element {
  // Kinds the namespace may not use are not offered; nor, preselected, denied options.
  const offeredKinds = props.kinds.filter(
    kind => !kind.hidden && !isDenied(kind)
  );
  const [form, setForm] = React.useState<IWorkspaceForm>(() =>
    emptyForm(withoutDenied(offeredKinds[0]), props.initialName ?? '')
  );
  const [touched, setTouched] = React.useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = React.useState(false);
  const [serverErrors, setServerErrors] = React.useState<
    Record<string, string>
  >({});
  const [busy, setBusy] = React.useState(false);
  const [pvcs, setPVCs] = React.useState<IPVC[]>([]);
  const [secrets, setSecrets] = React.useState<ISecretName[]>([]);
  const [lookupError, setLookupError] = React.useState<string | null>(null);

  React.useEffect(() => {
    let live = true;
    Promise.all([fetchPVCs(props.namespace), fetchSecrets(props.namespace)])
      .then(([pvcList, secretList]) => {
        if (live) {
          setPVCs(pvcList);
          setSecrets(secretList);
        }
      })
      .catch((error: Error) => {
        if (live) {
          setLookupError(
            `Cannot list volumes and secrets of ${props.namespace}: ${error.message}`
          );
        }
      });
    return () => {
      live = false;
    };
  }, [props.namespace]);

  const kind = props.kinds.find(candidate => candidate.name === form.kind);
  const localErrors = validateWorkspaceForm(form);
  const shown = (field: string): string | undefined =>
    serverErrors[field] ??
    (submitted || touched.has(field) || touched.has(field.split('.')[0])
      ? localErrors[field]
      : undefined);
  const allShown: Record<string, string | undefined> = {};
  for (const field of new Set([
    ...Object.keys(localErrors),
    ...Object.keys(serverErrors)
  ])) {
    allShown[field] = shown(field);
  }

  /** Change fields; they count as touched, and the server's word on them is dropped. */
  const change = (patch: Partial<IWorkspaceForm>, fields: string[]) => {
    setForm(previous => ({ ...previous, ...patch }));
    setTouched(previous => new Set([...previous, ...fields]));
    setServerErrors(previous => {
      const next = { ...previous };
      delete next.form;
      for (const key of Object.keys(next)) {
        if (
          fields.some(field => key === field || key.startsWith(field + '.'))
        ) {
          delete next[key];
        }
      }
      return next;
    });
  };

  const chooseKind = (name: string) => {
    const chosen = props.kinds.find(candidate => candidate.name === name);
    const fresh = emptyForm(withoutDenied(chosen));
    change(
      {
        kind: name,
        imageConfig: fresh.imageConfig,
        podConfig: fresh.podConfig
      },
      ['kind', 'imageConfig', 'podConfig']
    );
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (busy || Object.keys(localErrors).length > 0) {
      return;
    }
    setBusy(true);
    try {
      const item = await createWorkspace(
        props.namespace,
        buildWorkspaceManifest(form)
      );
      props.onCreated(item);
    } catch (error) {
      const apiError = error as KubeflowAPIError;
      if (isControllerDown(apiError)) {
        props.onControllerDown?.(apiError.message);
      }
      let field = formFieldForPath(apiError.field, form);
      if (apiError.status === 409) {
        field = 'name';
      }
      setServerErrors({ [field]: apiError.message });
      setBusy(false);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onCancel();
    }
  };

  const rowsOf = <K extends 'dataVolumes' | 'secrets'>(
    key: K,
    rows: IWorkspaceForm[K]
  ): void => change({ [key]: rows } as Partial<IWorkspaceForm>, [key]);

  return (
    <form
      className="jp-KubeflowWorkspaces-form"
      aria-label={`Create a workspace in ${props.namespace}`}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
    >
      <h3 className="jp-KubeflowWorkspaces-formTitle">
        New workspace in {props.namespace}
      </h3>
      <FieldError id="jp-kfws-create-form-error" message={serverErrors.form} />
      {offeredKinds.length === 0 ? (
        <div className="jp-KubeflowWorkspaces-notice" role="alert">
          No workspace kinds are available on this cluster: ask an administrator
          to install one.
        </div>
      ) : null}

      <Field
        label="Name"
        error={shown('name')}
        help="Lowercase letters, digits and '-'."
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
            onChange={event => change({ name: event.target.value }, ['name'])}
          />
        )}
      </Field>

      <Field label="Display name" error={shown('displayName')}>
        {ids => (
          <input
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            placeholder="Optional"
            value={form.displayName}
            onChange={event =>
              change({ displayName: event.target.value }, ['displayName'])
            }
          />
        )}
      </Field>

      <Field
        label="Kind"
        error={shown('kind')}
        help={
          kind?.deprecated ? (
            <span className="jp-KubeflowWorkspaces-deprecated">
              Deprecated
              {kind.deprecationMessage ? `: ${kind.deprecationMessage}` : ''}
            </span>
          ) : (
            kind?.description
          )
        }
      >
        {ids => (
          <select
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            value={form.kind}
            onChange={event => chooseKind(event.target.value)}
          >
            {offeredKinds.map(candidate => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.displayName || candidate.name}
                {candidate.deprecated ? ' (deprecated)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>

      <OptionSelect
        label="Image"
        options={kind?.imageConfig}
        value={form.imageConfig}
        namespace={props.namespace}
        error={shown('imageConfig')}
        onChange={value => change({ imageConfig: value }, ['imageConfig'])}
      />
      <OptionSelect
        label="Pod config"
        options={kind?.podConfig}
        value={form.podConfig}
        namespace={props.namespace}
        error={shown('podConfig')}
        onChange={value => change({ podConfig: value }, ['podConfig'])}
      />

      <FieldError
        id="jp-kfws-lookup-error"
        message={lookupError ?? undefined}
      />
      <Field
        label="Home volume"
        error={shown('homeVolume')}
        help="A PVC of this namespace mounted as the home folder."
      >
        {ids => (
          <select
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            value={form.homeVolume}
            onChange={event =>
              change({ homeVolume: event.target.value }, ['homeVolume'])
            }
          >
            <option value="">None</option>
            {pvcs.map(pvc => (
              <option
                key={pvc.name}
                value={pvc.name}
                disabled={pvc.canMount === false}
                title={mountRefusal(pvc, 'PVC') || undefined}
                data-can-mount={pvc.canMount === false ? 'false' : 'true'}
              >
                {pvcLabel(pvc)}
              </option>
            ))}
          </select>
        )}
      </Field>

      <DataVolumeRows
        namespace={props.namespace}
        rows={form.dataVolumes}
        pvcs={pvcs}
        errors={allShown}
        onChange={rows => rowsOf('dataVolumes', rows)}
      />
      <SecretRows
        namespace={props.namespace}
        rows={form.secrets}
        secrets={secrets}
        errors={allShown}
        onChange={rows => rowsOf('secrets', rows)}
      />

      <KeyValueRows
        title="Pod labels"
        field="labels"
        rows={form.labels}
        errors={allShown}
        onChange={rows => change({ labels: rows }, ['labels'])}
      />
      <KeyValueRows
        title="Pod annotations"
        field="annotations"
        rows={form.annotations}
        errors={allShown}
        onChange={rows => change({ annotations: rows }, ['annotations'])}
      />

      <div className="jp-KubeflowWorkspaces-formActions">
        <button
          type="button"
          className="jp-Dialog-button jp-mod-styled jp-mod-reject"
          onClick={props.onCancel}
        >
          Cancel
        </button>
        <button
          type="submit"
          className="jp-Dialog-button jp-mod-styled jp-mod-accept"
          aria-disabled={busy || offeredKinds.length === 0}
          disabled={busy || offeredKinds.length === 0}
        >
          {busy ? 'Creating…' : 'Create'}
        </button>
      </div>
    </form>
  );
}
