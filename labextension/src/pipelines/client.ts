/**
 * The pipelines routes (`/kubeflow/api/pipelines/...`), typed. Every call goes through
 * `requestAPI`, so auth, XSRF and error shapes are handled in one place.
 */
import { getStatus, requestAPI } from '../api';
import {
  IAnalysis,
  ICompileResult,
  IKfpRun,
  IPipelinesStatus,
  IRun,
  IRunRequest,
  IStepLog,
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
