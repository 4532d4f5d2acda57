/**
 * From the create form to a Workspace manifest (kubeflow.org/v1beta1, the shape of the
 * upstream sample), the form's checks, and where a server error's JSON path lands in
 * the form. Pure: no JupyterLab imports (unit-tested in manifest.test.ts).
 */
import { ITrans, plainTrans } from '../trans';
import type { IKindOption, IKindOptions } from './types';
import {
  checkDisplayName,
  checkLabelValue,
  checkMountPath,
  checkQualifiedKey,
  checkWorkspaceName,
  duplicateIndexes,
  problemsOf
} from './validate';
import { DATA_VOLUMES, IMountKind, SECRETS } from './mountKinds';

export const WORKSPACE_API_VERSION = 'kubeflow.org/v1beta1';

/** Secrets are mounted read-only for the owner and group (0644), as upstream does. */
export const SECRET_DEFAULT_MODE = 420;

export interface IKeyValueRow {
  key: string;
  value: string;
}

export interface IDataVolumeRow {
  pvcName: string;
  mountPath: string;
  readOnly: boolean;
}

export interface ISecretRow {
  secretName: string;
  mountPath: string;
}

/** What the create form holds while the user types. */
export interface IWorkspaceForm {
  name: string;
  displayName: string;
  kind: string;
  imageConfig: string;
  podConfig: string;
  /** The home PVC's name, '' for no home volume. */
  homeVolume: string;
  dataVolumes: IDataVolumeRow[];
  secrets: ISecretRow[];
  labels: IKeyValueRow[];
  annotations: IKeyValueRow[];
}

export interface IWorkspaceManifest {
  apiVersion: string;
  kind: 'Workspace';
  metadata: { name: string; namespace?: string };
  spec: {
    paused: boolean;
    displayName?: string;
    kind: string;
    podTemplate: {
      podMetadata: {
        labels: Record<string, string>;
        annotations: Record<string, string>;
      };
      volumes: {
        home?: string;
        data: IDataVolumeRow[];
        secrets: {
          secretName: string;
          mountPath: string;
          defaultMode: number;
        }[];
      };
      options: { imageConfig: string; podConfig: string };
    };
  };
}

/** An empty form for a kind, its default options preselected. */
export function emptyForm(
  kind?: { name: string; imageConfig: IKindOptions; podConfig: IKindOptions },
  name = ''
): IWorkspaceForm {
  return {
    name,
    displayName: '',
    kind: kind?.name ?? '',
    imageConfig: kind ? defaultOption(kind.imageConfig) : '',
    podConfig: kind ? defaultOption(kind.podConfig) : '',
    homeVolume: '',
    dataVolumes: [],
    secrets: [],
    labels: [],
    annotations: []
  };
}

/** The options a user may pick: the visible ones, plus `keep` (the current choice). */
export function visibleOptions(
  options: IKindOptions,
  keep?: string
): IKindOption[] {
  return options.options.filter(option => !option.hidden || option.id === keep);
}

/** An option's labels as "key=value" texts (a kind's spawner labels, e.g. cpu=1). */
export function labelTexts(option: IKindOption): string[] {
  return (option.labels ?? []).map(label => `${label.key}=${label.value}`);
}

/** Every label of the options, by key, values sorted: what a filter can pick from. */
export function labelChoices(options: IKindOption[]): Map<string, string[]> {
  const choices = new Map<string, Set<string>>();
  for (const option of options) {
    for (const label of option.labels ?? []) {
      if (!choices.has(label.key)) {
        choices.set(label.key, new Set());
      }
      choices.get(label.key)!.add(label.value);
    }
  }
  return new Map(
    [...choices.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, values]) => [key, [...values].sort()])
  );
}

/**
 * The options the chosen labels allow, as upstream's FilterByLabels does: within a key
 * any chosen value, across keys all of them. `keep` (the current choice) always stays.
 */
export function filterByLabels(
  options: IKindOption[],
  chosen: ReadonlySet<string>,
  keep?: string
): IKindOption[] {
  if (chosen.size === 0) {
    return options;
  }
  const byKey = new Map<string, Set<string>>();
  for (const text of chosen) {
    const at = text.indexOf('=');
    const key = text.slice(0, at);
    if (!byKey.has(key)) {
      byKey.set(key, new Set());
    }
    byKey.get(key)!.add(text.slice(at + 1));
  }
  return options.filter(
    option =>
      option.id === keep ||
      [...byKey.entries()].every(([key, values]) =>
        (option.labels ?? []).some(
          label => label.key === key && values.has(label.value)
        )
      )
  );
}

