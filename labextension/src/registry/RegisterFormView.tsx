/**
 * The register dialog's form: model name (existing names suggested), version (next free
 * "vN"), format, description, storage, author, properties and labels, checked as you type.
 */
import * as React from 'react';

import { Field } from '../components/Field';
import { DialogForm } from '../components/DialogForm';
import { ErrorLine, StatusLine } from '../components/FormMessages';
import { FormBody } from '../components/SubmittingDialog';
import { TextField } from '../components/TextField';
import { rowErrors, useServerForm } from '../components/useServerForm';
import {
  getConnections,
  getModel,
  listFormats,
  listModels,
  startRegister
} from './client';
import { LabelsAndProperties } from './PropertiesEditor';
import { FormatFields } from './FormatFields';
import {
  getsLocalUri,
  guessFormat,
  IRegisterForm,
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
import { suggestVersionName } from './versionName';

const SUGGEST_DELAY_MS = 250;
const STORAGE_LABELS: Record<string, string> = {
  local: 'Local folder (embedded registry)',
  s3: 'S3 object storage',
  oci: 'OCI image (modelcar)'
};
const EXTERNAL_LOCAL_LABEL = 'Local folder on this Jupyter server (file://)';

/** The dialog's body (the Lumino widget around the form): the job once accepted. */
export type RegisterBody = FormBody<IRegisterForm, IRegisterJob>;

export function RegisterFormView(props: { body: RegisterBody }): JSX.Element {
  const { body } = props;
  const [models, setModels] = React.useState<IRegisteredModel[]>([]);
  const [existingVersions, setExistingVersions] = React.useState<string[]>([]);
  const [versionEdited, setVersionEdited] = React.useState(false);
  const [formats, setFormats] = React.useState<IModelFormat[]>([]);
  const [storages, setStorages] = React.useState<StorageKind[]>([]);
  const [registry, setRegistry] = React.useState<IRegistryStatus | null>(null);
  const external = registry?.mode === 'external';
  const storageOf = (form: IRegisterForm): StorageKind =>
    form.storage || registry?.defaultStorage || storages[0] || 'local';
  const {
    form,
    setForm,
    update,
    errors,
    shown,
    field,
    setTouched,
    sending,
    submit
  } = useServerForm(body.form, form =>
    validateRegisterForm(form, existingVersions, {
      external,
      storage: storageOf(form)
    })
  );

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

  const storage = storageOf(form);
  // An external registry cannot read this server's files: said before registering.
  const localUri = external && getsLocalUri(form, storage);
  const isNewModel = !models.some(model => model.name === form.modelName);

  body.form = form;
  body.submit = () =>
    submit(async form => {
      body.result = await startRegister(toRegisterRequest(form, isNewModel));
    });

  return (
    <DialogForm label="Register as model" onEdit={() => setTouched(true)}>
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
      <TextField
        label="Model name"
        {...field('modelName')}
        hint={
          isNewModel ? 'A new model' : 'Adds a version to this existing model'
        }
        suggestions={{
          id: 'jp-kf-registry-model-names',
          options: models.map(model => ({ value: model.name }))
        }}
      />
      <TextField
        label="Version name"
        {...field('versionName')}
        hint={
          existingVersions.length ? `Taken: ${existingVersions.join(', ')}` : ''
        }
        onChange={versionName => {
          setVersionEdited(true);
          update({ versionName });
        }}
      />
      <FormatFields
        values={form}
        formats={formats}
        listId="jp-kf-registry-formats"
        shown={shown}
        update={update}
        placeholders={{
          modelFormatName: 'e.g. onnx',
          modelFormatVersion: 'e.g. 1'
        }}
      />
      <TextField
        label="Description"
        rows={2}
        {...field('description')}
        error={shown('description') || shown('versionDescription')}
      />
      {(storages.length > 1 || external) && !form.uri ? (
        <Field label="Storage" error={shown('storage')}>
          <select
            className="jp-mod-styled"
            name="storage"
            value={storage}
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
      <TextField label="Author" {...field('author')} />
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
      <LabelsAndProperties
        owner="the new version"
        values={form}
        labelErrors={rowErrors(errors, 'labels')}
        propertyErrors={rowErrors(errors, 'properties')}
        onChange={update}
      />
      <ErrorLine>{shown('form') || shown('path') || shown('uri')}</ErrorLine>
      <StatusLine>{sending ? 'Sending…' : ''}</StatusLine>
    </DialogForm>
  );
}
