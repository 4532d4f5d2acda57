/** The catalog routes under `/kubeflow/api/catalog/`, typed (all through `requestAPI`). */
import { requestAPI } from '../../api';
import { IRegisterJob } from '../types';
import { catalogModelsPath, modelPath } from './query';
import {
  ICatalogModelDetails,
  ICatalogModelList,
  ICatalogModelRef,
  ICatalogQuery,
  ICatalogRegisterForm,
  ICatalogSources,
  ICatalogStatus,
  IFilterOptions
} from './types';

export function listSources(): Promise<ICatalogSources> {
  return requestAPI<ICatalogSources>('catalog/sources');
}

export function getFilterOptions(): Promise<IFilterOptions> {
  return requestAPI<IFilterOptions>('catalog/filter_options');
}

export function listCatalogModels(
  query: ICatalogQuery
): Promise<ICatalogModelList> {
  return requestAPI<ICatalogModelList>(catalogModelsPath(query));
}

export function getCatalogModel(
  ref: ICatalogModelRef
): Promise<ICatalogModelDetails> {
  return requestAPI<ICatalogModelDetails>(modelPath('model', ref));
}

export function getRegisterForm(
  ref: ICatalogModelRef
): Promise<ICatalogRegisterForm> {
  return requestAPI<ICatalogRegisterForm>(modelPath('register-form', ref));
}

/** Register a catalog model; the job is the registry's (followed as any registration). */
export function registerCatalogModel(
  form: Omit<ICatalogRegisterForm, 'uris'>
): Promise<IRegisterJob> {
  return requestAPI<IRegisterJob>('catalog/register', {
    method: 'POST',
    body: form
  });
}

/** The catalog's part of `GET status`. */
export async function getCatalogStatus(): Promise<ICatalogStatus | undefined> {
  const status = await requestAPI<Record<string, any>>('status');
  return status.catalog as ICatalogStatus | undefined;
}
