/**
 * The create view: a form driven by the chosen WorkspaceKind's options, checked as the
 * user types, that POSTs the Workspace manifest and shows the server's refusal next to
 * the field it names. Enter submits, Escape cancels.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import { FieldError } from '../components/FormField';
import { FormActions } from '../components/FormActions';
import { FormFrame } from '../components/FormFrame';
import { SelectField } from '../components/SelectField';
import { NameField, TextInputField } from '../components/TextInputField';
import { createWorkspace } from './client';
import { KindOptionSelects, PodMetadataRows } from './fields';
import { isControllerDown, isDenied, withoutDenied } from './state';
import {
  DataVolumeRows,
  MountOption,
  pvcLabel,
  SecretRows,
  useMountables
} from './VolumeRows';
import {
  buildWorkspaceManifest,
  emptyForm,
  formFieldForPath,
  IWorkspaceForm,
  validateWorkspaceForm
} from './manifest';
import type { IWorkspaceItem, IWorkspaceKind } from './types';

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
  const { pvcs, secrets, lookupError } = useMountables(props.namespace);

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

  const rowsOf = <K extends 'dataVolumes' | 'secrets'>(
    key: K,
    rows: IWorkspaceForm[K]
  ): void => change({ [key]: rows } as Partial<IWorkspaceForm>, [key]);

  return (
    <FormFrame
      label={`Create a workspace in ${props.namespace}`}
      title={`New workspace in ${props.namespace}`}
      errorId="jp-kfws-create-form-error"
      error={serverErrors.form}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {offeredKinds.length === 0 ? (
        <div className="jp-KubeflowWorkspaces-notice" role="alert">
          No workspace kinds are available on this cluster: ask an administrator
          to install one.
        </div>
      ) : null}

      <NameField
        label="Name"
        error={shown('name')}
        help="Lowercase letters, digits and '-'."
        value={form.name}
        onChange={name => change({ name }, ['name'])}
      />

      <TextInputField
        label="Display name"
        error={shown('displayName')}
        placeholder="Optional"
        value={form.displayName}
        onChange={displayName => change({ displayName }, ['displayName'])}
      />

      <SelectField
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
        value={form.kind}
        onChange={chooseKind}
      >
        {offeredKinds.map(candidate => (
          <option key={candidate.name} value={candidate.name}>
            {candidate.displayName || candidate.name}
            {candidate.deprecated ? ' (deprecated)' : ''}
          </option>
        ))}
      </SelectField>

      <KindOptionSelects
        kind={kind}
        chosen={form}
        namespace={props.namespace}
        errorOf={shown}
        onChange={(field, value) => change({ [field]: value }, [field])}
      />

      <FieldError id="jp-kfws-lookup-error" message={lookupError} />
      <SelectField
        label="Home volume"
        error={shown('homeVolume')}
        help="A PVC of this namespace mounted as the home folder."
        value={form.homeVolume}
        onChange={homeVolume => change({ homeVolume }, ['homeVolume'])}
      >
        <option value="">None</option>
        {pvcs.map(pvc => (
          <MountOption key={pvc.name} thing={pvc} what="PVC">
            {pvcLabel(pvc)}
          </MountOption>
        ))}
      </SelectField>

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

      <PodMetadataRows
        rows={form}
        errors={allShown}
        onChange={(field, rows) => change({ [field]: rows }, [field])}
      />

      <FormActions
        onCancel={props.onCancel}
        accept={busy ? 'Creating…' : 'Create'}
        disabled={busy || offeredKinds.length === 0}
      />
    </FormFrame>
  );
}
