/**
 * The pipelines routes (`/kubeflow/api/pipelines/...`), typed. Every call goes through
 * `requestAPI`, so auth, XSRF and error shapes are handled in one place.
 */
import { apiURL, getStatus, requestAPI } from '../api';
import {
  IAnalysis,
  ICompileResult,
  IExperiment,
  IKfpRun,
  IKfpTarget,
  IPipelinesStatus,
  IPipelineVersion,
  IRun,
  IRunRequest,
  ISchedule,
  IScheduleRequest,
  IStepLog,
  IUploaded,
  JSONValue,
  KfpRunAction,
  SplitMode
} from './types';

export function analyse(path: string, split?: SplitMode): Promise<IAnalysis> {
  return requestAPI<IAnalysis>('pipelines/analyse', {
    method: 'POST',
    body: { path, ...(split ? { split } : {}) }
  });
}

export function compile(
  path: string,
  split?: SplitMode
): Promise<ICompileResult> {
  return requestAPI<ICompileResult>('pipelines/compile', {
    method: 'POST',
    body: { path, ...(split ? { split } : {}) }
  });
}

export function startRun(request: IRunRequest): Promise<IRun> {
  return requestAPI<IRun>('pipelines/runs', { method: 'POST', body: request });
}

/**
 * Runs of notebooks under the server's root, newest first; with `path`, only that
 * notebook's runs (runs are keyed by the notebook's absolute path on the server).
 */
export async function listRuns(path?: string): Promise<IRun[]> {
  const query = path ? `?path=${encodeURIComponent(path)}` : '';
  return (await requestAPI<{ runs: IRun[] }>(`pipelines/runs${query}`)).runs;
}

/** The notebook's pipeline's runs on Kubeflow Pipelines (the configured endpoint). */
export async function kfpRuns(path: string): Promise<IKfpRun[]> {
  const query = `?path=${encodeURIComponent(path)}`;
  return (await requestAPI<{ runs: IKfpRun[] }>(`pipelines/kfp-runs${query}`))
    .runs;
}

export function getRun(id: string): Promise<IRun> {
  return requestAPI<IRun>(`pipelines/runs/${encodeURIComponent(id)}`);
}

/** Where the browser downloads a Kubeflow run's output from KFP's artifact store. */
export function outputURL(id: string, uri: string): string {
  return apiURL(
    `pipelines/runs/${encodeURIComponent(id)}/output?uri=${encodeURIComponent(uri)}`
  );
}

export function cancelRun(id: string): Promise<IRun> {
  return requestAPI<IRun>(`pipelines/runs/${encodeURIComponent(id)}/cancel`, {
    method: 'POST'
  });
}

/** A Kubeflow step's log, or where to read it when the server cannot read the cluster. */
export function stepLog(id: string, step: string): Promise<IStepLog> {
  return requestAPI<IStepLog>(
    `pipelines/runs/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/log`
  );
}

/** Act on the Kubeflow run of a run kept here; the run after it (null once deleted). */
export async function kfpRunAction(
  id: string,
  action: KfpRunAction
): Promise<IRun | null> {
  const answer = await requestAPI<IRun | { deleted: true }>(
    `pipelines/runs/${encodeURIComponent(id)}/kfp/${action}`,
    { method: 'POST', body: {} }
  );
  return 'deleted' in answer ? null : answer;
}

/** Forget a finished run here: its record, log and outputs. */
export async function deleteRun(id: string): Promise<void> {
  await requestAPI<unknown>(`pipelines/runs/${encodeURIComponent(id)}`, {
    method: 'DELETE'
  });
}

/** The pipelines part of the server's status; empty host when that part is missing. */
export async function pipelinesStatus(): Promise<IPipelinesStatus> {
  const status = await getStatus();
  const part = status.pipelines as Partial<IPipelinesStatus> | undefined;
  return {
    kfp_host: part?.kfp_host ?? '',
    connected: part?.connected ?? false,
    base_image: part?.base_image ?? '',
    namespace: part?.namespace ?? '',
    namespace_from: part?.namespace_from ?? '',
    multi_user: part?.multi_user ?? null
  };
}

function targetQuery(target: IKfpTarget): string {
  const params = new URLSearchParams();
  if (target.host) {
    params.set('host', target.host);
  }
  if (target.namespace) {
    params.set('namespace', target.namespace);
  }
  const text = params.toString();
  return text ? `&${text}` : '';
}

/** Upload the notebook's pipeline to KFP: a new version when it changed. */
export function uploadPipeline(
  path: string,
  target: IKfpTarget
): Promise<IUploaded> {
  return requestAPI<IUploaded>('pipelines/upload', {
    method: 'POST',
    body: { path, host: target.host, namespace: target.namespace }
  });
}

/** A list kept for the notebook's pipeline on the target's KFP (`{<list>: [...]}`). */
function pipelineList<T>(
  list: 'versions' | 'schedules'
): (path: string, target: IKfpTarget) => Promise<T[]> {
  return async (path, target) => {
    const query = `?path=${encodeURIComponent(path)}${targetQuery(target)}`;
    const answer = await requestAPI<Record<string, T[]>>(
      `pipelines/${list}${query}`
    );
    return answer[list];
  };
}

/** What a run of the notebook's pipeline on KFP is sent with, run now or scheduled. */
function runBody(
  path: string,
  parameters: Record<string, JSONValue>,
  target: IKfpTarget
): Record<string, unknown> {
  return {
    path,
    parameters,
    host: target.host,
    namespace: target.namespace,
    experiment: target.experiment
  };
}

export const pipelineVersions = pipelineList<IPipelineVersion>('versions');

/** Run a version of the notebook's KFP pipeline; the run kept here, followed like a submit. */
export function runVersion(
  path: string,
  versionId: string,
  parameters: Record<string, JSONValue>,
  target: IKfpTarget
): Promise<IRun> {
  return requestAPI<IRun>(
    `pipelines/versions/${encodeURIComponent(versionId)}/runs`,
    { method: 'POST', body: runBody(path, parameters, target) }
  );
}

/** The experiments of the target's namespace on its KFP, newest first. */
export async function experiments(target: IKfpTarget): Promise<IExperiment[]> {
  const query = targetQuery(target).slice(1);
  return (
    await requestAPI<{ experiments: IExperiment[] }>(
      `pipelines/experiments${query ? `?${query}` : ''}`
    )
  ).experiments;
}

export const schedules = pipelineList<ISchedule>('schedules');

export function createSchedule(
  path: string,
  request: IScheduleRequest,
  parameters: Record<string, JSONValue>,
  target: IKfpTarget
): Promise<ISchedule> {
  return requestAPI<ISchedule>('pipelines/schedules', {
    method: 'POST',
    body: { ...request, ...runBody(path, parameters, target) }
  });
}

export async function scheduleAction(
  id: string,
  action: 'enable' | 'disable' | 'delete',
  target: IKfpTarget
): Promise<void> {
  const route = `pipelines/schedules/${encodeURIComponent(id)}`;
  if (action === 'delete') {
    await requestAPI<unknown>(`${route}?${targetQuery(target).slice(1)}`, {
      method: 'DELETE'
    });
    return;
  }
  await requestAPI<unknown>(`${route}/${action}`, {
    method: 'POST',
    body: { host: target.host, namespace: target.namespace }
  });
}