/** The kind's default option if it is offered, else the first visible one. */
export function defaultOption(options: IKindOptions): string {
  const visible = visibleOptions(options);
  if (visible.some(option => option.id === options.default)) {
    return options.default;
  }
  return visible[0]?.id ?? '';
}

/** An option's display name, or its id when the kind does not know it. */
export function optionLabel(
  options: IKindOptions | undefined,
  id: string
): string {
  const option = options?.options.find(candidate => candidate.id === id);
  return option?.displayName || id;
}

function rowsToMap(rows: IKeyValueRow[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const row of rows) {
    if (row.key.trim().length > 0) {
      map[row.key.trim()] = row.value;
    }
  }
  return map;
}

/** The Workspace the form describes, in the shape of the upstream sample. */
export function buildWorkspaceManifest(
  form: IWorkspaceForm,
  namespace?: string
): IWorkspaceManifest {
  const displayName = form.displayName.trim();
  const manifest: IWorkspaceManifest = {
    apiVersion: WORKSPACE_API_VERSION,
    kind: 'Workspace',
    metadata: { name: form.name.trim() },
    spec: {
      paused: false,
      kind: form.kind,
      podTemplate: {
        podMetadata: {
          labels: rowsToMap(form.labels),
          annotations: rowsToMap(form.annotations)
        },
        volumes: {
          data: form.dataVolumes.map(row => ({
            pvcName: row.pvcName,
            mountPath: row.mountPath.trim(),
            readOnly: row.readOnly
          })),
          secrets: form.secrets.map(row => ({
            secretName: row.secretName,
            mountPath: row.mountPath.trim(),
            defaultMode: SECRET_DEFAULT_MODE
          }))
        },
        options: { imageConfig: form.imageConfig, podConfig: form.podConfig }
      }
    }
  };
  if (namespace) {
    manifest.metadata.namespace = namespace;
  }
  if (displayName.length > 0) {
    manifest.spec.displayName = displayName;
  }
  if (form.homeVolume.length > 0) {
    manifest.spec.podTemplate.volumes.home = form.homeVolume;
  }
  return manifest;
}

/** A form's mount rows as its checks see them: what each names, and where. */
function mountsOf<R extends { mountPath: string }>(
  kind: IMountKind<R>,
  rows: readonly R[]
): { kind: IMountKind<R>; index: number; chosen: string; path: string }[] {
  return rows.map((row, index) => ({
    kind,
    index,
    chosen: String(row[kind.name]),
    path: row.mountPath.trim()
  }));
}

/** Form field key -> message, for every problem in the form ({} when it can be sent). */
export type FormErrors = Record<string, string>;

export type MetadataField = 'labels' | 'annotations';

/**
 * The words of the pod labels and pod annotations rows and of their checks (n counts
 * rows from 1): one whole message a kind of row, no noun put into a shared sentence.
 */
export function metadataTexts(field: MetadataField, trans: ITrans) {
  return field === 'labels'
    ? {
        title: trans.__('Pod labels'),
        key: (n: number) => trans.__('Pod label %1 key', n),
        value: (n: number) => trans.__('Pod label %1 value', n),
        remove: (n: number) => trans.__('Remove pod label %1', n),
        removeTitle: trans.__('Remove this label'),
        add: trans.__('+ Add label'),
        keyName: trans.__('Label key'),
        keyTaken: (key: string) =>
          trans.__("Label key '%1' is already used above.", key)
      }
    : {
        title: trans.__('Pod annotations'),
        key: (n: number) => trans.__('Pod annotation %1 key', n),
        value: (n: number) => trans.__('Pod annotation %1 value', n),
        remove: (n: number) => trans.__('Remove pod annotation %1', n),
        removeTitle: trans.__('Remove this annotation'),
        add: trans.__('+ Add annotation'),
        keyName: trans.__('Annotation key'),
        keyTaken: (key: string) =>
          trans.__("Annotation key '%1' is already used above.", key)
      };
}

