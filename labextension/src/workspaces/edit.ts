/**
 * The edit form: what a user may change on an existing Workspace (display name, image
 * config, pod config, data volumes, secrets, pod labels and annotations), the PATCH it
 * becomes, and the "old -> new" list shown before saving. Pure: no JupyterLab imports
 * (unit-tested in edit.test.ts).
 */
import {
  emptyForm,
  formFieldForPath,
  IDataVolumeRow,
  IKeyValueRow,
  ISecretRow,
  optionLabel,
  SECRET_DEFAULT_MODE,
  validateWorkspaceForm
} from './manifest';
import type {
  ChangesApply,
  IWorkspaceItem,
  IWorkspaceKind,
  IWorkspacePatch
} from './types';
import { checkDisplayName } from './validate';
import { ITrans, Messages, plainTrans } from '../trans';

/** A secret row that keeps the mode it was mounted with. */
export interface IEditSecretRow extends ISecretRow {
  defaultMode?: number | null;
}

export interface IEditForm {
  displayName: string;
  imageConfig: string;
  podConfig: string;
  dataVolumes: IDataVolumeRow[];
  secrets: IEditSecretRow[];
  labels: IKeyValueRow[];
  annotations: IKeyValueRow[];
}

/** The parts of the pod a PATCH replaces whole (issue 13's PATCH fields). */
export type MountSection = 'dataVolumes' | 'secrets' | 'labels' | 'annotations';

export interface IChange {
  field: keyof IEditForm;
  label: string;
  from: string;
  to: string;
}

export interface IEditPlan {
  changes: IChange[];
  patch: IWorkspacePatch;
  /**
   * Saving restarts the workspace at once: the Notebooks controller updates the pod
   * template of a running workspace and its pod is replaced (running kernels stop).
   */
  restartsNow: boolean;
  /** The pod template changes (applied at once if it runs, else when resumed). */
  changesPod: boolean;
  /**
   * The pod exists but is not ready (Pending, Error): the StatefulSet controller leaves it
   * alone, so the change reaches it only when the workspace is restarted (paused and
   * resumed). The form offers to save and restart in one action.
   */
  waitsForRestart: boolean;
  /** What causes the restart, e.g. "Changing its image and data volumes". */
  restartReason: string;
  errors: Record<string, string>;
}

/** The parts of the pod a PATCH changes (all it sends but the display name). */
type PodPart = Exclude<keyof IWorkspacePatch, 'paused' | 'displayName'>;

/** Each part's heading in the "old -> new" list. */
const POD_PART_LABELS: Messages<PodPart> = {
  imageConfig: trans => trans.__('Image'),
  podConfig: trans => trans.__('Pod config'),
  dataVolumes: trans => trans.__('Data volumes'),
  secrets: trans => trans.__('Secrets'),
  podLabels: trans => trans.__('Pod labels'),
  podAnnotations: trans => trans.__('Pod annotations')
};

function rowsOfMap(map: Record<string, string> | undefined): IKeyValueRow[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));
}

/**
 * The sections this item lets the form edit: an older server sends no `secrets`,
 * `podLabels` or `podAnnotations`, and replacing what it did not show would lose them.
 */
export function editableSections(item: IWorkspaceItem): Set<MountSection> {
  const sections = new Set<MountSection>(['dataVolumes']);
  if (item.secrets !== undefined) {
    sections.add('secrets');
  }
  if (item.podLabels !== undefined) {
    sections.add('labels');
  }
  if (item.podAnnotations !== undefined) {
    sections.add('annotations');
  }
  return sections;
}

/**
 * The form's starting values: the options chosen in the spec (`current`), not where a
 * redirect will take them at the next restart (`desired`): that is the controller's doing.
 */
export function editFormFromItem(item: IWorkspaceItem): IEditForm {
  return {
    displayName: item.displayName ?? '',
    imageConfig: item.imageConfig.current || item.imageConfig.desired,
    podConfig: item.podConfig.current || item.podConfig.desired,
    dataVolumes: (item.dataVolumes ?? []).map(volume => ({
      pvcName: volume.pvcName,
      mountPath: volume.mountPath,
      readOnly: !!volume.readOnly
    })),
    secrets: (item.secrets ?? []).map(secret => ({
      secretName: secret.secretName,
      mountPath: secret.mountPath,
      defaultMode: secret.defaultMode
    })),
    labels: rowsOfMap(item.podLabels),
    annotations: rowsOfMap(item.podAnnotations)
  };
}

