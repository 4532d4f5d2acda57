/**
 * Deploy a version as a KServe InferenceService: namespace, name and runtime (validated as
 * you type); Preview shows the YAML (`apply: false`); Deploy applies it when a cluster is
 * connected, and is disabled with the reason otherwise.
 */
import { Dialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { CopyButton } from '../components/CopyButton';
import { DialogForm } from '../components/DialogForm';
import { ErrorLine, StatusLine } from '../components/FormMessages';
import { FormBody, SubmittingDialog } from '../components/SubmittingDialog';
import { TextField, textFields } from '../components/TextField';
import { useAction } from '../components/useAction';
import { errorMessage } from './useLoader';
import { deployVersion, getConnections, listFormats } from './client';
import { IDeployResult, IModelFormat, IVersionDetails } from './types';
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

class DeployBody extends FormBody<IDeployForm, IDeployResult> {
  /** Told of each apply as it starts (the notification centre follows it). */
  onDeploying?: (deploying: Promise<IDeployResult>, form: IDeployForm) => void;
  clusterProblem = 'Checking whether a cluster is connected…';
  /** the dialog's Deploy button, enabled only when deploying can work */
  deployButton: HTMLButtonElement | null = null;

  constructor(readonly details: IVersionDetails) {
    super(
      {
        namespace: 'default',
        name: suggestInferenceServiceName(
          details.model.name,
          details.version.name
        ),
        runtime: ''
      },
      body => <DeployFormView body={body as DeployBody} />
    );
  }
}

function DeployFormView(props: { body: DeployBody }): JSX.Element {
  const { body } = props;
  const { details } = body;
  const [form, setForm] = React.useState<IDeployForm>(body.form);
  const [formats, setFormats] = React.useState<IModelFormat[]>([]);
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
          `Cannot tell whether a cluster is connected: ${errorMessage(reason)}`
        )
    );
    listFormats().then(
      ({ formats }) => {
        setFormats(formats);
        const runtime =
          formats.find(format => format.name === artifactFormat)?.runtime ?? '';
        setForm(previous => ({
          ...previous,
          runtime: previous.runtime || runtime
        }));
      },
      () => setFormats([])
    );
  }, []);

  const errors: Record<string, string> = {
    namespace: validateNamespace(form.namespace),
    name: validateInferenceServiceName(form.name)
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
        (invalid ? 'Fix the fields first' : 'Apply to the cluster');
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
    <DialogForm label="Deploy model version">
      <p className="jp-kf-registry-muted">
        {details.model.name} / {details.version.name}
        {artifactFormat ? ` (${artifactFormat})` : ''} as a KServe
        InferenceService.
      </p>
      <TextField label="Namespace" {...field('namespace')} />
      <TextField label="Name" {...field('name')} />
      <TextField
        label="Runtime"
        {...field('runtime')}
        placeholder="chosen by KServe from the format"
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
          Preview
        </button>
        {preview ? (
          <CopyButton text={preview.yaml} className="jp-mod-styled">
            Copy YAML
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
            aria-label="InferenceService YAML"
          >
            {preview.yaml}
          </pre>
        </>
      ) : null}
    </DialogForm>
  );
}

/** Deploy applies, then closes only when the server accepted. */
class DeployDialog extends SubmittingDialog<IDeployResult | null> {
  constructor(private readonly _form: DeployBody) {
    super(
      {
        title: 'Deploy model version',
        body: _form,
        buttons: [
          Dialog.cancelButton({ label: 'Close' }),
          Dialog.okButton({ label: 'Deploy' })
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
  onDeploying?: DeployBody['onDeploying']
): Promise<IDeployResult | null> {
  const body = new DeployBody(details);
  body.onDeploying = onDeploying;
  const dialog = new DeployDialog(body);
  const result = await dialog.launch();
  return result.button.accept ? result.value : null;
}