function checkRows(
  errors: FormErrors,
  rows: IKeyValueRow[],
  field: MetadataField,
  trans: ITrans
): void {
  const texts = metadataTexts(field, trans);
  const duplicates = duplicateIndexes(rows.map(row => row.key.trim()));
  rows.forEach((row, index) => {
    const key = row.key.trim();
    Object.assign(
      errors,
      problemsOf({
        [`${field}.${index}.key`]:
          checkQualifiedKey(key, texts.keyName, trans) ??
          (duplicates.has(index) ? texts.keyTaken(key) : null),
        // annotation values are free text
        [`${field}.${index}.value`]:
          field === 'labels'
            ? checkLabelValue(row.value, trans.__('Label value'), trans)
            : null
      })
    );
  });
}

/** Every problem of the form, keyed by field (`name`, `dataVolumes.0.mountPath`, ...). */
export function validateWorkspaceForm(
  form: IWorkspaceForm,
  trans: ITrans = plainTrans
): FormErrors {
  const errors: FormErrors = {};
  const nameProblem = checkWorkspaceName(form.name.trim(), trans);
  if (nameProblem) {
    errors.name = nameProblem;
  }
  const displayProblem = checkDisplayName(form.displayName.trim(), trans);
  if (displayProblem) {
    errors.displayName = displayProblem;
  }
  if (!form.kind) {
    errors.kind = trans.__('Choose a workspace kind.');
  }
  if (!form.imageConfig) {
    errors.imageConfig = trans.__('Choose an image.');
  }
  if (!form.podConfig) {
    errors.podConfig = trans.__('Choose a pod configuration.');
  }
  // Data volumes and secrets share the pod's mount paths: one path, one volume.
  const mounts = [
    ...mountsOf(DATA_VOLUMES, form.dataVolumes),
    ...mountsOf(SECRETS, form.secrets)
  ];
  const duplicatePaths = duplicateIndexes(mounts.map(mount => mount.path));
  mounts.forEach((mount, at) => {
    const { field, name } = mount.kind;
    const texts = mount.kind.texts(trans);
    const n = mount.index + 1;
    Object.assign(
      errors,
      problemsOf({
        [`${field}.${mount.index}.${name}`]: mount.chosen
          ? null
          : texts.choose(n),
        [`${field}.${mount.index}.mountPath`]:
          checkMountPath(mount.path, texts.labels(n).path, trans) ??
          (duplicatePaths.has(at) ? texts.taken(n, mount.path) : null)
      })
    );
  });
  checkRows(errors, form.labels, 'labels', trans);
  checkRows(errors, form.annotations, 'annotations', trans);
  return errors;
}

/**
 * The form field a server error's JSON path names, e.g.
 * `spec.podTemplate.volumes.data[1].mountPath` -> `dataVolumes.1.mountPath`;
 * `form` when the path is not one the form shows.
 */
export function formFieldForPath(
  path: string | undefined,
  form?: IWorkspaceForm
): string {
  if (!path) {
    return 'form';
  }
  // Accept both `data[1]` and `data.1`.
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  const joined = parts.join('.');
  const fixed: Record<string, string> = {
    'metadata.name': 'name',
    'spec.displayName': 'displayName',
    'spec.kind': 'kind',
    'spec.podTemplate.options.imageConfig': 'imageConfig',
    'spec.podTemplate.options.podConfig': 'podConfig',
    'spec.podTemplate.volumes.home': 'homeVolume'
  };
  if (fixed[joined]) {
    return fixed[joined];
  }
  const rows: Record<string, [string, string]> = {
    data: ['dataVolumes', 'mountPath'],
    secrets: ['secrets', 'mountPath']
  };
  if (joined.startsWith('spec.podTemplate.volumes.')) {
    const [group, index, leaf] = parts.slice(3);
    const target = rows[group];
    if (target && index !== undefined && /^\d+$/.test(index)) {
      const column =
        leaf === 'pvcName' || leaf === 'secretName' ? leaf : target[1];
      return `${target[0]}.${index}.${column}`;
    }
  }
  for (const field of ['labels', 'annotations'] as const) {
    const prefix = `spec.podTemplate.podMetadata.${field}`;
    if (joined === prefix || joined.startsWith(prefix + '.')) {
      // The rest of the path is the key itself, which may contain dots.
      const key = joined.slice(prefix.length + 1);
      const index =
        form?.[field].findIndex(row => row.key.trim() === key) ?? -1;
      return index >= 0 ? `${field}.${index}.key` : field;
    }
  }
  if (joined.startsWith('spec.podTemplate.options.imageConfig')) {
    return 'imageConfig';
  }
  if (joined.startsWith('spec.podTemplate.options.podConfig')) {
    return 'podConfig';
  }
  return 'form';
}