function dataVolumesOf(rows: IDataVolumeRow[]): IDataVolumeRow[] {
  return rows.map(row => ({
    pvcName: row.pvcName,
    mountPath: row.mountPath.trim(),
    readOnly: row.readOnly
  }));
}

function secretsOf(
  rows: IEditSecretRow[]
): { secretName: string; mountPath: string; defaultMode: number }[] {
  return rows.map(row => ({
    secretName: row.secretName,
    mountPath: row.mountPath.trim(),
    defaultMode: row.defaultMode ?? SECRET_DEFAULT_MODE
  }));
}

function mapOf(rows: IKeyValueRow[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const row of rows) {
    if (row.key.trim()) {
      map[row.key.trim()] = row.value;
    }
  }
  return map;
}

function sameMap(
  a: Record<string, string>,
  b: Record<string, string>
): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every(
      key => Object.prototype.hasOwnProperty.call(b, key) && a[key] === b[key]
    )
  );
}

function volumesText(rows: IDataVolumeRow[], trans: ITrans): string {
  return rows.length === 0
    ? trans.__('(none)')
    : rows
        .map(row =>
          row.readOnly
            ? trans.__(
                '%1 at %2 (read-only)',
                row.pvcName,
                row.mountPath.trim()
              )
            : trans.__('%1 at %2', row.pvcName, row.mountPath.trim())
        )
        .join('; ');
}

function secretsText(rows: IEditSecretRow[], trans: ITrans): string {
  return rows.length === 0
    ? trans.__('(none)')
    : rows
        .map(row => trans.__('%1 at %2', row.secretName, row.mountPath.trim()))
        .join('; ');
}

function mapText(map: Record<string, string>, trans: ITrans): string {
  const entries = Object.entries(map);
  return entries.length === 0
    ? trans.__('(none)')
    : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}

/** The row problems of the volume, secret and label sections (create form's checks). */
function sectionErrors(
  item: IWorkspaceItem,
  form: IEditForm,
  trans: ITrans
): Record<string, string> {
  const asCreate = {
    ...emptyForm(undefined, item.name),
    dataVolumes: form.dataVolumes,
    secrets: form.secrets,
    labels: form.labels,
    annotations: form.annotations
  };
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(
    validateWorkspaceForm(asCreate, trans)
  )) {
    if (/^(dataVolumes|secrets|labels|annotations)\./.test(field)) {
      errors[field] = message;
    }
  }
  return errors;
}

/** "image, pod config and data volumes": a list in words. */
function joinWords(words: string[], trans: ITrans): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : trans.__(
        '%1 and %2',
        words.slice(0, -1).join(', '),
        words[words.length - 1]
      );
}

/** When a pod change reaches the pod (older servers: at once unless paused). */
export function changesApplyOf(item: IWorkspaceItem): ChangesApply {
  return item.changesApply ?? (item.paused ? 'resume' : 'now');
}

/**
 * What saving the form would change, and the PATCH body that does it. `trans` defaults
 * to English for callers not yet translated.
 */
