/**
 * The pipelines HTTP contract (`/kubeflow/api/pipelines/...`), as the server sends it.
 * Kept free of JupyterLab imports so the pure modules and their tests can use it.
 */

/** A parameter's type, inferred by the server from its literal default. */
export type ParameterType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict';

/** A JSON value as a parameter default or run parameter. */
export type JSONValue =
  string | number | boolean | null | JSONValue[] | { [key: string]: JSONValue };

export interface IStep {
  name: string;
  /** 0-based indexes of the notebook's code cells in this step. */
  cells: number[];
  inputs: string[];
  outputs: string[];
  after: string[];
  image: string | null;
  limits: Record<string, string>;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  source: string;
}

/** A value edge (values non-empty) or a pure `prev:` ordering edge (values empty). */
export interface IEdge {
  source: string;
  target: string;
  values: string[];
}

export interface IParameter {
  name: string;
  type: ParameterType;
  default: JSONValue;
}

export interface IWarning {
  message: string;
  cell: number | null;
}

/** `POST analyse`. */
export interface IAnalysis {
  name: string;
  path: string;
  steps: IStep[];
  edges: IEdge[];
  parameters: IParameter[];
  metrics: string[];
  warnings: IWarning[];
  /** How the notebook was cut into steps (sent by the server beyond the contract). */
  split?: SplitMode;
}

/** `POST compile`. */
export interface ICompileResult {
  pipeline: string;
  dsl: string | null;
  analysis: IAnalysis;
}

export type SplitMode = 'tags' | 'headings' | 'single';
export type RunMode = 'local' | 'kfp';
export type RunStatus =
  'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type StepStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'SKIPPED'
  | 'CACHED'
  | 'CANCELLED';

export interface IRunStep {
  name: string;
  status: StepStatus;
  seconds: number | null;
  /** For a CACHED step: the run whose outputs were reused. */
  cachedFrom?: string | null;
  /** Kubeflow runs: when the step started (seconds since the epoch), null before. */
  started?: number | null;
  /** Kubeflow runs: the pod that ran the step's code. */
  pod?: string | null;
}

/** `GET runs/{id}/steps/{step}/log`: the log, or (log null) where to read it. */
export interface IStepLog {
  log: string | null;
  pod: string;
  container: string;
  where: string;
}

/** What can be done to a Kubeflow run (`POST runs/{id}/kfp/{action}`). */
export type KfpRunAction =
  'terminate' | 'retry' | 'archive' | 'unarchive' | 'delete';

export interface IRunOutput {
  step: string;
  name: string;
  path: string;
  type: string;
  /** where a Kubeflow run's output is stored (s3://, minio://, ...) */
  uri?: string;
  /** a Kubeflow run's output: its bytes in the artifact store */
  size?: number;
  /** a Kubeflow run's output: its files in the store (several: a folder, one .tar) */
  files?: number;
}

/** A run, local or on Kubeflow (`POST runs`, `GET runs/{id}`). */
export interface IRun {
  id: string;
  mode: RunMode;
  notebook: string;
  pipeline: string;
  status: RunStatus;
  created: number;
  finished: number | null;
  parameters: Record<string, JSONValue>;
  steps: IRunStep[];
  metrics: Record<string, number>;
  log_tail: string;
  error: string | null;
  url: string | null;
  kfp_run_id: string | null;
  /** a Kubeflow run's display name and profile namespace */
  kfp_run_name?: string | null;
  namespace?: string | null;
  outputs: IRunOutput[];
  /** A Kubeflow run without metrics or outputs here: why, and where to read them. */
  outputs_where?: string | null;
}

/** A run on Kubeflow Pipelines (`GET kfp-runs?path=`); times are ISO 8601. */
export interface IKfpRun {
  id: string;
  name: string;
  state: string;
  created: string | null;
  finished: string | null;
  url: string;
}

/** `POST runs` body. */
export interface IRunRequest {
  path: string;
  mode: RunMode;
  parameters?: Record<string, JSONValue>;
  split?: SplitMode;
  experiment?: string;
  host?: string;
  /** Kubeflow profile namespace (mode kfp); absent: the server's default. */
  namespace?: string;
  /** false: run every step again (local: ignore earlier outputs; KFP: no caching). */
  cache?: boolean;
  /** Local runs: the interpreter per step; absent: the server's default (warm). */
  runner?: LocalRunner;
  /** Local runs: run from this step on, reusing the outputs of the steps before it. */
  from_step?: string;
}

export type LocalRunner = 'warm' | 'clean' | 'kfp-local';

/** How a run is started beyond its mode: the `POST runs` options the view offers. */
export interface IRunOptions {
  host?: string;
  experiment?: string;
  namespace?: string;
  cache?: boolean;
  fromStep?: string;
}

/** The `pipelines` part of `GET /kubeflow/api/status`. */
export interface IPipelinesStatus {
  kfp_host: string;
  connected: boolean;
  base_image: string;
  /** The profile namespace KFP runs go to when none is given ('' when none found). */
  namespace: string;
  /** How `namespace` was chosen: "configured", "in-cluster", "kubeconfig"... */
  namespace_from: string;
  /** True/false when KFP answered; null when not asked or unreachable. */
  multi_user: boolean | null;
}

/** True while a run may still change. */
export function isActive(status: RunStatus): boolean {
  return status === 'PENDING' || status === 'RUNNING';
}

/** Where Kubeflow calls go from the view: the submit dialog's last host and namespace. */
export interface IKfpTarget {
  host?: string;
  namespace?: string;
  experiment?: string;
}

/** `POST upload`. */
export interface IUploaded {
  pipeline_id: string;
  pipeline_name: string;
  version_id: string;
  version_name: string;
  description: string;
  created: number | null;
  unchanged: boolean;
  url: string;
}

export interface IPipelineVersion {
  id: string;
  name: string;
  description: string;
  created: number | null;
  url: string;
}

/** A KFP experiment of a namespace (`GET experiments`). */
export interface IExperiment {
  id: string;
  name: string;
  description: string;
  created: number | null;
  archived: boolean;
  url: string;
}

/** A recurring run (`GET schedules`). */
export interface ISchedule {
  id: string;
  name: string;
  enabled: boolean;
  cron: string | null;
  interval_seconds: number | null;
  max_concurrency: number;
  catch_up: boolean;
  url: string;
}

/** `POST schedules` body beyond path and target. */
export interface IScheduleRequest {
  cron?: string;
  interval_seconds?: number;
  max_concurrency?: number;
  catch_up?: boolean;
  start?: string;
  end?: string;
}
