/**
 * A run as it goes: status and progress, the log tail (kept scrolled to the bottom),
 * and at the end the metrics, the outputs, and for Kubeflow a link to the run.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import React from 'react';

import { formatBytes } from '../registry/format';
import { LinkButton } from './controls';
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
import { ITrans, useTrans } from '../trans';
import { DataTable } from '../components/DataTable';
import { StatusBadge } from './StatusBadge';

function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

function elapsed(run: IRun, now: number, trans: ITrans): string {
  const end = run.finished ?? now / 1000;
  return trans.__('%1 s', Math.max(0, end - run.created).toFixed(1));
}

/** Deletes a finished run after the user confirms; says what went wrong if it could not. */
function DeleteRunButton(props: {
  run: IRun;
  onDeleted: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { run, onDeleted } = props;
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const onClick = async (): Promise<void> => {
    const where =
      run.mode === 'kfp' ? ' (the run itself stays in Kubeflow)' : '';
    if (pipelinesSettings.current.confirmDeleteRun) {
      const answer = await showDialog({
        title: trans.__('Delete this run?'),
        body: trans.__(
          'Its record, log and outputs are deleted here%1. Later runs no longer reuse its steps.',
          where
        ),
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: trans.__('Delete') })
        ]
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
      <LinkButton
        className="jp-kubeflow-delete-run"
        disabled={busy}
        onClick={() => void onClick()}
      >
        {busy ? trans.__('Deleting…') : trans.__('Delete run')}
      </LinkButton>
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
  const trans = useTrans();
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
      <LinkButton
        disabled={loading || !step.pod}
        title={
          step.pod
            ? trans.__('The log of %1', step.pod)
            : trans.__('The step has not started yet')
        }
        onClick={() => void load()}
      >
        {loading
          ? trans.__('Reading…')
          : answer
            ? trans.__('Refresh log')
            : trans.__('Show log')}
      </LinkButton>
      {error && (
        <span className="jp-kubeflow-run-error" role="alert">
          {error}
        </span>
      )}
      {answer &&
        (answer.log === null ? (
          <p className="jp-kubeflow-muted">
            {trans.__(
              'This server cannot read the cluster: read the log with %1.',
              answer.where
            )}
          </p>
        ) : (
          <pre
            className="jp-kubeflow-log"
            tabIndex={0}
            aria-label={trans.__('Log of step %1', step.name)}
          >
            {stripAnsi(answer.log) || trans.__('(no output)')}
          </pre>
        ))}
    </div>
  );
}

/** A Kubeflow run's steps: state, start, duration, and each one's log on demand. */
function KubeflowSteps(props: { run: IRun }): JSX.Element {
  const trans = useTrans();
  const { run } = props;
  const [open, setOpen] = React.useState<string | null>(null);
  return (
    <DataTable
      className="jp-kubeflow-table jp-kubeflow-kfp-steps"
      caption={trans.__('Steps on Kubeflow')}
      rows={run.steps}
      rowProps={step => ({ key: step.name, 'data-kfp-step': step.name })}
      columns={[
        {
          heading: trans.__('Step'),
          cell: step => <th scope="row">{step.name}</th>
        },
        {
          heading: trans.__('State'),
          cell: step => (
            <td>
              <StatusBadge status={step.status} />
            </td>
          )
        },
        {
          heading: trans.__('Started'),
          cell: step => (
            <td>
              {step.started
                ? new Date(step.started * 1000).toLocaleTimeString()
                : '–'}
            </td>
          )
        },
        {
          heading: trans.__('Duration'),
          cell: step => (
            <td>
              {step.seconds !== null && step.seconds !== undefined
                ? trans.__('%1 s', step.seconds.toFixed(1))
                : '–'}
            </td>
          )
        },
        {
          heading: trans.__('Log'),
          cell: step => (
            <td>
              {open === step.name ? (
                <StepLogView run={run} step={step} />
              ) : (
                <LinkButton
                  disabled={!step.pod}
                  aria-label={trans.__('Log of step %1', step.name)}
                  onClick={() => setOpen(step.name)}
                >
                  {trans.__('Log…')}
                </LinkButton>
              )}
            </td>
          )
        }
      ]}
    />
  );
}

/** Retry, archive or delete a Kubeflow run that is over (terminate is the view's). */
function KubeflowActions(props: {
  run: IRun;
  onAction: (action: KfpRunAction) => void;
}): JSX.Element {
  const trans = useTrans();
  const { run, onAction } = props;
  const confirmDelete = async (): Promise<void> => {
    const answer = await showDialog({
      title: trans.__('Delete this run in Kubeflow?'),
      body: trans.__(
        'Kubeflow Pipelines deletes run %1; it is forgotten here too.',
        run.kfp_run_id
      ),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Delete') })
      ]
    });
    if (answer.button.accept) {
      onAction('delete');
    }
  };
  return (
    <span className="jp-kubeflow-kfp-actions">
      {(run.status === 'FAILED' || run.status === 'CANCELLED') && (
        <LinkButton onClick={() => onAction('retry')}>
          {trans.__('Retry')}
        </LinkButton>
      )}{' '}
      <LinkButton onClick={() => onAction('archive')}>
        {trans.__('Archive')}
      </LinkButton>{' '}
      <LinkButton onClick={() => void confirmDelete()}>
        {trans.__('Delete in Kubeflow')}
      </LinkButton>
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
  const trans = useTrans();
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
          {trans.__('Run %1 deleted.', run.id)}
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
        {run.mode === 'local'
          ? trans.__('Local run')
          : trans.__('Kubeflow run')}{' '}
        <StatusBadge status={run.status} />{' '}
        <span className="jp-kubeflow-muted">
          {elapsed(run, Date.now(), trans)}
        </span>
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
          {trans.__(
            'with %1',
            Object.entries(run.parameters)
              .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
              .join(', ')
          )}
        </div>
      )}
      <div className="jp-kubeflow-progress">
        {stepInfo ? (
          <>
            <progress
              max={Math.max(1, run.steps.length)}
              value={active || run.status === 'SUCCEEDED' ? done : undefined}
              aria-label={trans.__('Steps done')}
            />
            <span>
              {active
                ? trans.__('%1 of %2 steps done…', done, run.steps.length)
                : trans.__('%1 of %2 steps done', done, run.steps.length)}
            </span>
          </>
        ) : (
          <>
            <progress
              max={1}
              value={active ? undefined : 1}
              aria-label={trans.__('Run progress')}
            />
            <span>
              {active
                ? trans.__('Running in Kubeflow…')
                : trans.__('Finished in Kubeflow')}
            </span>
          </>
        )}
      </div>
      {run.url && (
        <p>
          <a href={run.url} target="_blank" rel="noopener noreferrer">
            {trans.__('Open the run in Kubeflow Pipelines')}
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
        <DataTable
          className="jp-kubeflow-table jp-kubeflow-metrics"
          caption={trans.__('Metrics')}
          rows={metrics}
          rowProps={([name]) => ({ key: name, 'data-metric': name })}
          columns={[
            {
              heading: trans.__('Metric'),
              cell: ([name]) => <th scope="row">{name}</th>
            },
            {
              heading: trans.__('Value'),
              cell: ([, value]) => <td>{formatMetric(value)}</td>
            }
          ]}
        />
      )}
      {run.outputs.length > 0 && (
        <details className="jp-kubeflow-outputs">
          <summary>{trans.__('Outputs (%1)', run.outputs.length)}</summary>
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
                      title={trans.__(
                        "Download %1 from KFP's artifact store",
                        output.name
                      )}
                    >
                      {(output.files ?? 1) > 1
                        ? trans._n(
                            'Download as .tar (%1 file, %2)',
                            'Download as .tar (%1 files, %2)',
                            output.files ?? 1,
                            formatBytes(output.size ?? 0)
                          )
                        : output.size !== undefined
                          ? trans.__('Download (%1)', formatBytes(output.size))
                          : trans.__('Download')}
                    </a>
                  </>
                )}
                {onRegister && canRegister(output, run) && (
                  <LinkButton
                    className="jp-kubeflow-register-output"
                    title={trans.__(
                      "Register %1 in the model registry, with this run's lineage",
                      output.name
                    )}
                    onClick={() => onRegister(output, run)}
                  >
                    {trans.__('Register as model…')}
                  </LinkButton>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {run.mode === 'kfp' && !active && run.outputs_where && (
        <p className="jp-kubeflow-muted jp-kubeflow-outputs-where" role="note">
          {trans.__('Metrics and outputs: %1', run.outputs_where)}
        </p>
      )}
      <h4>{trans.__('Log')}</h4>
      <pre
        className="jp-kubeflow-log"
        ref={log}
        tabIndex={0}
        aria-label={trans.__('Run log')}
      >
        {stripAnsi(run.log_tail) ||
          (active ? trans.__('Waiting for output…') : trans.__('(no output)'))}
      </pre>
    </section>
  );
}
