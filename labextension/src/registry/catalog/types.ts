/**
 * The model catalog under `/kubeflow/api/catalog/`: objects are Kubeflow Hub's
 * `/api/model_catalog/v1` shapes (camelCase), whichever catalog answers.
 */
import { CustomProperties } from '../types';

export type SourceStatus =
  'available' | 'partially-available' | 'error' | 'disabled';

export interface ICatalogSource {
  id: string;
  name: string;
  enabled?: boolean;
  labels: string[];
  status?: SourceStatus;
  /** why the source is in error or partly loaded (file and entry) */
  error?: string | null;
}

/** A label definition of the catalog (`labels:` of its sources files). */
export interface ICatalogLabel {
  name: string;
  displayName?: string;
  [key: string]: string | undefined;
}

export interface ICatalogSources {
  sources: ICatalogSource[];
  labels: ICatalogLabel[];
}

export interface ICatalogModel {
  id?: string;
  name: string;
  sourceId?: string;
  description?: string;
  /** Markdown */
  readme?: string;
  maturity?: string;
  language?: string[];
  tasks?: string[];
  validatedTasks?: string[];
  provider?: string;
  /** a URL; shown only when it is a data: image */
  logo?: string;
  license?: string;
  licenseLink?: string;
  libraryName?: string;
  customProperties?: CustomProperties;
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
  artifactCounts?: Record<string, number>;
}

export interface ICatalogArtifact {
  id?: string;
  name?: string;
  artifactType: 'model-artifact' | 'metrics-artifact' | string;
  metricsType?: string;
  uri?: string;
  description?: string;
  customProperties?: CustomProperties;
  createTimeSinceEpoch?: string;
  lastUpdateTimeSinceEpoch?: string;
}

export interface ICatalogModelList {
  items: ICatalogModel[];
  size: number;
  pageSize: number;
  nextPageToken: string;
}

export interface IFilterOption {
  type: 'string' | 'number';
  values?: unknown[];
  range?: { min?: number; max?: number };
}

export interface IFilterOptions {
  filters?: Record<string, IFilterOption>;
}

/** A model's page: the model, its model artifacts, its performance figures. */
export interface ICatalogModelDetails {
  model: ICatalogModel;
  artifacts: ICatalogArtifact[];
  performance: ICatalogArtifact[];
}

/** The Catalog's filters: each reads one of Hub's filter options. */
export type CatalogFilter = 'task' | 'provider' | 'license' | 'language';

export type CatalogOrder =
  'NAME' | 'CREATE_TIME' | 'LAST_UPDATE_TIME' | 'ACCURACY';

export interface ICatalogQuery {
  q?: string;
  /** source ids; or labels (not both, as Hub) */
  sources?: string[];
  labels?: string[];
  filters?: Partial<Record<CatalogFilter, string[]>>;
  orderBy?: CatalogOrder;
  sortOrder?: 'ASC' | 'DESC';
  pageSize?: number;
  pageToken?: string;
}

/** The register form as the server prefills it. */
export interface ICatalogRegisterForm {
  sourceId: string;
  catalogModelName: string;
  modelName: string;
  description: string;
  versionName: string;
  uri: string;
  /** the catalog model's artifact URIs */
  uris: string[];
  modelFormatName: string;
  modelFormatVersion: string;
  labels: string[];
  author?: string;
}

export interface ICatalogStatus {
  mode: 'embedded' | 'external';
  url: string;
  connected: boolean;
  error?: string;
  problems?: { file: string; entry: string; message: string }[];
}

/** Where a catalog model lives: what the Catalog opens. */
export interface ICatalogModelRef {
  sourceId: string;
  name: string;
}
