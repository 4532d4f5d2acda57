/**
 * What the register command is given for a run's output: the file (local run) or the
 * stored URI (Kubeflow run), the run's lineage, and for a Kubeflow run the run itself as
 * the model's source, as other registry UIs read it (`modelSourceKind: "kfp"`,
 * `modelSourceClass: "pipelinerun"`, group: the namespace, id and name: the run's).
 * Pure; see registerOutput.test.ts.
 */
import { PartialJSONObject } from '@lumino/coreutils';

import { IRun, IRunOutput } from './types';

/** The register command's arguments (JSON, as every command's). */
export interface IRegisterOutputArgs extends PartialJSONObject {
  path?: string;
  uri?: string;
  modelName: string;
  lineage: { notebook: string; pipeline: string; runId: string };
  modelSource?: {
    kind: string;
    class: string;
    group?: string;
    id: string;
    name?: string;
  };
}

/**
 * Whether the output can be registered: a local file, or a Kubeflow run's stored URI;
 * never a step's metrics.
 */
export function canRegister(output: IRunOutput, run: IRun): boolean {
  if (output.type === 'Metrics') {
    return false; // a step's metrics file (a Kubeflow run's kfp_metrics), not a model
  }
  return run.mode === 'local' || Boolean(output.uri && run.kfp_run_id);
}

export function registerOutputArgs(
  output: IRunOutput,
  run: IRun
): IRegisterOutputArgs {
  const args: IRegisterOutputArgs = {
    modelName: `${run.pipeline}-${output.name}`,
    lineage: { notebook: run.notebook, pipeline: run.pipeline, runId: run.id }
  };
  if (run.mode === 'local') {
    args.path = output.path;
    return args;
  }
  args.uri = servingURI(output.uri ?? '');
  args.modelSource = {
    kind: 'kfp',
    class: 'pipelinerun',
    ...(run.namespace ? { group: run.namespace } : {}),
    id: run.kfp_run_id ?? '',
    ...(run.kfp_run_name ? { name: run.kfp_run_name } : {})
  };
  return args;
}

/**
 * The URI a model server reads a stored output from: KFP's launcher names its MinIO
 * bucket `minio://bucket/key`, a scheme of its own; KServe's storage initializer (and the
 * registry's deploy) read the same object as `s3://bucket/key` with MinIO's endpoint.
 */
export function servingURI(uri: string): string {
  return uri.replace(/^minio:\/\//i, 's3://');
}
