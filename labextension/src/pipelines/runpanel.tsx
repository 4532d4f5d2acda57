/**
 * A run as it goes: status and progress, the log tail (kept scrolled to the bottom),
 * and at the end the metrics, the outputs, and for Kubeflow a link to the run.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import React from 'react';

import { formatBytes } from '../registry/format';
import { deleteRun, outputURL, stepLog } from './client';
import { canRegister } from './registerOutput';
import { pipelinesSettings } from './settings';
import { describeError, stripAnsi } from './text';
import {
  IRun,
  IRunOutput,
  IRunStep,
  IStepLog,
  isActive,
  KfpRunAction
} from './types';

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

function elapsed(run: IRun, now: number): string {
  const end = run.finished ?? now / 1000;
  return `${Math.max(0, end - run.created).toFixed(1)} s`;
}

/** Deletes a finished run after the user confirms; says what went wrong if it could not. */
function DeleteRunButton(props: {
  run: IRun;
  onDeleted: () => void;
}): JSX.Element {
  const { run, onDeleted } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const onClick = async (): Promise<void> => {
    const where =
      run.mode === 'kfp' ? ' (the run itself stays in Kubeflow)' : '';
    if (pipelinesSettings.current.confirmDeleteRun) {
      const answer = await showDialog({
        title: 'Delete this run?',
        body: `Its record, log and outputs are deleted here${where}. Later runs no longer reuse its steps.`,
        buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })]
      });
      if (!answer.button.accept) {
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      await deleteRun(run.id);
      onDeleted();
    } catch (e) {
      setError(describeError(e));
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="jp-kubeflow-link-button jp-kubeflow-delete-run"
        disabled={busy}
        onClick={() => void onClick()}
      >
        {busy ? 'Deleting…' : 'Delete run'}
      </button>
      {error && (
        <span className="jp-kubeflow-run-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}

/** A Kubeflow step's log, asked for on demand (a cluster round trip). */
function StepLogView(props: { run: IRun; step: IRunStep }): JSX.Element {
  const { run, step } = props;
  const [answer, setAnswer] = React.useState<IStepLog | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);
  const load = async (): Promise<void> => {
    setLoading(true);
    setError(null);
    try {
      setAnswer(await stepLog(run.id, step.name));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  };
  return (
    <div className="jp-kubeflow-step-log" data-step-log={step.name}>
      <button
        type="button"
        className="jp-kubeflow-link-button"
        disabled={loading || !step.pod}
        title={
          step.pod ? `The log of ${step.pod}` : 'The step has not started yet'
        }
        onClick={() => void load()}
      >
        {loading ? 'Reading…' : answer ? 'Refresh log' : 'Show log'}
      </button>
      {error && (
        <span className="jp-kubeflow-run-error" role="alert">
          {error}
        </span>
      )}
      {answer &&
        (answer.log === null ? (
          <p className="jp-kubeflow-muted">
            This server cannot read the cluster: read the log with{' '}
            {answer.where}.
          </p>
        ) : (
          <pre
            className="jp-kubeflow-log"
            tabIndex={0}
            aria-label={`Log of step ${step.name}`}
          >
            {stripAnsi(answer.log) || '(no output)'}
          </pre>
        ))}
    </div>
  );
}

/** A Kubeflow run's steps: state, start, duration, and each one's log on demand. */
function KubeflowSteps(props: { run: IRun }): JSX.Element {
  const { run } = props;
  const [open, setOpen] = React.useState<string | null>(null);
  return (
    <table className="jp-kubeflow-table jp-kubeflow-kfp-steps">
      <caption>Steps on Kubeflow</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">State</th>
          <th scope="col">Started</th>
          <th scope="col">Duration</th>
          <th scope="col">Log</th>
        </tr>
      </thead>
      <tbody>
        {run.steps.map(step => (
          <tr key={step.name} data-kfp-step={step.name}>
            <th scope="row">{step.name}</th>
            <td>
              <span
                className={`jp-kubeflow-badge jp-kubeflow-status-${step.status}`}
              >
                {step.status}
              </span>
            </td>
            <td>
              {step.started
                ? new Date(step.started * 1000).toLocaleTimeString()
                : '–'}
            </td>
            <td>
              {step.seconds !== null && step.seconds !== undefined
                ? `${step.seconds.toFixed(1)} s`
                : '–'}
            </td>
            <td>
              {open === step.name ? (
                <StepLogView run={run} step={step} />
              ) : (
                <button
                  type="button"
                  className="jp-kubeflow-link-button"
                  disabled={!step.pod}
                  aria-label={`Log of step ${step.name}`}
                  onClick={() => setOpen(step.name)}
                >
                  Log…
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Retry, archive or delete a Kubeflow run that is over (terminate is the view's). */
function KubeflowActions(props: {
  run: IRun;
  onAction: (action: KfpRunAction) => void;
}): JSX.Element {
  const { run, onAction } = props;
  const confirmDelete = async (): Promise<void> => {
    const answer = await showDialog({
      title: 'Delete this run in Kubeflow?',
      body: `Kubeflow Pipelines deletes run ${run.kfp_run_id}; it is forgotten here too.`,
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })]
    });
    if (answer.button.accept) {
      onAction('delete');
    }
  };
  return (
    <span className="jp-kubeflow-kfp-actions">
      {(run.status === 'FAILED' || run.status === 'CANCELLED') && (
        <button
          type="button"
          className="jp-kubeflow-link-button"
          onClick={() => onAction('retry')}
        >
          Retry
        </button>
      )}{' '}
      <button
        type="button"
        className="jp-kubeflow-link-button"
        onClick={() => onAction('archive')}
      >
        Archive
      </button>{' '}
      <button
        type="button"
        className="jp-kubeflow-link-button"
        onClick={() => void confirmDelete()}
      >
        Delete in Kubeflow
      </button>
    </span>
  );
}

export function RunPanel(props: {
  run: IRun;
  /** Register a value the run produced in the model registry (with its lineage). */
  onRegister?: (output: IRunOutput, run: IRun) => void;
  /** Called once the run was deleted on the server. */
  onDeleted?: (run: IRun) => void;
  /** Act on a Kubeflow run (retry, archive, delete). */
  onKubeflowAction?: (action: KfpRunAction) => void;
}): JSX.Element {
  const { run, onRegister, onDeleted, onKubeflowAction } = props;
  const [deletedId, setDeletedId] = React.useState<string | null>(null);
  const log = React.useRef<HTMLPreElement>(null);
  React.useEffect(() => {
    if (log.current) {
      log.current.scrollTop = log.current.scrollHeight;
    }
  }, [run.log_tail]);
  // Done: ran (SUCCEEDED), reused from an earlier run (CACHED) or not needed (SKIPPED).
  const done = run.steps.filter(
    s =>
      s.status !== 'PENDING' && s.status !== 'RUNNING' && s.status !== 'FAILED'
  ).length;
  const active = isActive(run.status);
  // A Kubeflow run may report no per-step states; then count nothing rather than "0 done".
  const stepInfo =
    run.mode === 'local' || run.steps.some(s => s.status !== 'PENDING');
  const metrics = Object.entries(run.metrics);

  if (deletedId === run.id) {
    return (
      <section className="jp-kubeflow-run" data-run-id={run.id}>
        <p className="jp-kubeflow-muted" role="status">
          Run {run.id} deleted.
        </p>
      </section>
    );
  }

  return (
    <section
      className="jp-kubeflow-run"
      data-run-id={run.id}
      data-run-status={run.status}
      aria-live="polite"
    >
      <h3>
        {run.mode === 'local' ? 'Local run' : 'Kubeflow run'}{' '}
        <span className={`jp-kubeflow-badge jp-kubeflow-status-${run.status}`}>
          {run.status}
        </span>{' '}
        <span className="jp-kubeflow-muted">{elapsed(run, Date.now())}</span>
        {!active && run.kfp_run_id && onKubeflowAction && (
          <>
            {' '}
            <KubeflowActions run={run} onAction={onKubeflowAction} />
          </>
        )}
        {!active && (
          <>
            {' '}
            <DeleteRunButton
              run={run}
              onDeleted={() => {
                setDeletedId(run.id);
                onDeleted?.(run);
              }}
            />
          </>
        )}
      </h3>
      {Object.keys(run.parameters).length > 0 && (
        <div className="jp-kubeflow-muted jp-kubeflow-run-parameters">
          with{' '}
          {Object.entries(run.parameters)
            .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
            .join(', ')}
        </div>
      )}
      <div className="jp-kubeflow-progress">
        {stepInfo ? (
          <>
            <progress
              max={Math.max(1, run.steps.length)}
              value={active || run.status === 'SUCCEEDED' ? done : undefined}
              aria-label="Steps done"
            />
            <span>
              {done} of {run.steps.length} steps done
              {active ? '…' : ''}
            </span>
          </>
        ) : (
          <>
            <progress
              max={1}
              value={active ? undefined : 1}
              aria-label="Run progress"
            />
            <span>
              {active ? 'Running in Kubeflow…' : 'Finished in Kubeflow'}
            </span>
          </>
        )}
      </div>
      {run.url && (
        <p>
          <a href={run.url} target="_blank" rel="noopener noreferrer">
            Open the run in Kubeflow Pipelines
          </a>
          {run.kfp_run_id && (
            <span className="jp-kubeflow-muted"> ({run.kfp_run_id})</span>
          )}
        </p>
      )}
      {run.mode === 'kfp' && stepInfo && <KubeflowSteps run={run} />}
      {run.error && (
        <pre className="jp-kubeflow-run-error" role="alert">
          {run.error}
        </pre>
      )}
      {metrics.length > 0 && (
        <table className="jp-kubeflow-table jp-kubeflow-metrics">
          <caption>Metrics</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map(([name, value]) => (
              <tr key={name} data-metric={name}>
                <th scope="row">{name}</th>
                <td>{formatMetric(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.outputs.length > 0 && (
        <details className="jp-kubeflow-outputs">
          <summary>Outputs ({run.outputs.length})</summary>
          <ul>
            {run.outputs.map(output => (
              <li key={`${output.step}/${output.name}`}>
                <strong>{output.step}</strong> {output.name}{' '}
                <span className="jp-kubeflow-muted">({output.type})</span>{' '}
                <code>{output.uri ?? output.path}</code>
                {output.uri && (
                  <>
                    {' '}
                    <a
                      className="jp-kubeflow-output-download"
                      href={outputURL(run.id, output.uri)}
                      download
                      title={`Download ${output.name} from KFP's artifact store`}
                    >
                      Download
                      {output.size !== undefined
                        ? ` (${formatBytes(output.size)})`
                        : ''}
                    </a>
                  </>
                )}
                {onRegister && canRegister(output, run) && (
                  <button
                    type="button"
                    className="jp-kubeflow-link-button jp-kubeflow-register-output"
                    title={`Register ${output.name} in the model registry, with this run's lineage`}
                    onClick={() => onRegister(output, run)}
                  >
                    Register as model…
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {run.mode === 'kfp' && !active && run.outputs_where && (
        <p className="jp-kubeflow-muted jp-kubeflow-outputs-where" role="note">
          Metrics and outputs: {run.outputs_where}
        </p>
      )}
      <h4>Log</h4>
      <pre
        className="jp-kubeflow-log"
        ref={log}
        tabIndex={0}
        aria-label="Run log"
      >
        {stripAnsi(run.log_tail) ||
          (active ? 'Waiting for output…' : '(no output)')}
      </pre>
    </section>
  );
}
