/**
 * The "Submit to Kubeflow" dialog: the KFP host (prefilled from the server's
 * configuration), the profile namespace (multi-user Kubeflow; prefilled with the one the
 * server found), the experiment (one of the namespace's, or a new name) and whether KFP
 * may reuse cached steps; it warns when a
 * parameter value holds `[[` (KFP's server-side macros). Submit stays
 * disabled, saying why, while no host is typed; Enter submits once one is.
 */
import { Dialog, ReactWidget } from '@jupyterlab/apputils';
import React from 'react';

import { ITrans, withTrans } from '../trans';
import { CheckField, InputField } from './controls';
import { ExperimentChooser } from './experimentchooser';

export interface IKubeflowTarget {
  host: string;
  experiment: string;
  /** Profile namespace (multi-user Kubeflow); empty: the server's default. */
  namespace?: string;
  /** false: KFP runs every step again (POST runs `cache: false`). */
  cache?: boolean;
}

const noHost = (trans: ITrans) =>
  trans.__(
    'No Kubeflow Pipelines host is configured on the server: type its URL to submit.'
  );

class TargetForm
  extends ReactWidget
  implements Dialog.IBodyWidget<IKubeflowTarget>
{
  constructor(
    private _value: IKubeflowTarget,
    private readonly _configuredHost: string,
    private readonly _namespaceHint: string,
    private readonly _macroParameters: string[],
    private readonly _trans: ITrans
  ) {
    super();
    this.addClass('jp-kubeflow-submit-form');
  }

  /** Told whether the form can be submitted, each time that may change. */
  onValidity: (valid: boolean, why: string) => void = () => undefined;

  get valid(): boolean {
    return this._value.host.trim().length > 0;
  }

  getValue(): IKubeflowTarget {
    return {
      host: this._value.host.trim(),
      experiment: this._value.experiment.trim(),
      namespace: (this._value.namespace ?? '').trim(),
      cache: this._value.cache !== false
    };
  }

  private set(value: Partial<IKubeflowTarget>): void {
    this._value = { ...this._value, ...value };
    this.onValidity(this.valid, noHost(this._trans));
    this.update();
  }

  render(): JSX.Element {
    const trans = this._trans;
    return withTrans(
      trans,
      <div>
        <InputField
          label={trans.__('Kubeflow Pipelines host')}
          type="url"
          name="host"
          autoFocus
          placeholder={trans.__('https://kubeflow.example.com/pipeline')}
          value={this._value.host}
          onChange={e => this.set({ host: e.target.value })}
        />
        <p className="jp-kubeflow-hint">
          {this._configuredHost
            ? trans.__('Configured on the server: %1', this._configuredHost)
            : noHost(trans)}
        </p>
        <InputField
          label={trans.__('Namespace')}
          type="text"
          name="namespace"
          placeholder={
            this._namespaceHint || trans.__('your profile namespace')
          }
          value={this._value.namespace ?? ''}
          onChange={e => this.set({ namespace: e.target.value })}
        />
        <p className="jp-kubeflow-hint">
          {this._namespaceHint
            ? trans.__(
                "Empty: %1, found by the server. A multi-user Kubeflow runs pipelines in your profile's namespace.",
                this._namespaceHint
              )
            : trans.__(
                'A multi-user Kubeflow runs pipelines in your profile namespace: type it here.'
              )}
        </p>
        <ExperimentChooser
          host={this._value.host}
          namespace={this._value.namespace ?? ''}
          namespaceHint={this._namespaceHint}
          value={this._value.experiment}
          onChange={experiment => this.set({ experiment })}
        />
        <CheckField
          label={trans.__(
            "Reuse cached steps (KFP's default; steps tagged cache:false always run)"
          )}
          name="cache"
          checked={this._value.cache !== false}
          onChange={e => this.set({ cache: e.target.checked })}
        />
        {this._macroParameters.length > 0 && (
          <p className="jp-kubeflow-field-error jp-kubeflow-macro-warning">
            {trans._n(
              '%2 holds [[: Kubeflow Pipelines replaces [[RunUUID]], [[ScheduledTime]] and its other macros inside string parameters on the server, so the run may not get the value as typed.',
              '%2 hold [[: Kubeflow Pipelines replaces [[RunUUID]], [[ScheduledTime]] and its other macros inside string parameters on the server, so the run may not get the value as typed.',
              this._macroParameters.length,
              this._macroParameters.join(', ')
            )}
          </p>
        )}
      </div>
    );
  }
}

/** A dialog whose accept button (and Enter) does nothing while the form is invalid. */
class TargetDialog extends Dialog<IKubeflowTarget> {
  constructor(
    private readonly _form: TargetForm,
    options: Partial<Dialog.IOptions<IKubeflowTarget>>
  ) {
    super({ ...options, body: _form });
  }

  resolve(index?: number): void {
    const buttons = this.node.querySelectorAll<HTMLButtonElement>(
      '.jp-Dialog-footer button'
    );
    const pressed =
      index === undefined ? buttons[buttons.length - 1] : buttons[index];
    if (pressed?.classList.contains('jp-mod-accept') && !this._form.valid) {
      return;
    }
    super.resolve(index);
  }
}

/** Ask where to submit; null when cancelled. */
export async function askKubeflowTarget(
  initial: IKubeflowTarget,
  configuredHost: string,
  namespaceHint = '',
  macroParameters: string[],
  trans: ITrans
): Promise<IKubeflowTarget | null> {
  const form = new TargetForm(
    initial,
    configuredHost,
    namespaceHint,
    macroParameters,
    trans
  );
  const accept = Dialog.okButton({ label: trans.__('Submit') });
  const dialog = new TargetDialog(form, {
    title: trans.__('Submit to Kubeflow'),
    buttons: [Dialog.cancelButton(), accept],
    focusNodeSelector: 'input[name="host"]'
  });
  dialog.addClass('jp-kubeflow-submit-dialog');
  form.onValidity = (valid, why) => {
    const button = dialog.node.querySelector<HTMLButtonElement>(
      '.jp-Dialog-footer .jp-mod-accept'
    );
    if (button) {
      button.disabled = !valid;
      button.title = valid ? trans.__('Submit the pipeline to this host') : why;
    }
  };
  // Set the button's first state once the dialog is in the page.
  requestAnimationFrame(() => form.onValidity(form.valid, noHost(trans)));
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
