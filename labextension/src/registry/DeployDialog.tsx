/**
 * Deploy a version as a KServe InferenceService: namespace, name and runtime (validated as
 * you type); Preview shows the YAML (`apply: false`); Deploy applies it when a cluster is
 * connected, and is disabled with the reason otherwise.
 */
import { Dialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { CopyButton } from '../components/CopyButton';
import { FormFrame } from '../components/FormFrame';
import { ErrorLine, StatusLine } from '../components/FormMessages';
import { FormBody, SubmittingDialog } from '../components/SubmittingDialog';
import { TextInputField } from '../components/TextInputField';
import { useAction } from '../components/useAction';
import { textFields } from '../components/useForm';
import { ITrans, useTrans } from '../trans';
import { errorMessage } from './useLoader';
import { deployVersion, getConnections } from './client';
import { useFormats } from './FormatFields';
import { IDeployResult, IVersionDetails } from './types';
import {
  suggestInferenceServiceName,
  validateInferenceServiceName,
  validateNamespace
} from './validate';

interface IDeployForm {
  namespace: string;
  name: string;
  runtime: string;
}

export class DeployBody extends FormBody<IDeployForm, IDeployResult> {
  /** Told of each apply as it starts (the notification centre follows it). */
  onDeploying?: (deploying: Promise<IDeployResult>, form: IDeployForm) => void;
  clusterProblem: string;
  /** the dialog's Deploy button, enabled only when deploying can work */
  deployButton: HTMLButtonElement | null = null;

  constructor(
    readonly details: IVersionDetails,
    readonly trans: ITrans
  ) {
    super(
      {
        namespace: 'default',
        name: suggestInferenceServiceName(
          details.model.name,
          details.version.name
        ),
        runtime: ''
      },
      body => <DeployFormView body={body as DeployBody} />,
      trans
    );
    this.clusterProblem = trans.__('Checking whether a cluster is connected…');
  }
}

function DeployFormView(props: { body: DeployBody }): JSX.Element {
  const { body } = props;
  const { details } = body;
  const trans = useTrans();
  const [form, setForm] = React.useState<IDeployForm>(body.form);
  const [clusterProblem, setClusterProblem] = React.useState(
    body.clusterProblem
  );
  const [preview, setPreview] = React.useState<IDeployResult | null>(null);
  const action = useAction();
  const busy = action.busy;

  const artifactFormat =
    details.artifacts.find(a => a.modelFormatName)?.modelFormatName ?? '';

  React.useEffect(() => {
    getConnections().then(
      connections => {
        setClusterProblem(connections.clusterProblem);
        if (connections.namespace) {
          setForm(previous =>
            previous.namespace === 'default'
              ? { ...previous, namespace: connections.namespace }
              : previous
          );
        }
      },
      reason =>
        setClusterProblem(
          trans.__(
            'Cannot tell whether a cluster is connected: %1',
            errorMessage(reason)
          )
        )
    );
  }, []);
  const formats = useFormats(formats => {
    const runtime =
      formats.find(format => format.name === artifactFormat)?.runtime ?? '';
    setForm(previous => ({
      ...previous,
      runtime: previous.runtime || runtime
    }));
  });

  const errors: Record<string, string> = {
    namespace: validateNamespace(form.namespace, trans),
    name: validateInferenceServiceName(form.name, trans)
  };
  const invalid = Boolean(errors.namespace || errors.name);

  body.form = form;
  body.clusterProblem = clusterProblem;
  React.useEffect(() => {
    const button = body.deployButton;
    if (button) {
      button.disabled = invalid || busy || Boolean(clusterProblem);
      button.title =
        clusterProblem ||
        (invalid
          ? trans.__('Fix the fields first')
          : trans.__('Apply to the cluster'));
    }
  });

  const request = async (apply: boolean): Promise<IDeployResult | null> => {
    let result: IDeployResult | null = null;
    await action.run(async () => {
      const call = deployVersion(details.version.id, {
        namespace: form.namespace,
        name: form.name,
        runtime: form.runtime || undefined,
        apply
      });
      if (apply) {
        body.onDeploying?.(call, form);
      }
      result = await call;
      setPreview(result);
    });
    return result;
  };
  body.submit = async () => {
    if (invalid || clusterProblem) {
      return false;
    }
    body.result = await request(true);
    return body.result !== null && body.result.applied;
  };

  const runtimes = Array.from(
    new Set(
      formats
        .map(format => format.runtime)
        .filter((r): r is string => Boolean(r))
    )
  );
  const update = (change: Partial<IDeployForm>): void => {
    setForm(previous => ({ ...previous, ...change }));
    setPreview(null);
  };
  const field = textFields<IDeployForm>(form, name => errors[name], update);

  return (
    <FormFrame label={trans.__('Deploy model version')}>
      <p className="jp-kf-registry-muted">
        {artifactFormat
          ? trans.__(
              '%1 / %2 (%3) as a KServe InferenceService.',
              details.model.name,
              details.version.name,
              artifactFormat
            )
          : trans.__(
              '%1 / %2 as a KServe InferenceService.',
              details.model.name,
              details.version.name
            )}
      </p>
      <TextInputField label={trans.__('Namespace')} {...field('namespace')} />
      <TextInputField label={trans.__('Name')} {...field('name')} />
      <TextInputField
        label={trans.__('Runtime')}
        {...field('runtime')}
        placeholder={trans.__('chosen by KServe from the format')}
        suggestions={{
          id: 'jp-kf-registry-runtimes',
          options: runtimes.map(runtime => ({ value: runtime }))
        }}
      />
      <div className="jp-kf-registry-actions">
        <button
          type="button"
          className="jp-mod-styled"
          disabled={invalid || busy}
          onClick={() => void request(false)}
        >
          {trans.__('Preview')}
        </button>
        {preview ? (
          <CopyButton text={preview.yaml} className="jp-mod-styled">
            {trans.__('Copy YAML')}
          </CopyButton>
        ) : null}
      </div>
      <StatusLine>{clusterProblem}</StatusLine>
      <ErrorLine>{action.error}</ErrorLine>
      {preview ? (
        <>
          {preview.message ? <p>{preview.message}</p> : null}
          <pre
            className="jp-kf-registry-yaml"
            aria-label={trans.__('InferenceService YAML')}
          >
            {preview.yaml}
          </pre>
        </>
      ) : null}
    </FormFrame>
  );
}

/** Deploy applies, then closes only when the server accepted. */
class DeployDialog extends SubmittingDialog<IDeployResult | null> {
  constructor(private readonly _form: DeployBody) {
    super(
      {
        title: _form.trans.__('Deploy model version'),
        body: _form,
        buttons: [
          Dialog.cancelButton({ label: _form.trans.__('Close') }),
          Dialog.okButton({ label: _form.trans.__('Deploy') })
        ],
        focusNodeSelector: 'input[name="namespace"]'
      },
      () => _form.submit()
    );
    this._form.deployButton = this.node.querySelector<HTMLButtonElement>(
      '.jp-Dialog-footer .jp-mod-accept'
    );
    if (this._form.deployButton) {
      this._form.deployButton.disabled = true;
    }
  }
}

/** The result when applied, or null when closed without deploying. */
export async function showDeployDialog(
  details: IVersionDetails,
  trans: ITrans,
  onDeploying?: DeployBody['onDeploying']
): Promise<IDeployResult | null> {
  const body = new DeployBody(details, trans);
  body.onDeploying = onDeploying;
  const dialog = new DeployDialog(body);
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
