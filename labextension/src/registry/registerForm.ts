/**
 * The register dialog's form: its values, their errors, and the `POST register` body.
 * Pure; see registerForm.test.ts.
 */
import { ITrans, plainTrans } from '../trans';
import { IPropertyRow } from './properties';
import { IModelSource, IRegisterRequest, StorageKind } from './types';
import {
  validateLabels,
  validateModelName,
  validatePropertyRows,
  validateVersionName
} from './validate';

export interface IRegisterForm {
  /** file or folder, relative to the Jupyter root ('' when `uri` is given) */
  path: string;
  /** a model already in storage, registered without an upload */
  uri?: string;
  modelName: string;
  versionName: string;
  modelFormatName: string;
  modelFormatVersion: string;
  description: string;
  properties: IPropertyRow[];
  labels: string[];
  author: string;
  /** '' leaves the choice to the server (local for the embedded registry) */
  storage: StorageKind | '';
  /** where the model came from (a pipeline run), recorded as kubeflow.* properties */
  lineage?: { notebook?: string; pipeline?: string; runId?: string };
  /** the source recorded on the model artifact (a Kubeflow run, a catalog model) */
  modelSource?: IModelSource;
  /** an external registry: the user agreed to a file:// URI only this server can read */
  allowLocalUri?: boolean;
}

/** Where the form is sent: the registry's mode and the storage a file would go to. */
export interface IRegisterTarget {
  external: boolean;
  storage: StorageKind;
}

/** Whether the registered model would get a file:// URI (a path on this Jupyter server). */
export function getsLocalUri(
  form: IRegisterForm,
  storage: StorageKind
): boolean {
  return form.uri ? /^file:/i.test(form.uri) : storage === 'local';
}

/** Why a file:// URI is a problem for an external registry (shown before registering). */
export function localUriWarning(trans: ITrans): string {
  return trans.__(
    "A file:// URI names a path on this Jupyter server only: the registry's other users and KServe in the cluster cannot read it, so this version cannot be deployed."
  );
}

/** Errors by field: `modelName`, `versionName`, `properties.N`, `labels.N`, `form`. */
export type FormErrors = Record<string, string>;

/** Every error of the form; empty when it can be sent. */
export function validateRegisterForm(
  form: IRegisterForm,
  existingVersionNames: readonly string[],
  target?: IRegisterTarget,
  trans: ITrans = plainTrans
): FormErrors {
  const errors: FormErrors = {};
  if (
    target?.external &&
    getsLocalUri(form, target.storage) &&
    !form.allowLocalUri
  ) {
    errors[form.uri ? 'uri' : 'storage'] = trans.__(
      'Choose S3 or OCI storage, or register it with a file:// URI all the same.'
    );
  }
  const modelName = validateModelName(form.modelName, trans);
  if (modelName) {
    errors.modelName = modelName;
  }
  const versionName = validateVersionName(
    form.versionName,
    existingVersionNames,
    trans
  );
  if (versionName) {
    errors.versionName = versionName;
  }
  if (form.modelFormatVersion.trim() && !form.modelFormatName.trim()) {
    errors.modelFormatName = trans.__('A format version needs a format name.');
  }
  for (const [index, message] of Object.entries(
    validatePropertyRows(form.properties, form.labels, trans)
  )) {
    errors[`properties.${index}`] = message;
  }
  for (const [index, message] of Object.entries(
    validateLabels(form.labels, trans)
  )) {
    errors[`labels.${index}`] = message;
  }
  return errors;
}

/** The `POST register` body (empty optional fields left out). */
export function toRegisterRequest(
  form: IRegisterForm,
  isNewModel = false
): IRegisterRequest {
  const request: IRegisterRequest = {
    ...(form.uri ? { uri: form.uri } : { path: form.path }),
    modelName: form.modelName,
    versionName: form.versionName
  };
  if (form.modelFormatName.trim()) {
    request.modelFormatName = form.modelFormatName.trim();
  }
  if (form.modelFormatVersion.trim()) {
    request.modelFormatVersion = form.modelFormatVersion.trim();
  }
  if (form.description.trim()) {
    request.versionDescription = form.description.trim();
    if (isNewModel) {
      // a new model starts with the description of its first version
      request.description = form.description.trim();
    }
  }
  const properties: Record<string, string> = {};
  for (const row of form.properties) {
    if (row.key.trim()) {
      properties[row.key.trim()] = row.value;
    }
  }
  if (Object.keys(properties).length > 0) {
    request.properties = properties;
  }
  if (form.storage) {
    request.storage = form.storage;
  }
  if (form.author.trim()) {
    request.author = form.author.trim();
  }
  if (form.allowLocalUri) {
    request.allowLocalUri = true;
  }
  if (form.modelSource) {
    request.modelSource = form.modelSource;
  }
  const lineage = Object.fromEntries(
    Object.entries(form.lineage ?? {}).filter(([, value]) => Boolean(value))
  );
  if (Object.keys(lineage).length > 0) {
    request.lineage = lineage;
  }
  const labels = form.labels.map(label => label.trim()).filter(label => label);
  if (labels.length > 0) {
    request.labels = labels;
  }
  return request;
}

/** The model format guessed from a file name's extension, if it is a well-known one. */
export function guessFormat(path: string): string {
  const name = path.toLowerCase();
  const byExtension: [string, string][] = [
    ['.onnx', 'onnx'],
    ['.pt', 'pytorch'],
    ['.pth', 'pytorch'],
    ['.joblib', 'sklearn'],
    ['.pkl', 'sklearn'],
    ['.pickle', 'sklearn'],
    ['.bst', 'xgboost'],
    ['.ubj', 'xgboost'],
    ['.h5', 'tensorflow'],
    ['.keras', 'tensorflow'],
    ['.savedmodel', 'tensorflow'],
    ['.safetensors', 'huggingface'],
    ['.gguf', 'gguf']
  ];
  for (const [extension, format] of byExtension) {
    if (name.endsWith(extension)) {
      return format;
    }
  }
  return '';
}
