/**
 * "Register as Model…": the dialog (validated as you type; `POST register` happens while
 * it is open, so a server error such as a taken version name shows at its field).
 */
import { Dialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { ITrans } from '../trans';
import { IRegisterForm } from './registerForm';
import { FormBody, showFormDialog } from '../components/SubmittingDialog';
import { RegisterBody, RegisterFormView } from './RegisterFormView';
import { IRegisterJob } from './types';

/** What the register command knows before the dialog opens. */
export interface IRegisterOptions {
  /** file or folder, relative to the Jupyter root (or a run's output) */
  path?: string;
  /** or: a model already in storage (s3://, oci://), registered without an upload */
  uri?: string;
  modelName?: string;
  /** the signed-in user, as the version's author */
  author?: string;
  lineage?: IRegisterForm['lineage'];
  /** where the model came from (a Kubeflow run, a catalog model) */
  modelSource?: IRegisterForm['modelSource'];
}
/** The form as the dialog opens, from what the command knows. */
function initialForm(options: IRegisterOptions): IRegisterForm {
  const path = options.uri ? '' : (options.path ?? '');
  const source = options.uri || path;
  const base = source.replace(/\/+$/, '').split('/').pop() ?? source;
  return {
    path,
    uri: options.uri,
    author: options.author ?? '',
    storage: '',
    lineage: options.lineage,
    modelSource: options.modelSource,
    modelName: options.modelName || base.replace(/\.[^.]+$/, '') || base,
    versionName: 'v1',
    modelFormatName: '',
    modelFormatVersion: '',
    description: '',
    properties: [],
    labels: []
  };
}

/**
 * Show the dialog for a file or folder: its Register button sends the form and closes only
 * when the server accepts. The accepted job, or null when cancelled.
 */
export function showRegisterDialog(
  options: IRegisterOptions,
  trans: ITrans
): Promise<IRegisterJob | null> {
  const body: RegisterBody = new FormBody(
    initialForm(options),
    body => <RegisterFormView body={body} />,
    trans
  );
  return showFormDialog(body, {
    title: trans.__('Register as Model'),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Cancel') }),
      Dialog.okButton({ label: trans.__('Register') })
    ],
    focusNodeSelector: 'input[name="modelName"]'
  });
}
