/**
 * Deploy a version as a KServe InferenceService: namespace, name and runtime (validated as
 * you type); Preview shows the YAML (`apply: false`); Deploy applies it when a cluster is
 * connected, and is disabled with the reason otherwise.
 */
import { Clipboard, Dialog, ReactWidget } from '@jupyterlab/apputils';
import * as React from 'react';

import { deployVersion, getConnections, listFormats } from './client';
import { IDeployResult, IModelFormat, IVersionDetails } from './types';
import { errorMessage } from './useLoader';
import {
  suggestInferenceServiceName,
  validateInferenceServiceName,
  validateNamespace
} from './validate';
import { SubmittingDialog } from './SubmittingDialog';

interface IDeployForm {
  namespace: string;
  name: string;
  runtime: string;
}

class DeployBody extends ReactWidget {
  form: IDeployForm;
  /** Told of each apply as it starts (the notification centre follows it). */
  onDeploying?: (deploying: Promise<IDeployResult>, form: IDeployForm) => void;
  result: IDeployResult | null = null;
  clusterProblem = 'Checking whether a cluster is connected…';
  /** set by the React view: apply; true when applied */
  deploy: () => Promise<boolean> = async () => false;
  /** the dialog's Deploy button, enabled only when deploying can work */
  deployButton: HTMLButtonElement | null = null;

  constructor(readonly details: IVersionDetails) {
    super();
    this.addClass('jp-kf-registry-dialog');
    this.form = {
      namespace: 'default',
      name: suggestInferenceServiceName(
        details.model.name,
        details.version.name
      ),
      runtime: ''
    };
  }

  getValue(): IDeployResult | null {
    return this.result;
  }

  protected render(): JSX.Element {
    return <DeployFormView body={this} />;
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
  const [error, setError] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [copied, setCopied] = React.useState(false);

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

  const errors = {
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
    setBusy(true);
    setError('');
    try {
      const call = deployVersion(details.version.id, {
        namespace: form.namespace,
        name: form.name,
        runtime: form.runtime || undefined,
        apply
      });
      if (apply) {
        body.onDeploying?.(call, form);
      }
      const result = await call;
      setPreview(result);
      return result;
    } catch (reason) {
      setError(errorMessage(reason));
      return null;
    } finally {
      setBusy(false);
    }
  };
  body.deploy = async () => {
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

  return (
    <form
      className="jp-kf-registry-form"
      aria-label="Deploy model version"
      onSubmit={e => e.preventDefault()}
    >
      <p className="jp-kf-registry-muted">
        {details.model.name} / {details.version.name}
        {artifactFormat ? ` (${artifactFormat})` : ''} as a KServe
        InferenceService.
      </p>
      <label className="jp-kf-registry-field">
        <span className="jp-kf-registry-fieldLabel">Namespace</span>
        <input
          className="jp-mod-styled"
          name="namespace"
          aria-invalid={errors.namespace ? true : undefined}
          value={form.namespace}
          onChange={event => update({ namespace: event.target.value })}
        />
        {errors.namespace ? (
          <span className="jp-kf-registry-fieldError" role="alert">
            {errors.namespace}
          </span>
        ) : null}
      </label>
      <label className="jp-kf-registry-field">
        <span className="jp-kf-registry-fieldLabel">Name</span>
        <input
          className="jp-mod-styled"
          name="name"
          aria-invalid={errors.name ? true : undefined}
          value={form.name}
          onChange={event => update({ name: event.target.value })}
        />
        {errors.name ? (
          <span className="jp-kf-registry-fieldError" role="alert">
            {errors.name}
          </span>
        ) : null}
      </label>
      <label className="jp-kf-registry-field">
        <span className="jp-kf-registry-fieldLabel">Runtime</span>
        <input
          className="jp-mod-styled"
          name="runtime"
          list="jp-kf-registry-runtimes"
          placeholder="chosen by KServe from the format"
          value={form.runtime}
          onChange={event => update({ runtime: event.target.value })}
        />
        <datalist id="jp-kf-registry-runtimes">
          {runtimes.map(runtime => (
            <option key={runtime} value={runtime} />
          ))}
        </datalist>
      </label>
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
          <button
            type="button"
            className="jp-mod-styled"
            onClick={() => {
              Clipboard.copyToSystem(preview.yaml);
              setCopied(true);
            }}
          >
            {copied ? 'Copied' : 'Copy YAML'}
          </button>
        ) : null}
      </div>
      {clusterProblem ? (
        <p className="jp-kf-registry-muted" role="status">
          {clusterProblem}
        </p>
      ) : null}
      {error ? (
        <p className="jp-kf-registry-error" role="alert">
          {error}
        </p>
      ) : null}
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
    </form>
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
      () => _form.deploy()
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
