/**
 * The notebook's runs in one list (state, when, how long, parameters, metrics); one
 * shown in the run panel (its log and outputs), two chosen compared side by side.
 */
import React from 'react';

import { LinkButton } from './controls';
import * as client from './client';
import {
  comparisonNotes,
  compareRuns,
  formatDuration,
  formatMetric,
  formatValue,
  IComparisonRow,
  isoSeconds,
  needsOutputs,
  runSeconds,
  toggleChoice
} from './compare';
import { describeError } from './text';
import { IKfpRun, IRun } from './types';
import { useTrans } from '../trans';
import { DataTable } from '../components/DataTable';
import { StatusBadge } from './StatusBadge';

function when(run: IRun): string {
  return new Date(run.created * 1000).toLocaleString();
}

function RunComparison(props: { first: IRun; second: IRun }): JSX.Element {
  // A Kubeflow run in the list may not have its metrics read yet: asking for the run
  // reads them (once it has ended), so the comparison shows them as for local runs.
  const [fresh, setFresh] = React.useState<Record<string, IRun>>({});
  React.useEffect(() => {
    let live = true;
    for (const run of [props.first, props.second].filter(needsOutputs)) {
      client
        .getRun(run.id)
        .then(read => live && setFresh(f => ({ ...f, [read.id]: read })))
        .catch(() => undefined); // the list's own values stay
    }
    return () => {
      live = false;
    };
  }, [props.first.id, props.second.id]);
  const first = fresh[props.first.id] ?? props.first;
  const second = fresh[props.second.id] ?? props.second;
  const rows = compareRuns(first, second);
  const notes = comparisonNotes(first, second);
  return (
    <>
      {notes.map(note => (
        <p
          key={note}
          className="jp-kubeflow-muted jp-kubeflow-compare-note"
          role="note"
        >
          {note}
        </p>
      ))}
      <RunTable first={first} second={second} rows={rows} />
    </>
  );
}