export function planEdit(
  item: IWorkspaceItem,
  form: IEditForm,
  kind?: IWorkspaceKind,
  trans: ITrans = plainTrans
): IEditPlan {
  const before = editFormFromItem(item);
  const editable = editableSections(item);
  const changes: IChange[] = [];
  const patch: IWorkspacePatch = {};
  const errors: Record<string, string> = {};

  const displayName = form.displayName.trim();
  const displayProblem = checkDisplayName(displayName, trans);
  if (displayProblem) {
    errors.displayName = displayProblem;
  } else if (displayName.length === 0 && before.displayName.length > 0) {
    // spec.displayName has minLength 1: it can be changed, not emptied here.
    errors.displayName = trans.__(
      'Display name cannot be emptied; type a new one.'
    );
  } else if (displayName !== before.displayName) {
    changes.push({
      field: 'displayName',
      label: trans.__('Display name'),
      from: before.displayName || trans.__('(none)'),
      to: displayName
    });
    patch.displayName = displayName;
  }
  for (const option of ['imageConfig', 'podConfig'] as const) {
    if (form[option] && form[option] !== before[option]) {
      changes.push({
        field: option,
        label: POD_PART_LABELS[option](trans),
        from: optionLabel(kind?.[option], before[option]),
        to: optionLabel(kind?.[option], form[option])
      });
      patch[option] = form[option];
    }
  }

  const changed = new Set<MountSection>();
  /** A list section (volumes, secrets): changed when its rows as sent differ. */
  const changeList = <S extends 'dataVolumes' | 'secrets'>(
    section: S,
    sent: (rows: IEditForm[S]) => NonNullable<IWorkspacePatch[S]>,
    text: (rows: IEditForm[S], trans: ITrans) => string
  ) => {
    const now = sent(form[section]);
    if (
      editable.has(section) &&
      JSON.stringify(now) !== JSON.stringify(sent(before[section]))
    ) {
      changed.add(section);
      changes.push({
        field: section,
        label: POD_PART_LABELS[section](trans),
        from: text(before[section], trans),
        to: text(form[section], trans)
      });
      patch[section] = now;
    }
  };
  changeList('dataVolumes', dataVolumesOf, volumesText);
  changeList('secrets', secretsOf, secretsText);
  for (const [section, key] of [
    ['labels', 'podLabels'],
    ['annotations', 'podAnnotations']
  ] as const) {
    const now = mapOf(form[section]);
    const was = mapOf(before[section]);
    // Rows count too: an emptied key is a change to check, not one to drop silently.
    const rowsChanged =
      form[section].length !== before[section].length || !sameMap(now, was);
    if (editable.has(section) && rowsChanged) {
      changed.add(section);
      if (!sameMap(now, was)) {
        changes.push({
          field: section,
          label: POD_PART_LABELS[key](trans),
          from: mapText(was, trans),
          to: mapText(now, trans)
        });
        patch[key] = now;
      }
    }
  }
  for (const [field, message] of Object.entries(
    sectionErrors(item, form, trans)
  )) {
    if (changed.has(field.split('.')[0] as MountSection)) {
      errors[field] = message;
    }
  }

  const restartCauses = [
    patch.imageConfig !== undefined ? trans.__('image') : '',
    patch.podConfig !== undefined ? trans.__('pod config') : '',
    patch.dataVolumes !== undefined ? trans.__('data volumes') : '',
    patch.secrets !== undefined ? trans.__('secrets') : '',
    patch.podLabels !== undefined ? trans.__('pod labels') : '',
    patch.podAnnotations !== undefined ? trans.__('pod annotations') : ''
  ].filter(Boolean);
  const changesPod = restartCauses.length > 0;
  const applies = changesApplyOf(item);
  return {
    changes,
    patch,
    restartsNow: changesPod && applies === 'now',
    changesPod,
    waitsForRestart: changesPod && applies === 'restart',
    restartReason: trans.__('Changing its %1', joinWords(restartCauses, trans)),
    errors
  };
}

/**
 * The form field a PATCH error names: `dataVolumes[1].mountPath` ->
 * `dataVolumes.1.mountPath`, `podLabels.team` -> the row of that key, the spec paths the
 * create form knows as well; 'form' when none.
 */
export function editFieldForPath(
  path: string | undefined,
  form: IEditForm
): string {
  if (!path) {
    return 'form';
  }
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  if (['displayName', 'imageConfig', 'podConfig'].includes(dotted)) {
    return dotted;
  }
  const row = /^(dataVolumes|secrets)(?:\.(\d+)(?:\.(\w+))?)?$/.exec(dotted);
  if (row) {
    if (row[2] === undefined) {
      return row[1];
    }
    const leaf =
      row[3] === 'pvcName' || row[3] === 'secretName' ? row[3] : 'mountPath';
    return `${row[1]}.${row[2]}.${leaf}`;
  }
  for (const [key, section] of [
    ['podLabels', 'labels'],
    ['podAnnotations', 'annotations'],
    ['spec.podTemplate.podMetadata.labels', 'labels'],
    ['spec.podTemplate.podMetadata.annotations', 'annotations']
  ] as const) {
    if (dotted === key) {
      return section;
    }
    if (dotted.startsWith(`${key}.`)) {
      const name = dotted.slice(key.length + 1);
      const index = form[section].findIndex(r => r.key.trim() === name);
      return index >= 0 ? `${section}.${index}.key` : section;
    }
  }
  const field = formFieldForPath(path);
  return field === 'homeVolume' || field === 'name' || field === 'kind'
    ? 'form'
    : field;
}
