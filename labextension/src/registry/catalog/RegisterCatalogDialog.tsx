/**
 * "Register…" on a catalog model: the registry's register dialog, prefilled as Kubeflow
 * Hub's UI prefills it (name, description, the artifact's URI, the tasks as labels, a
 * version name not yet used). The server records the catalog entry on the artifact.
 */
import { Dialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { FormFrame } from '../../components/FormFrame';
import { SendStatus } from '../../components/FormMessages';
import { FormBody, showFormDialog } from '../../components/SubmittingDialog';
import { TextInputField } from '../../components/TextInputField';
import { FormErrors, rowErrors, useForm } from '../../components/useForm';
import { ITrans, useTrans } from '../../trans';
import { FormatFields } from '../FormatFields';
import { LabelRows } from '../PropertiesEditor';
import { IRegisterJob } from '../types';
import { registerCatalogModel } from './client';
import { ICatalogRegisterForm } from './types';

function validate(form: ICatalogRegisterForm, trans: ITrans): FormErrors {
  const errors: FormErrors = {};
  if (!form.modelName.trim()) {
    errors.modelName = trans.__('A model name is required');
  }
  if (!form.versionName.trim()) {
    errors.versionName = trans.__('A version name is required');
  }
  if (!form.uri.trim()) {
    errors.uri = trans.__('The URI of the model to register is required');
  }
  form.labels.forEach((label, index) => {
    if (!label.trim()) {
      errors[`labels.${index}`] = trans.__('A label must not be empty');
    }
  });
  return errors;
}

export function RegisterCatalogForm(props: {
  body: FormBody<ICatalogRegisterForm, IRegisterJob>;
}): JSX.Element {
  const { body } = props;
  const trans = useTrans();
  const catalogForm = useForm(body.form, form => validate(form, trans));
  const {
    form,
    update,
    errors,
    touched,
    shown,
    field,
    touchAll,
    busy,
    submit
  } = catalogForm;

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
    <FormFrame label={trans.__('Register from the catalog')} onEdit={touchAll}>
      <p className="jp-kf-registry-muted">
        {trans.__(
          'Registers %1 of the catalog by its URI (nothing is copied), and records the catalog entry it came from.',
          form.catalogModelName
        )}
      </p>
      <TextInputField
        label={trans.__('Model name')}
        required
        {...field('modelName')}
      />
      <TextInputField
        label={trans.__('Version name')}
        required
        {...field('versionName')}
        help={trans.__('Registering again adds the next version of the model')}
      />
      <TextInputField
        label={trans.__('Model URI')}
        required
        {...field('uri')}
        suggestions={{
          id: 'jp-kf-catalog-uris',
          options: form.uris.map(uri => ({ value: uri }))
        }}
      />
      <FormatFields
        of={catalogForm}
        listId="jp-kf-catalog-formats"
        placeholders={{ modelFormatName: trans.__('e.g. huggingface') }}
      />
      <TextInputField
        label={trans.__('Description')}
        rows={3}
        {...field('description')}
      />
      <TextInputField label={trans.__('Author')} {...field('author')} />
      <LabelRows
        legend={trans.__("Labels (the model's tasks)")}
        owner={trans.__('the new version')}
        labels={form.labels}
        errors={touched ? rowErrors(errors, 'labels') : {}}
        onChange={labels => update({ labels })}
      />
      <SendStatus error={shown('form')} busy={busy} />
    </FormFrame>
  );
}

/** Show the prefilled dialog; the accepted job, or null when cancelled. */
export function showRegisterCatalogDialog(
  form: ICatalogRegisterForm,
  trans: ITrans
): Promise<IRegisterJob | null> {
  const body = new FormBody<ICatalogRegisterForm, IRegisterJob>(
    form,
    body => <RegisterCatalogForm body={body} />,
    trans
  );
  return showFormDialog(body, {
    title: trans.__('Register %1', form.catalogModelName),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Register') })
    ],
    focusNodeSelector: 'input[name="modelName"]'
  });
}
