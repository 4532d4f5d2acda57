/**
 * The edit form: what a user may change on an existing Workspace (display name, image
 * config, pod config), the PATCH it becomes, and the "old -> new" list shown before
 * saving. Pure: no JupyterLab imports (unit-tested in edit.test.ts).
 */
import { optionLabel } from './manifest';
import type { IWorkspaceItem, IWorkspaceKind, IWorkspacePatch } from './types';
import { checkDisplayName } from './validate';

export interface IEditForm {
  displayName: string;
  imageConfig: string;
  podConfig: string;
}

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
  errors: Record<string, string>;
}

/**
 * The form's starting values: the options chosen in the spec (`current`), not where a
 * redirect will take them at the next restart (`desired`): that is the controller's doing.
 */
export function editFormFromItem(item: IWorkspaceItem): IEditForm {
  return {
    displayName: item.displayName ?? '',
    imageConfig: item.imageConfig.current || item.imageConfig.desired,
    podConfig: item.podConfig.current || item.podConfig.desired
  };
}

/** What saving the form would change, and the PATCH body that does it. */
export function planEdit(
  item: IWorkspaceItem,
  form: IEditForm,
  kind?: IWorkspaceKind
): IEditPlan {
  const before = editFormFromItem(item);
  const changes: IChange[] = [];
  const patch: IWorkspacePatch = {};
  const errors: Record<string, string> = {};

  const displayName = form.displayName.trim();
  const displayProblem = checkDisplayName(displayName);
  if (displayProblem) {
    errors.displayName = displayProblem;
  } else if (displayName.length === 0 && before.displayName.length > 0) {
    // spec.displayName has minLength 1: it can be changed, not emptied here.
    errors.displayName = 'Display name cannot be emptied; type a new one.';
  } else if (displayName !== before.displayName) {
    changes.push({
      field: 'displayName',
      label: 'Display name',
      from: before.displayName || '(none)',
      to: displayName
    });
    patch.displayName = displayName;
  }
  if (form.imageConfig && form.imageConfig !== before.imageConfig) {
    changes.push({
      field: 'imageConfig',
      label: 'Image',
      from: optionLabel(kind?.imageConfig, before.imageConfig),
      to: optionLabel(kind?.imageConfig, form.imageConfig)
    });
    patch.imageConfig = form.imageConfig;
  }
  if (form.podConfig && form.podConfig !== before.podConfig) {
    changes.push({
      field: 'podConfig',
      label: 'Pod config',
      from: optionLabel(kind?.podConfig, before.podConfig),
      to: optionLabel(kind?.podConfig, form.podConfig)
    });
    patch.podConfig = form.podConfig;
  }
  const restartsNow =
    !item.paused &&
    (patch.imageConfig !== undefined || patch.podConfig !== undefined);
  return { changes, patch, restartsNow, errors };
}