function RunTable(props: {
  first: IRun;
  second: IRun;
  rows: IComparisonRow[];
}): JSX.Element {
  const trans = useTrans();
  const { first, second, rows } = props;
  return (
    <table className="jp-kubeflow-table jp-kubeflow-compare">
      <caption>
        {trans.__('Run %1 and run %2, side by side', first.id, second.id)}
      </caption>
      <thead>
        <tr>
          <th scope="col"></th>
          <th scope="col">
            {first.id}
            <div className="jp-kubeflow-muted">{when(first)}</div>
          </th>
          <th scope="col">
            {second.id}
            <div className="jp-kubeflow-muted">{when(second)}</div>
          </th>
          <th scope="col">{trans.__('Change')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="jp-kubeflow-muted">
              {trans.__('Neither run has parameters or metrics.')}
            </td>
          </tr>
        )}
        {rows.map(row => (
          <tr
            key={`${row.kind}:${row.name}`}
            data-compare={`${row.kind}:${row.name}`}
            className={row.differs ? 'jp-mod-different' : ''}
          >
            <th scope="row">
              {row.name}{' '}
              <span className="jp-kubeflow-muted">
                {row.kind === 'metric'
                  ? trans.__('metric')
                  : trans.__('parameter')}
              </span>
            </th>
            <td>{row.first}</td>
            <td>{row.second}</td>
            <td>
              {row.change !== null && row.change !== 0
                ? `${row.change > 0 ? '+' : ''}${formatMetric(row.change)}`
                : row.differs
                  ? trans.__('differs')
                  : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RunsList(props: {
  runs: IRun[] | null;
  error: string | null;
  /** The run shown in the run panel. */
  shownId: string | null;
  onShow: (run: IRun) => void;
  onRefresh: () => void;
  /** The notebook, when a Kubeflow Pipelines endpoint is known: its runs there too. */
  clusterPath?: string;
}): JSX.Element {
  const trans = useTrans();
  const { runs, error, shownId, onShow, onRefresh } = props;
  const [chosen, setChosen] = React.useState<string[]>([]);
  const now = Date.now() / 1000;
  const byId = new Map((runs ?? []).map(run => [run.id, run]));
  const compared = chosen
    .map(id => byId.get(id))
    .filter((run): run is IRun => run !== undefined)
    // Older first, so a change reads from the earlier run to the later.
    .sort((a, b) => a.created - b.created);

  return (
    <section className="jp-kubeflow-section jp-kubeflow-runs">
      <h3>
        {trans.__('Runs')}{' '}
        <LinkButton onClick={onRefresh}>{trans.__('Refresh')}</LinkButton>
      </h3>
      {error && <p className="jp-kubeflow-field-error">{error}</p>}
      {runs === null ? (
        <p className="jp-kubeflow-muted">{trans.__('Loading the runs…')}</p>
      ) : runs.length === 0 ? (
        <p className="jp-kubeflow-muted">
          {trans.__('No runs of this notebook yet.')}
        </p>
      ) : (
        <>
          <p className="jp-kubeflow-muted">
            {trans.__('Choose two to compare their parameters and metrics.')}
          </p>
          <div className="jp-kubeflow-runs-scroll">
            <DataTable
              className="jp-kubeflow-table jp-kubeflow-runs-table"
              rows={runs}
              rowProps={run => ({
                key: run.id,
                'data-run-row': run.id,
                className: run.id === shownId ? 'jp-mod-selected' : ''
              })}
              columns={[
                {
                  heading: trans.__('Compare'),
                  cell: run => (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={trans.__('Compare run %1', run.id)}
                        checked={chosen.includes(run.id)}
                        onChange={() => setChosen(c => toggleChoice(c, run.id))}
                      />
                    </td>
                  )
                },
                {
                  heading: trans.__('Started'),
                  cell: run => (
                    <td>
                      {when(run)}
                      <div className="jp-kubeflow-muted">
                        {run.mode === 'local'
                          ? trans.__('local')
                          : trans.__('Kubeflow')}{' '}
                        · {run.id}
                      </div>
                    </td>
                  )
                },
                {
                  heading: trans.__('State'),
                  cell: run => (
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                  )
                },
                {
                  heading: trans.__('Duration'),
                  cell: run => (
                    <td>{formatDuration(runSeconds(run, now), trans)}</td>
                  )
                },
                {
                  heading: trans.__('Parameters'),
                  cell: run => (
                    <td className="jp-kubeflow-run-parameters">
                      {Object.entries(run.parameters)
                        .map(([name, value]) => `${name}=${formatValue(value)}`)
                        .join(', ')}
                    </td>
                  )
                },
                {
                  heading: trans.__('Metrics'),
                  cell: run => (
                    <td className="jp-kubeflow-run-parameters">
                      {Object.entries(run.metrics)
                        .map(
                          ([name, value]) => `${name}=${formatMetric(value)}`
                        )
                        .join(', ')}
                    </td>
                  )
                },
                {
                  heading: trans.__('Log and outputs'),
                  cell: run => (
                    <td>
                      {run.id === shownId ? (
                        <span className="jp-kubeflow-muted">
                          {trans.__('shown below')}
                        </span>
                      ) : (
                        <LinkButton
                          aria-label={trans.__('Show run %1', run.id)}
                          onClick={() => onShow(run)}
                        >
                          {trans.__('Show')}
                        </LinkButton>
                      )}
                    </td>
                  )
                }
              ]}
            />
          </div>
          {compared.length === 2 && (
            <RunComparison first={compared[0]} second={compared[1]} />
          )}
        </>
      )}
      {props.clusterPath && <ClusterRuns path={props.clusterPath} />}
    </section>
  );
}

/**
 * The pipeline's runs on Kubeflow Pipelines, asked for on demand (a cluster round trip):
 * name, state, start, duration and a link to each in the KFP UI.
 */
export function ClusterRuns(props: { path: string }): JSX.Element {
  const trans = useTrans();
  const [runs, setRuns] = React.useState<IKfpRun[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);
  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      setRuns(await client.kfpRuns(props.path));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  };
  const now = Date.now() / 1000;
  return (
    <div className="jp-kubeflow-cluster-runs">
      <h4>
        {trans.__('On Kubeflow')}{' '}
        <LinkButton disabled={loading} onClick={() => void load()}>
          {loading
            ? trans.__('Asking Kubeflow…')
            : runs === null
              ? trans.__('Show the runs on Kubeflow')
              : trans.__('Refresh')}
        </LinkButton>
      </h4>
      {error && <p className="jp-kubeflow-field-error">{error}</p>}
      {runs !== null && runs.length === 0 && (
        <p className="jp-kubeflow-muted">
          {trans.__('No runs of this pipeline on Kubeflow.')}
        </p>
      )}
      {runs !== null && runs.length > 0 && (
        <DataTable
          className="jp-kubeflow-table jp-kubeflow-runs-table"
          rows={runs}
          rowProps={run => ({ key: run.id, 'data-kfp-run': run.id })}
          columns={[
            {
              heading: trans.__('Run'),
              cell: run => (
                <td>
                  <a href={run.url} target="_blank" rel="noopener noreferrer">
                    {run.name || run.id}
                  </a>
                </td>
              )
            },
            {
              heading: trans.__('State'),
              cell: run => <td>{run.state.replace(/^RuntimeState\./, '')}</td>
            },
            {
              heading: trans.__('Started'),
              cell: run => (
                <td>
                  {run.created ? new Date(run.created).toLocaleString() : '–'}
                </td>
              )
            },
            {
              heading: trans.__('Duration'),
              cell: run => (
                <td>
                  {formatDuration(
                    isoSeconds(run.created, run.finished, now),
                    trans
                  )}
                </td>
              )
            }
          ]}
        />
      )}
    </div>
  );
}
