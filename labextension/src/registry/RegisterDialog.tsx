/**
 * "Register as Model…": the dialog (validated as you type; `POST register` happens while
 * it is open, so a server error such as a taken version name shows at its field).
 */
import { Dialog, ReactWidget } from '@jupyterlab/apputils';
import * as React from 'react';

import { IRegisterForm } from './registerForm';
import { IRegisterFormHost, RegisterFormView } from './RegisterFormView';
import { IRegisterJob } from './types';
import { SubmittingDialog } from './SubmittingDialog';

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
/** The dialog's body; holds the form and the job once `POST register` accepted it. */
class RegisterBody extends ReactWidget implements IRegisterFormHost {
  form: IRegisterForm;
  job: IRegisterJob | null = null;
  /** set by the React view: send the form; true when the server accepted it */
  submit: () => Promise<boolean> = async () => false;

  constructor(options: IRegisterOptions) {
    super();
    this.addClass('jp-kf-registry-dialog');
    const path = options.uri ? '' : (options.path ?? '');
    const source = options.uri || path;
    const base = source.replace(/\/+$/, '').split('/').pop() ?? source;
    this.form = {
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

  getValue(): IRegisterJob | null {
    return this.job;
  }

  protected render(): JSX.Element {
    return <RegisterFormView body={this} />;
  }
}

/** A Dialog whose Register button sends the form and closes only when the server accepts. */
class RegisterDialog extends SubmittingDialog<IRegisterJob | null> {
  constructor(form: RegisterBody) {
    super(
      {
        title: 'Register as Model',
        body: form,
        buttons: [
          Dialog.cancelButton(),
          Dialog.okButton({ label: 'Register' })
        ],
        focusNodeSelector: 'input[name="modelName"]'
      },
      () => form.submit()
    );
  }
}

/** Show the dialog for a file or folder; the accepted job, or null when cancelled. */
export async function showRegisterDialog(
  options: IRegisterOptions
): Promise<IRegisterJob | null> {
  const dialog = new RegisterDialog(new RegisterBody(options));
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
