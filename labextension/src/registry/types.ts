/**
 * The registry HTTP contract under `/kubeflow/api/registry/` (objects are the Kubeflow
 * Model Registry v1 REST shapes, camelCase).
 */

export type RegistryState = 'LIVE' | 'ARCHIVED';

export interface IMetadataStringValue {
  metadataType: 'MetadataStringValue';
  string_value: string;
}
export interface IMetadataIntValue {
  metadataType: 'MetadataIntValue';
  /** int64 travels as a string */
  int_value: string;
}
export interface IMetadataDoubleValue {
  metadataType: 'MetadataDoubleValue';
  double_value: number;
}
export interface IMetadataBoolValue {
  metadataType: 'MetadataBoolValue';
  bool_value: boolean;
}
export interface IMetadataStructValue {
  metadataType: 'MetadataStructValue';
  /** base64 of the JSON struct */
  struct_value: string;
}
export interface IMetadataProtoValue {
  metadataType: 'MetadataProtoValue';
  type: string;
  proto_value: string;
}
export type MetadataValue =
  | IMetadataStringValue
  | IMetadataIntValue
  | IMetadataDoubleValue
  | IMetadataBoolValue
  | IMetadataStructValue
  | IMetadataProtoValue;

export type CustomProperties = Record<string, MetadataValue>;

/** What every registry object has. */
export interface IBaseResource {
  id: string;
  name: string;
  description?: string;
  externalId?: string;
  customProperties?: CustomProperties;
  /** milliseconds since the epoch, as a string */
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
}

export interface IRegisteredModel extends IBaseResource {
  state?: RegistryState;
  owner?: string;
}

export interface IModelVersion extends IBaseResource {
  state?: RegistryState;
  author?: string;
  registeredModelId: string;
}

export interface IModelArtifact extends IBaseResource {
  artifactType?: string;
  uri?: string;
  state?: string;
  modelFormatName?: string;
  modelFormatVersion?: string;
  storageKey?: string;
  storagePath?: string;
  serviceAccountName?: string;
  /** where the model came from (e.g. "catalog": a source id and the catalog model) */
  modelSourceKind?: string;
  modelSourceClass?: string;
  modelSourceGroup?: string;
  modelSourceId?: string;
  modelSourceName?: string;
}

export interface IInferenceService extends IBaseResource {
  modelVersionId?: string;
  registeredModelId: string;
  servingEnvironmentId: string;
  runtime?: string;
  desiredState?: 'DEPLOYED' | 'UNDEPLOYED';
}

export type OrderBy = 'ID' | 'NAME' | 'CREATE_TIME' | 'LAST_UPDATE_TIME';
export type SortOrder = 'ASC' | 'DESC';
/** The list filter: one state, or all of them (no `state` parameter). */
export type StateFilter = RegistryState | 'ALL';

export interface IListModelsQuery {
  q?: string;
  state?: StateFilter;
  orderBy?: OrderBy;
  sortOrder?: SortOrder;
  pageSize?: number;
  pageToken?: string;
}

/** `GET models` */
export interface IModelList {
  items: IRegisteredModel[];
  size: number;
  pageSize: number;
  nextPageToken: string;
  /** the orders this registry applies (the real server ignores NAME) */
  orders: OrderBy[];
}

/** `GET models/{id}` */
export interface IModelDetails {
  model: IRegisteredModel;
  versions: IModelVersion[];
}

/** `GET versions/{id}` */
export interface IVersionDetails {
  version: IModelVersion;
  model: IRegisteredModel;
  artifacts: IModelArtifact[];
  inferenceServices: IInferenceService[];
}

/** A PATCH body: the editable parts of a model, version or artifact. */
export interface IResourcePatch {
  description?: string;
  customProperties?: CustomProperties;
  state?: RegistryState;
}

export type StorageKind = 'local' | 's3' | 'oci';

/** `POST register` */
export interface IRegisterRequest {
  /** a file or folder to upload (relative to the Jupyter root, or a run's output) */
  path?: string;
  /** or: a model already in storage (s3://, oci://, ...), recorded as it is */
  uri?: string;
  modelName: string;
  versionName: string;
  modelFormatName?: string;
  modelFormatVersion?: string;
  description?: string;
  versionDescription?: string;
  author?: string;
  properties?: Record<string, string | number | boolean>;
  labels?: string[];
  storage?: StorageKind;
  /** an external registry: register a local file (a file:// URI) all the same */
  allowLocalUri?: boolean;
  lineage?: { notebook?: string; pipeline?: string; runId?: string };
  /** where the model came from, recorded on its model artifact (`modelSource*`) */
  modelSource?: IModelSource;
}

/**
 * A model's source as the Model Registry's model artifact records it (`modelSourceKind`,
 * ...), which other registry UIs read to link back: `kfp`/`pipelinerun` for a Kubeflow
 * Pipelines run, `catalog` for a model of the model catalog.
 */
export interface IModelSource {
  kind: string;
  class?: string;
  group?: string;
  id?: string;
  name?: string;
}

export type JobState = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** `POST register` (202) and `GET register/{job}` */
export interface IRegisterJob {
  id: string;
  state: JobState;
  progress: number;
  bytes: number;
  totalBytes: number;
  result?: {
    model: IRegisteredModel;
    version: IModelVersion;
    artifact: IModelArtifact;
  };
  error?: { message: string; field?: string };
}

/** `GET formats` */
export interface IModelFormat {
  name: string;
  runtime?: string;
  [key: string]: unknown;
}
export interface IFormatList {
  formats: IModelFormat[];
}

/** `POST versions/{id}/deploy` */
export interface IDeployRequest {
  namespace: string;
  name: string;
  runtime?: string;
  apply: boolean;
}
export interface IDeployResult {
  manifest: Record<string, unknown>;
  yaml: string;
  applied: boolean;
  inferenceService: IInferenceService | null;
  message: string;
}

/** The `registry` part of `GET /kubeflow/api/status`. */
export interface IRegistryStatus {
  mode: 'embedded' | 'external';
  url: string;
  connected: boolean;
  apiVersion: string;
  error?: string;
  storage: StorageKind[];
  /** where a file goes when the form names no storage */
  defaultStorage?: StorageKind;
}
