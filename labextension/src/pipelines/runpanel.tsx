/**
 * A run as it goes: status and progress, the log tail (kept scrolled to the bottom),
 * and at the end the metrics, the outputs, and for Kubeflow a link to the run.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import React from 'react';

import { deleteRun } from './client';
import { describeError, stripAnsi } from './text';
import { IRun, IRunOutput, isActive } from './types';

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
    const answer = await showDialog({
      title: 'Delete this run?',
      body: `Its record, log and outputs are deleted here${where}. Later runs no longer reuse its steps.`,
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })]
    });
    if (!answer.button.accept) {
      return;
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

export function RunPanel(props: {
  run: IRun;
  /** Register a value the run produced in the model registry (with its lineage). */
  onRegister?: (output: IRunOutput, run: IRun) => void;
  /** Called once the run was deleted on the server. */
  onDeleted?: (run: IRun) => void;
}): JSX.Element {
  const { run, onRegister, onDeleted } = props;
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
                <code>{output.path}</code>
                {onRegister && run.mode === 'local' && (
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
