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
import { useTrans } from '../trans';
import { createWorkspace } from './client';
import { KindOptionSelects, PodMetadataRows } from './fields';
import { isControllerDown, isDenied, withoutDenied } from './state';
import {
  MountOption,
  pvcLabel,
  useMountables,
  WorkspaceMounts
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
  const trans = useTrans();
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
  const mountables = useMountables(props.namespace);

  const kind = props.kinds.find(candidate => candidate.name === form.kind);
  const localErrors = validateWorkspaceForm(form, trans);
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

  /** A field's value, its message, and its change (`{...bound('name')}`). */
  const bound = <K extends keyof IWorkspaceForm>(key: K) => ({
    value: form[key],
    error: shown(key),
    onChange: (value: IWorkspaceForm[K]) =>
      change({ [key]: value } as Partial<IWorkspaceForm>, [key])
  });

  return (
    <FormFrame
      label={trans.__('Create a workspace in %1', props.namespace)}
      title={trans.__('New workspace in %1', props.namespace)}
      errorId="jp-kfws-create-form-error"
      error={serverErrors.form}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {offeredKinds.length === 0 ? (
        <div className="jp-KubeflowWorkspaces-notice" role="alert">
          {trans.__(
            'No workspace kinds are available on this cluster: ask an administrator to install one.'
          )}
        </div>
      ) : null}

      <NameField
        label={trans.__('Name')}
        help={trans.__("Lowercase letters, digits and '-'.")}
        {...bound('name')}
      />

      <TextInputField
        label={trans.__('Display name')}
        placeholder={trans.__('Optional')}
        {...bound('displayName')}
      />

      <SelectField
        label={trans.__('Kind')}
        error={shown('kind')}
        help={
          kind?.deprecated ? (
            <span className="jp-KubeflowWorkspaces-deprecated">
              {kind.deprecationMessage
                ? trans.__('Deprecated: %1', kind.deprecationMessage)
                : trans.__('Deprecated')}
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
            {candidate.deprecated
              ? trans.__(
                  '%1 (deprecated)',
                  candidate.displayName || candidate.name
                )
              : candidate.displayName || candidate.name}
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

      <FieldError id="jp-kfws-lookup-error" message={mountables.lookupError} />
      <SelectField
        label={trans.__('Home volume')}
        help={trans.__('A PVC of this namespace mounted as the home folder.')}
        {...bound('homeVolume')}
      >
        <option value="">{trans.__('None')}</option>
        {mountables.pvcs.map(pvc => (
          <MountOption key={pvc.name} thing={pvc} what="PVC">
            {pvcLabel(pvc, trans)}
          </MountOption>
        ))}
      </SelectField>

      <WorkspaceMounts
        namespace={props.namespace}
        mountables={mountables}
        rows={form}
        errors={allShown}
        onChange={patch => change(patch, Object.keys(patch))}
      />

      <PodMetadataRows
        rows={form}
        errors={allShown}
        onChange={(field, rows) => change({ [field]: rows }, [field])}
      />

      <FormActions
        onCancel={props.onCancel}
        accept={busy ? trans.__('Creating…') : trans.__('Create')}
        disabled={busy || offeredKinds.length === 0}
      />
    </FormFrame>
  );
}
