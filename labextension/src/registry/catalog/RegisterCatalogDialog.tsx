/**
 * "Register…" on a catalog model: the registry's register dialog, prefilled as Kubeflow
 * Hub's UI prefills it (name, description, the artifact's URI, the tasks as labels, a
 * version name not yet used). The server records the catalog entry on the artifact.
 */
import { Dialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { DialogForm } from '../../components/DialogForm';
import { ErrorLine, StatusLine } from '../../components/FormMessages';
import { FormBody, showFormDialog } from '../../components/SubmittingDialog';
import { TextField } from '../../components/TextField';
import {
  FormErrors,
  rowErrors,
  useServerForm
} from '../../components/useServerForm';
import { listFormats } from '../client';
import { FormatFields } from '../FormatFields';
import { LabelRows } from '../PropertiesEditor';
import { IModelFormat, IRegisterJob } from '../types';
import { registerCatalogModel } from './client';
import { ICatalogRegisterForm } from './types';

function validate(form: ICatalogRegisterForm): FormErrors {
  const errors: FormErrors = {};
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

function RegisterCatalogForm(props: {
  body: FormBody<ICatalogRegisterForm, IRegisterJob>;
}): JSX.Element {
  const { body } = props;
  const [formats, setFormats] = React.useState<IModelFormat[]>([]);
  const {
    form,
    update,
    errors,
    touched,
    shown,
    field,
    setTouched,
    sending,
    submit
  } = useServerForm(body.form, validate);
  React.useEffect(() => {
    listFormats().then(
      ({ formats }) => setFormats(formats),
      () => setFormats([])
    );
  }, []);

  body.form = form;
  body.submit = () =>
    submit(async form => {
      body.result = await registerCatalogModel({
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
    });

  return (
    <DialogForm
      label="Register from the catalog"
      onEdit={() => setTouched(true)}
    >
      <p className="jp-kf-registry-muted">
        Registers <code>{form.catalogModelName}</code> of the catalog by its URI
        (nothing is copied), and records the catalog entry it came from.
      </p>
      <TextField label="Model name" {...field('modelName')} />
      <TextField
        label="Version name"
        {...field('versionName')}
        hint="Registering again adds the next version of the model"
      />
      <TextField
        label="Model URI"
        {...field('uri')}
        suggestions={{
          id: 'jp-kf-catalog-uris',
          options: form.uris.map(uri => ({ value: uri }))
        }}
      />
      <FormatFields
        values={form}
        formats={formats}
        listId="jp-kf-catalog-formats"
        shown={shown}
        update={update}
        placeholders={{ modelFormatName: 'e.g. huggingface' }}
      />
      <TextField label="Description" rows={3} {...field('description')} />
      <TextField label="Author" {...field('author')} />
      <fieldset className="jp-kf-registry-fieldset">
        <legend>Labels (the model&apos;s tasks)</legend>
        <LabelRows
          owner="the new version"
          labels={form.labels}
          errors={touched ? rowErrors(errors, 'labels') : {}}
          onChange={labels => update({ labels })}
        />
      </fieldset>
      <ErrorLine>{shown('form')}</ErrorLine>
      <StatusLine>{sending ? 'Sending…' : ''}</StatusLine>
    </DialogForm>
  );
}

/** Show the prefilled dialog; the accepted job, or null when cancelled. */
export function showRegisterCatalogDialog(
  form: ICatalogRegisterForm
): Promise<IRegisterJob | null> {
  const body = new FormBody<ICatalogRegisterForm, IRegisterJob>(form, body => (
    <RegisterCatalogForm body={body} />
  ));
  return showFormDialog(body, {
    title: `Register ${form.catalogModelName}`,
    buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Register' })],
    focusNodeSelector: 'input[name="modelName"]'
  });
}
