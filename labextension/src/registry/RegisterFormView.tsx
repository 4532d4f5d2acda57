/**
 * The register dialog's form: model name (existing names suggested), version (next free
 * "vN"), format, description, storage, author, properties and labels, checked as you type.
 */
import * as React from 'react';

import { FormFrame } from '../components/FormFrame';
import { SendStatus } from '../components/FormMessages';
import { SelectField } from '../components/SelectField';
import { FormBody } from '../components/SubmittingDialog';
import { TextInputField } from '../components/TextInputField';
import { rowErrors, useForm } from '../components/useForm';
import { ITrans, useTrans } from '../trans';
import { getConnections, getModel, listModels, startRegister } from './client';
import { LabelsAndProperties } from './PropertiesEditor';
import { FormatFields } from './FormatFields';
import {
  getsLocalUri,
  guessFormat as formatOfPath,
  IRegisterForm,
  localUriWarning,
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

/** What the storage picker says of a kind of storage. */
function storageLabel(
  kind: StorageKind,
  external: boolean,
  trans: ITrans
): string {
  const labels: Record<string, string> = {
    local: external
      ? trans.__('Local folder on this Jupyter server (file://)')
      : trans.__('Local folder (embedded registry)'),
    s3: trans.__('S3 object storage'),
    oci: trans.__('OCI image (modelcar)')
  };
  return labels[kind] ?? kind;
}

/** The run and notebook a version comes from, as one line ("notebook a.ipynb, run 7"). */
function lineageText(
  lineage: NonNullable<IRegisterForm['lineage']>,
  trans: ITrans
): string {
  return [
    lineage.notebook ? trans.__('notebook %1', lineage.notebook) : '',
    lineage.pipeline ? trans.__('pipeline %1', lineage.pipeline) : '',
    lineage.runId ? trans.__('run %1', lineage.runId) : ''
  ]
    .filter(Boolean)
    .join(', ');
}

/** The dialog's body (the Lumino widget around the form): the job once accepted. */
export type RegisterBody = FormBody<IRegisterForm, IRegisterJob>;

export function RegisterFormView(props: { body: RegisterBody }): JSX.Element {
  const { body } = props;
  const trans = useTrans();
  const [models, setModels] = React.useState<IRegisteredModel[]>([]);
  const [existingVersions, setExistingVersions] = React.useState<string[]>([]);
  const [versionEdited, setVersionEdited] = React.useState(false);
  const [storages, setStorages] = React.useState<StorageKind[]>([]);
  const [registry, setRegistry] = React.useState<IRegistryStatus | null>(null);
  const external = registry?.mode === 'external';
  const storageOf = (form: IRegisterForm): StorageKind =>
    form.storage || registry?.defaultStorage || storages[0] || 'local';
  const registerForm = useForm(body.form, form =>
    validateRegisterForm(
      form,
      existingVersions,
      { external, storage: storageOf(form) },
      trans
    )
  );
  const {
    form,
    setForm,
    update,
    errors,
    shown,
    field,
    touchAll,
    busy,
    submit
  } = registerForm;
  /** the format the file's name suggests, when the registry knows it */
  const guessFormat = (formats: IModelFormat[]): void => {
    const guess = formatOfPath(body.form.uri || body.form.path);
    if (guess && formats.some(format => format.name === guess)) {
      setForm(previous => ({
        ...previous,
        modelFormatName: previous.modelFormatName || guess
      }));
    }
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
    <FormFrame label={trans.__('Register as model')} onEdit={touchAll}>
      <p className="jp-kf-registry-muted">
        {form.uri
          ? trans.__('Registers %1, already in storage: no upload.', form.uri)
          : trans.__(
              "Registers %1: uploads it to the registry's storage and creates the model version.",
              form.path
            )}
      </p>
      <TextInputField
        label={trans.__('Model name')}
        required
        {...field('modelName')}
        help={
          isNewModel
            ? trans.__('A new model')
            : trans.__('Adds a version to this existing model')
        }
        suggestions={{
          id: 'jp-kf-registry-model-names',
          options: models.map(model => ({ value: model.name }))
        }}
      />
      <TextInputField
        label={trans.__('Version name')}
        required
        {...field('versionName')}
        help={
          existingVersions.length
            ? trans.__('Taken: %1', existingVersions.join(', '))
            : ''
        }
        onChange={versionName => {
          setVersionEdited(true);
          update({ versionName });
        }}
      />
      <FormatFields
        of={registerForm}
        listId="jp-kf-registry-formats"
        onFormats={guessFormat}
        placeholders={{
          modelFormatName: trans.__('e.g. onnx'),
          modelFormatVersion: trans.__('e.g. 1')
        }}
      />
      <TextInputField
        label={trans.__('Description')}
        rows={2}
        {...field('description')}
        error={shown('description') || shown('versionDescription')}
      />
      {(storages.length > 1 || external) && !form.uri ? (
        <SelectField
          label={trans.__('Storage')}
          name="storage"
          error={shown('storage')}
          value={storage}
          onChange={value => update({ storage: value as StorageKind })}
        >
          {storages.map(kind => (
            <option key={kind} value={kind}>
              {storageLabel(kind, external, trans)}
            </option>
          ))}
        </SelectField>
      ) : null}
      {localUri ? (
        <div
          className="jp-kf-registry-warning"
          aria-label={trans.__('Local file URI')}
        >
          <p>
            {localUriWarning(trans)}{' '}
            {storages.some(kind => kind !== 'local')
              ? trans.__('Choose S3 or OCI storage to deploy it.')
              : trans.__(
                  'No S3 or OCI storage is configured on this server (registry_s3_bucket, registry_oci_repository).'
                )}
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
            {trans.__('Register it with a file:// URI all the same')}
          </label>
        </div>
      ) : null}
      <TextInputField label={trans.__('Author')} {...field('author')} />
      {form.modelSource?.kind === 'kfp' ? (
        <p className="jp-kf-registry-muted" aria-label={trans.__('Source')}>
          {form.modelSource.group
            ? trans.__(
                'Source: Kubeflow run %1 in namespace %2',
                form.modelSource.name || form.modelSource.id,
                form.modelSource.group
              )
            : trans.__(
                'Source: Kubeflow run %1',
                form.modelSource.name || form.modelSource.id
              )}
        </p>
      ) : null}
      {form.lineage && Object.values(form.lineage).some(Boolean) ? (
        <p className="jp-kf-registry-muted" aria-label={trans.__('Lineage')}>
          {trans.__('Lineage: %1', lineageText(form.lineage, trans))}
        </p>
      ) : null}
      <LabelsAndProperties
        owner={trans.__('the new version')}
        values={form}
        labelErrors={rowErrors(errors, 'labels')}
        propertyErrors={rowErrors(errors, 'properties')}
        onChange={update}
      />
      <SendStatus
        error={shown('form') || shown('path') || shown('uri')}
        busy={busy}
      />
    </FormFrame>
  );
}
