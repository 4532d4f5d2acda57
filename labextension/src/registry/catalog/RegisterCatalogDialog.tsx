/**
 * "Register…" on a catalog model: the registry's register dialog, prefilled as Kubeflow
 * Hub's UI prefills it (name, description, the artifact's URI, the tasks as labels, a
 * version name not yet used). The server records the catalog entry on the artifact.
 */
import { Dialog, ReactWidget } from '@jupyterlab/apputils';
import * as React from 'react';

import { KubeflowAPIError } from '../../api';
import { listFormats } from '../client';
import { LabelRows } from '../PropertiesEditor';
import { Field } from '../RegisterFormView';
import { SubmittingDialog } from '../SubmittingDialog';
import { IModelFormat, IRegisterJob } from '../types';
import { errorMessage } from '../useLoader';
import { registerCatalogModel } from './client';
import { ICatalogRegisterForm } from './types';

type Errors = Record<string, string>;

function validate(form: ICatalogRegisterForm): Errors {
  const errors: Errors = {};
  if (!form.modelName.trim()) {
    errors.modelName = 'A model name is required';
  }
  if (!form.versionName.trim()) {
    errors.versionName = 'A version name is required';
  }
  if (!form.uri.trim()) {
    errors.uri = 'The URI of the model to register is required';
  }
  form.labels.forEach((label, index) => {
    if (!label.trim()) {
      errors[`labels.${index}`] = 'A label must not be empty';
    }
  });
  return errors;
}

class RegisterCatalogBody extends ReactWidget {
  job: IRegisterJob | null = null;
  submit: () => Promise<boolean> = async () => false;

  constructor(readonly form: ICatalogRegisterForm) {
    super();
    this.addClass('jp-kf-registry-dialog');
  }

  getValue(): IRegisterJob | null {
    return this.job;
  }

  protected render(): JSX.Element {
    return <RegisterCatalogForm body={this} />;
  }
}

function RegisterCatalogForm(props: {
  body: RegisterCatalogBody;
}): JSX.Element {
  const { body } = props;
  const [form, setForm] = React.useState(body.form);
  const [formats, setFormats] = React.useState<IModelFormat[]>([]);
  const [serverErrors, setServerErrors] = React.useState<Errors>({});
  const [touched, setTouched] = React.useState(false);
  const [sending, setSending] = React.useState(false);
  React.useEffect(() => {
    listFormats().then(
      ({ formats }) => setFormats(formats),
      () => setFormats([])
    );
  }, []);
  const update = (change: Partial<ICatalogRegisterForm>): void => {
    setForm(previous => ({ ...previous, ...change }));
    setServerErrors({});
  };
  const errors = { ...validate(form), ...serverErrors };
  const shown = (field: string): string =>
    touched || field in serverErrors ? (errors[field] ?? '') : '';

  body.submit = async () => {
    setTouched(true);
    if (Object.keys(validate(form)).length > 0) {
      return false;
    }
    setSending(true);
    try {
      body.job = await registerCatalogModel({
        sourceId: form.sourceId,
        catalogModelName: form.catalogModelName,
        modelName: form.modelName,
        versionName: form.versionName,
        uri: form.uri,
        description: form.description,
        modelFormatName: form.modelFormatName,
        modelFormatVersion: form.modelFormatVersion,
        labels: form.labels,
        author: form.author
      });
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

  const labelErrors: Record<number, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith('labels.') && touched) {
      labelErrors[Number(key.slice('labels.'.length))] = message;
    }
  }
  return (
    <form
      className="jp-kf-registry-form"
      aria-label="Register from the catalog"
      onSubmit={event => event.preventDefault()}
      onChange={() => setTouched(true)}
    >
      <p className="jp-kf-registry-muted">
        Registers <code>{form.catalogModelName}</code> of the catalog by its URI
        (nothing is copied), and records the catalog entry it came from.
      </p>
      <Field label="Model name" error={shown('modelName')}>
        <input
          className="jp-mod-styled"
          name="modelName"
          value={form.modelName}
          onChange={event => update({ modelName: event.target.value })}
        />
      </Field>
      <Field
        label="Version name"
        error={shown('versionName')}
        hint="Registering again adds the next version of the model"
      >
        <input
          className="jp-mod-styled"
          name="versionName"
          value={form.versionName}
          onChange={event => update({ versionName: event.target.value })}
        />
      </Field>
      <Field label="Model URI" error={shown('uri')}>
        <input
          className="jp-mod-styled"
          name="uri"
          list="jp-kf-catalog-uris"
          value={form.uri}
          onChange={event => update({ uri: event.target.value })}
        />
        <datalist id="jp-kf-catalog-uris">
          {form.uris.map(uri => (
            <option key={uri} value={uri} />
          ))}
        </datalist>
      </Field>
      <div className="jp-kf-registry-formRow">
        <Field label="Format" error={shown('modelFormatName')}>
          <input
            className="jp-mod-styled"
            name="modelFormatName"
            list="jp-kf-catalog-formats"
            placeholder="e.g. huggingface"
            value={form.modelFormatName}
            onChange={event => update({ modelFormatName: event.target.value })}
          />
          <datalist id="jp-kf-catalog-formats">
            {formats.map(format => (
              <option key={format.name} value={format.name} />
            ))}
          </datalist>
        </Field>
        <Field label="Format version" error={shown('modelFormatVersion')}>
          <input
            className="jp-mod-styled"
            name="modelFormatVersion"
            value={form.modelFormatVersion}
            onChange={event =>
              update({ modelFormatVersion: event.target.value })
            }
          />
        </Field>
      </div>
      <Field label="Description" error={shown('description')}>
        <textarea
          className="jp-mod-styled"
          name="description"
          rows={3}
          value={form.description}
          onChange={event => update({ description: event.target.value })}
        />
      </Field>
      <Field label="Author" error={shown('author')}>
        <input
          className="jp-mod-styled"
          name="author"
          value={form.author ?? ''}
          onChange={event => update({ author: event.target.value })}
        />
      </Field>
      <fieldset className="jp-kf-registry-fieldset">
        <legend>Labels (the model&apos;s tasks)</legend>
        <LabelRows
          owner="the new version"
          labels={form.labels}
          errors={labelErrors}
          onChange={labels => update({ labels })}
        />
      </fieldset>
      {shown('form') ? (
        <p className="jp-kf-registry-error" role="alert">
          {shown('form')}
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

/** Show the prefilled dialog; the accepted job, or null when cancelled. */
export async function showRegisterCatalogDialog(
  form: ICatalogRegisterForm
): Promise<IRegisterJob | null> {
  const body = new RegisterCatalogBody(form);
  const dialog = new SubmittingDialog<IRegisterJob | null>(
    {
      title: `Register ${form.catalogModelName}`,
      body,
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Register' })],
      focusNodeSelector: 'input[name="modelName"]'
    },
    () => body.submit()
  );
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
