/**
 * The notebook's pipeline kept on Kubeflow: upload it (a new version when it changed),
 * its versions (each can be run), and its recurring runs (make one from a cron or an
 * interval; enable, disable, delete), in an experiment chosen here. Calls go to the host
 * and namespace of the view's last submit, else the server's configured endpoint.
 */
import React from 'react';

import * as client from './client';
import { CheckField, InputField, LinkButton, StyledButton } from './controls';
import { ExperimentChooser } from './experimentchooser';
import { describeError } from './text';
import {
  IKfpTarget,
  IPipelineVersion,
  IRun,
  ISchedule,
  IUploaded,
  JSONValue
} from './types';
import { useTrans } from '../trans';

export function KubeflowPipeline(props: {
  path: string;
  target: IKfpTarget;
  /** The form's parameter values (null while one is invalid). */
  parameters: Record<string, JSONValue> | null;
  /** A run started from a version: the view follows it. */
  onRun: (run: IRun) => void;
}): JSX.Element {
  const trans = useTrans();
  const { path, target, parameters, onRun } = props;
  const [uploaded, setUploaded] = React.useState<IUploaded | null>(null);
  const [versions, setVersions] = React.useState<IPipelineVersion[] | null>(
    null
  );
  const [schedules, setSchedules] = React.useState<ISchedule[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [every, setEvery] = React.useState('');
  const [concurrency, setConcurrency] = React.useState('1');
  const [catchUp, setCatchUp] = React.useState(true);
  // Runs of a version and recurring runs go into this experiment (KFP needs one).
  const [experiment, setExperiment] = React.useState(target.experiment ?? '');
  const into = { ...target, experiment: experiment.trim() };

  const act = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const refresh = async (): Promise<void> => {
    setVersions(await client.pipelineVersions(path, target));
    setSchedules(await client.schedules(path, target));
  };
  const upload = () =>
    act(async () => {
      setUploaded(await client.uploadPipeline(path, target));
      await refresh();
    });
  const runVersion = (version: IPipelineVersion) =>
    act(async () => {
      onRun(await client.runVersion(path, version.id, parameters ?? {}, into));
    });
  const schedule = () =>
    act(async () => {
      const text = every.trim();
      const seconds = Number(text);
      await client.createSchedule(
        path,
        {
          ...(text !== '' && Number.isFinite(seconds)
            ? { interval_seconds: seconds }
            : { cron: text }),
          max_concurrency: Number(concurrency),
          catch_up: catchUp
        },
        parameters ?? {},
        into
      );
      await refresh();
    });
  const scheduleAction = (
    item: ISchedule,
    action: 'enable' | 'disable' | 'delete'
  ) =>
    act(async () => {
      await client.scheduleAction(item.id, action, target);
      await refresh();
    });

  return (
    <section className="jp-kubeflow-section jp-kubeflow-kfp-pipeline">
      <h3>
        {trans.__('Pipeline on Kubeflow')}{' '}
        <StyledButton
          disabled={busy}
          title={trans.__(
            "Upload this notebook's pipeline to Kubeflow Pipelines: a new version when it changed"
          )}
          onClick={() => void upload()}
        >
          {trans.__('Upload to Kubeflow')}
        </StyledButton>{' '}
        <LinkButton disabled={busy} onClick={() => void act(refresh)}>
          {versions === null
            ? trans.__('Show versions and schedules')
            : trans.__('Refresh')}
        </LinkButton>
      </h3>
      {error && (
        <p className="jp-kubeflow-field-error" role="alert">
          {error}
        </p>
      )}
      {uploaded && (
        <p className="jp-kubeflow-muted jp-kubeflow-uploaded" role="status">
          {uploaded.unchanged
            ? trans.__(
                'Unchanged: the latest version is %1.',
                uploaded.version_name
              )
            : trans.__(
                'Uploaded %1, version %2.',
                uploaded.pipeline_name,
                uploaded.version_name
              )}
        </p>
      )}
      {versions !== null && (
        <ExperimentChooser
          host={target.host || undefined}
          namespace={target.namespace ?? ''}
          name="kfp-experiment"
          value={experiment}
          onChange={setExperiment}
        />
      )}
      {versions !== null && (
        <table className="jp-kubeflow-table jp-kubeflow-versions">
          <caption>{trans.__('Versions (%1)', versions.length)}</caption>
          <tbody>
            {versions.map(version => (
              <tr key={version.id} data-version={version.id}>
                <th scope="row">
                  <a
                    href={version.url}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {version.name}
                  </a>
                  <div className="jp-kubeflow-muted">{version.description}</div>
                </th>
                <td>
                  <LinkButton
                    disabled={busy || parameters === null}
                    aria-label={trans.__('Run version %1', version.name)}
                    onClick={() => void runVersion(version)}
                  >
                    {trans.__('Run')}
                  </LinkButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {schedules !== null && (
        <div className="jp-kubeflow-schedules">
          <h4>{trans.__('Recurring runs')}</h4>
          {schedules.length === 0 && (
            <p className="jp-kubeflow-muted">
              {trans.__('None for this notebook.')}
            </p>
          )}
          <ul>
            {schedules.map(item => (
              <li key={item.id} data-schedule={item.id}>
                <strong>{item.name}</strong>{' '}
                {trans.__(
                  '%1, at most %2 at once',
                  item.cron
                    ? trans.__('cron %1', item.cron)
                    : trans.__('every %1 s', item.interval_seconds),
                  item.max_concurrency
                )}{' '}
                <span
                  className="jp-kubeflow-muted"
                  data-schedule-state={item.enabled ? 'enabled' : 'disabled'}
                >
                  ({item.enabled ? trans.__('enabled') : trans.__('disabled')})
                </span>{' '}
                <LinkButton
                  disabled={busy}
                  onClick={() =>
                    void scheduleAction(
                      item,
                      item.enabled ? 'disable' : 'enable'
                    )
                  }
                >
                  {item.enabled ? trans.__('Disable') : trans.__('Enable')}
                </LinkButton>{' '}
                <LinkButton
                  disabled={busy}
                  onClick={() => void scheduleAction(item, 'delete')}
                >
                  {trans.__('Delete')}
                </LinkButton>
              </li>
            ))}
          </ul>
          <div className="jp-kubeflow-schedule-form">
            <InputField
              label={trans.__(
                'Every (seconds) or cron (6 fields, seconds first)'
              )}
              name="schedule"
              placeholder={trans.__('3600 or 0 0 9 * * 1-5')}
              value={every}
              onChange={e => setEvery(e.target.value)}
            />
            <InputField
              label={trans.__('Runs at once (1-10)')}
              name="max_concurrency"
              type="number"
              min={1}
              max={10}
              value={concurrency}
              onChange={e => setConcurrency(e.target.value)}
            />
            <CheckField
              label={trans.__('Catch up on missed runs')}
              name="catch_up"
              checked={catchUp}
              onChange={e => setCatchUp(e.target.checked)}
            />
            <StyledButton
              disabled={busy || every.trim() === '' || parameters === null}
              onClick={() => void schedule()}
            >
              {trans.__('Schedule')}
            </StyledButton>
          </div>
        </div>
      )}
    </section>
  );
}
