/**
 * The register dialog's form: model name (existing names suggested), version (next free
 * "vN"), format, description, storage, author, properties and labels, checked as you type.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import {
  getConnections,
  getModel,
  listFormats,
  listModels,
  startRegister
} from './client';
import { LabelRows, PropertyRows } from './PropertiesEditor';
import {
  FormErrors,
  getsLocalUri,
  guessFormat,
  IRegisterForm,
  IRegisterTarget,
  LOCAL_URI_WARNING,
  toRegisterRequest,
  validateRegisterForm
} from './registerForm';
import {
  IModelFormat,
  IRegisteredModel,
  IRegisterJob,
  IRegistryStatus,
  StorageKind
} from './types';
import { errorMessage } from './useLoader';
import { suggestVersionName } from './versionName';

const SUGGEST_DELAY_MS = 250;
const STORAGE_LABELS: Record<string, string> = {
  local: 'Local folder (embedded registry)',
  s3: 'S3 object storage',
  oci: 'OCI image (modelcar)'
};
const EXTERNAL_LOCAL_LABEL = 'Local folder on this Jupyter server (file://)';

/** What the form shares with its dialog (the Lumino widget around it). */
export interface IRegisterFormHost {
  form: IRegisterForm;
  /** the job once `POST register` accepted the form */
  job: IRegisterJob | null;
  /** set by the form: send it; true when the server accepted it */
  submit: () => Promise<boolean>;
}

