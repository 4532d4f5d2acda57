/** The registry routes under `/kubeflow/api/registry/`, typed (all through `requestAPI`). */
import { requestAPI } from '../api';
import { listModelsPath } from './format';
import {
  IDeployRequest,
  IDeployResult,
  IFormatList,
  IListModelsQuery,
  IModelArtifact,
  IModelDetails,
  IModelList,
  IModelVersion,
  IRegisteredModel,
  IRegisterJob,
  IRegisterRequest,
  IRegistryStatus,
  IResourcePatch,
  IVersionDetails
} from './types';

const ROOT = 'registry';
const id = (value: string): string => encodeURIComponent(value);

/** A model's, version's or artifact's own route. */
function entityRoute(
  collection: 'models' | 'versions' | 'artifacts',
  entityId: string
): string {
  return `${ROOT}/${collection}/${id(entityId)}`;
}

/** The details of a model or version (GET of its route), by its id. */
function getEntity<T>(
  collection: 'models' | 'versions'
): (entityId: string) => Promise<T> {
  return entityId => requestAPI<T>(entityRoute(collection, entityId));
}

/** Change some fields of a model, version or artifact (the registry's PATCH). */
function patchEntity<T>(
  collection: 'models' | 'versions' | 'artifacts'
): (entityId: string, patch: IResourcePatch) => Promise<T> {
  return (entityId, patch) =>
    requestAPI<T>(entityRoute(collection, entityId), {
      method: 'PATCH',
      body: patch
    });
}

export function listModels(query: IListModelsQuery): Promise<IModelList> {
  return requestAPI<IModelList>(`${ROOT}/${listModelsPath(query)}`);
}

export const getModel = getEntity<IModelDetails>('models');
export const patchModel = patchEntity<IRegisteredModel>('models');
export const getVersion = getEntity<IVersionDetails>('versions');
export const patchVersion = patchEntity<IModelVersion>('versions');
export const patchArtifact = patchEntity<IModelArtifact>('artifacts');

export function startRegister(
  request: IRegisterRequest
): Promise<IRegisterJob> {
  return requestAPI<IRegisterJob>(`${ROOT}/register`, {
    method: 'POST',
    body: request
  });
}

export function getRegisterJob(jobId: string): Promise<IRegisterJob> {
  return requestAPI<IRegisterJob>(`${ROOT}/register/${id(jobId)}`);
}

/** Stop a running registration: its copy stops and is removed, nothing is registered. */
export function cancelRegisterJob(jobId: string): Promise<IRegisterJob> {
  return requestAPI<IRegisterJob>(`${ROOT}/register/${id(jobId)}/cancel`, {
    method: 'POST'
  });
}

export function listFormats(): Promise<IFormatList> {
  return requestAPI<IFormatList>(`${ROOT}/formats`);
}

export function deployVersion(
  versionId: string,
  request: IDeployRequest
): Promise<IDeployResult> {
  return requestAPI<IDeployResult>(
    `${entityRoute('versions', versionId)}/deploy`,
    {
      method: 'POST',
      body: request
    }
  );
}

/** Whether a Kubernetes cluster is connected, and the registry's own status. */
export interface IConnections {
  registry?: IRegistryStatus;
  /** '' when a cluster is connected, else why deploying cannot apply */
  clusterProblem: string;
  /** the kubeconfig's current namespace, when known */
  namespace: string;
}

export async function getConnections(): Promise<IConnections> {
  const status = await requestAPI<Record<string, any>>('status');
  const registry = status.registry as IRegistryStatus | undefined;
  // The contract has no cluster flag for the registry: the workspaces capability reports
  // whether the Kubernetes API answers (its `connected`), which is what deploy needs.
  const cluster = status.workspaces as
    | { connected?: boolean; error?: string | null; namespace?: string }
    | undefined;
  let clusterProblem = '';
  if (!cluster || cluster.connected !== true) {
    clusterProblem =
      'No Kubernetes cluster is connected' +
      (cluster?.error ? ` (${cluster.error})` : '') +
      ': set KubeflowExtension.kubeconfig or KUBECONFIG to deploy. You can still copy the YAML.';
  }
  return { registry, clusterProblem, namespace: cluster?.namespace ?? '' };
}