export function RegisterFormView(props: {
  body: IRegisterFormHost;
}): JSX.Element {
  const { body } = props;
  const [form, setForm] = React.useState<IRegisterForm>(body.form);
  const [models, setModels] = React.useState<IRegisteredModel[]>([]);
  const [existingVersions, setExistingVersions] = React.useState<string[]>([]);
  const [versionEdited, setVersionEdited] = React.useState(false);
  const [formats, setFormats] = React.useState<IModelFormat[]>([]);
  const [storages, setStorages] = React.useState<StorageKind[]>([]);
  const [registry, setRegistry] = React.useState<IRegistryStatus | null>(null);
  const [serverErrors, setServerErrors] = React.useState<FormErrors>({});
  const [touched, setTouched] = React.useState(false);
  const [sending, setSending] = React.useState(false);

  const update = (change: Partial<IRegisterForm>): void => {
    setForm(previous => ({ ...previous, ...change }));
    setServerErrors({});
  };

  React.useEffect(() => {
    getConnections().then(
      ({ registry }) => {
        setStorages(registry?.storage ?? []);
        setRegistry(registry ?? null);
      },
      () => setStorages([]) // the server picks its default storage
    );
  }, []);

  React.useEffect(() => {
    listFormats().then(
      ({ formats }) => {
        setFormats(formats);
        const guess = guessFormat(body.form.uri || body.form.path);
        if (guess && formats.some(format => format.name === guess)) {
          setForm(previous => ({
            ...previous,
            modelFormatName: previous.modelFormatName || guess
          }));
        }
      },
      () => setFormats([]) // the picker still takes a typed format
    );
  }, []);

  // existing model names like the one typed, and that model's versions when it exists
  React.useEffect(() => {
    let current = true;
    const timer = setTimeout(async () => {
      try {
        const list = await listModels({
          q: form.modelName,
          state: 'ALL',
          pageSize: 20
        });
        if (!current) {
          return;
        }
        setModels(list.items);
        const existing = list.items.find(
          model => model.name === form.modelName
        );
        const versions = existing
          ? (await getModel(existing.id)).versions.map(v => v.name)
          : [];
        if (current) {
          setExistingVersions(versions);
          if (!versionEdited) {
            setForm(previous => ({
              ...previous,
              versionName: suggestVersionName(versions)
            }));
          }
        }
      } catch {
        // suggestions are a help only; the server still checks on Register
      }
    }, SUGGEST_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [form.modelName]);

  const external = registry?.mode === 'external';
  const target: IRegisterTarget = {
    external,
    storage: form.storage || registry?.defaultStorage || storages[0] || 'local'
  };
  // An external registry cannot read this server's files: said before registering.
  const localUri = external && getsLocalUri(form, target.storage);
  const errors: FormErrors = {
    ...validateRegisterForm(form, existingVersions, target),
    ...serverErrors
  };
  const shown = (field: string): string =>
    touched || field in serverErrors ? (errors[field] ?? '') : '';
  const isNewModel = !models.some(model => model.name === form.modelName);

  body.form = form;
  body.submit = async () => {
    setTouched(true);
    if (
      Object.keys(validateRegisterForm(form, existingVersions, target)).length >
      0
    ) {
      return false;
    }
    setSending(true);
    try {
      body.job = await startRegister(toRegisterRequest(form, isNewModel));
      return true;
    } catch (reason) {
      const field =
        reason instanceof KubeflowAPIError &&
        reason.field &&
        reason.field in form
          ? reason.field
          : 'form';
      setServerErrors({ [field]: errorMessage(reason) });
      return false;
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      className="jp-kf-registry-form"
      aria-label="Register as model"
      onSubmit={event => event.preventDefault()}
      onChange={() => setTouched(true)}
    >
      <p className="jp-kf-registry-muted">
        {form.uri ? (
          <>
            Registers <code>{form.uri}</code>, already in storage: no upload.
          </>
        ) : (
          <>
            Registers <code>{form.path}</code>: uploads it to the
            registry&apos;s storage and creates the model version.
          </>
        )}
      </p>
      <Field
        label="Model name"
        error={shown('modelName')}
        hint={
          isNewModel ? 'A new model' : 'Adds a version to this existing model'
        }
      >
        <input
          className="jp-mod-styled"
          name="modelName"
          list="jp-kf-registry-model-names"
          value={form.modelName}
          onChange={event => update({ modelName: event.target.value })}
        />
        <datalist id="jp-kf-registry-model-names">
          {models.map(model => (
            <option key={model.id} value={model.name} />
          ))}
        </datalist>
      </Field>
      <Field
        label="Version name"
        error={shown('versionName')}
        hint={
          existingVersions.length ? `Taken: ${existingVersions.join(', ')}` : ''
        }
      >
        <input
          className="jp-mod-styled"
          name="versionName"
          value={form.versionName}
          onChange={event => {
            setVersionEdited(true);
            update({ versionName: event.target.value });
          }}
        />
      </Field>
      <div className="jp-kf-registry-formRow">
        <Field label="Format" error={shown('modelFormatName')}>
          <input
            className="jp-mod-styled"
            name="modelFormatName"
            list="jp-kf-registry-formats"
            placeholder="e.g. onnx"
            value={form.modelFormatName}
            onChange={event => update({ modelFormatName: event.target.value })}
          />
          <datalist id="jp-kf-registry-formats">
            {formats.map(format => (
              <option
                key={format.name}
                value={format.name}
                label={
                  typeof format.description === 'string'
                    ? format.description
                    : undefined
                }
              />
            ))}
          </datalist>
        </Field>
        <Field label="Format version" error={shown('modelFormatVersion')}>
          <input
            className="jp-mod-styled"
            name="modelFormatVersion"
            placeholder="e.g. 1"
            value={form.modelFormatVersion}
            onChange={event =>
              update({ modelFormatVersion: event.target.value })
            }
          />
        </Field>
      </div>
      <Field
        label="Description"
        error={shown('description') || shown('versionDescription')}
      >
        <textarea
          className="jp-mod-styled"
          name="description"
          rows={2}
          value={form.description}
          onChange={event => update({ description: event.target.value })}
        />
      </Field>
      {(storages.length > 1 || external) && !form.uri ? (
        <Field label="Storage" error={shown('storage')}>
          <select
            className="jp-mod-styled"
            name="storage"
            value={target.storage}
            onChange={event =>
              update({ storage: event.target.value as StorageKind })
            }
          >
            {storages.map(kind => (
              <option key={kind} value={kind}>
                {kind === 'local' && external
                  ? EXTERNAL_LOCAL_LABEL
                  : (STORAGE_LABELS[kind] ?? kind)}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
      {localUri ? (
        <div className="jp-kf-registry-warning" aria-label="Local file URI">
          <p>
            {LOCAL_URI_WARNING}{' '}
            {storages.some(kind => kind !== 'local')
              ? 'Choose S3 or OCI storage to deploy it.'
              : 'No S3 or OCI storage is configured on this server ' +
                '(registry_s3_bucket, registry_oci_repository).'}
          </p>
          <label>
            <input
              type="checkbox"
              name="allowLocalUri"
              checked={Boolean(form.allowLocalUri)}
              onChange={event =>
                update({ allowLocalUri: event.target.checked })
              }
            />{' '}
            Register it with a file:// URI all the same
          </label>
        </div>
      ) : null}
      <Field label="Author" error={shown('author')}>
        <input
          className="jp-mod-styled"
          name="author"
          value={form.author}
          onChange={event => update({ author: event.target.value })}
        />
      </Field>
      {form.modelSource?.kind === 'kfp' ? (
        <p className="jp-kf-registry-muted" aria-label="Source">
          Source: Kubeflow run {form.modelSource.name || form.modelSource.id}
          {form.modelSource.group
            ? ` in namespace ${form.modelSource.group}`
            : ''}
        </p>
      ) : null}
      {form.lineage && Object.values(form.lineage).some(Boolean) ? (
        <p className="jp-kf-registry-muted" aria-label="Lineage">
          Lineage:{' '}
          {[
            form.lineage.notebook ? `notebook ${form.lineage.notebook}` : '',
            form.lineage.pipeline ? `pipeline ${form.lineage.pipeline}` : '',
            form.lineage.runId ? `run ${form.lineage.runId}` : ''
          ]
            .filter(Boolean)
            .join(', ')}
        </p>
      ) : null}
      <fieldset className="jp-kf-registry-fieldset">
        <legend>Properties</legend>
        <PropertyRows
          owner="the new version"
          rows={form.properties}
          errors={propertyErrors(errors, 'properties')}
          onChange={properties => update({ properties })}
        />
      </fieldset>
      <fieldset className="jp-kf-registry-fieldset">
        <legend>Labels</legend>
        <LabelRows
          owner="the new version"
          labels={form.labels}
          errors={propertyErrors(errors, 'labels')}
          onChange={labels => update({ labels })}
        />
      </fieldset>
      {shown('form') || shown('path') || shown('uri') ? (
        <p className="jp-kf-registry-error" role="alert">
          {shown('form') || shown('path') || shown('uri')}
        </p>
      ) : null}
      {sending ? (
        <p className="jp-kf-registry-muted" role="status">
          Sending…
        </p>
      ) : null}
    </form>
  );
}

function propertyErrors(
  errors: FormErrors,
  prefix: string
): Record<number, string> {
  const result: Record<number, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(`${prefix}.`)) {
      result[Number(key.slice(prefix.length + 1))] = message;
    }
  }
  return result;
}

export function Field(props: {
  label: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <label
      className={`jp-kf-registry-field${props.error ? ' jp-mod-invalid' : ''}`}
    >
      <span className="jp-kf-registry-fieldLabel">{props.label}</span>
      {props.children}
      {props.error ? (
        <span className="jp-kf-registry-fieldError" role="alert">
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="jp-kf-registry-muted">{props.hint}</span>
      ) : null}
    </label>
  );
}
