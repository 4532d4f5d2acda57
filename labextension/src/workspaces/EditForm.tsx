/**
 * The edit view: display name, image config, pod config, data volumes, secrets and pod
 * labels/annotations of one workspace, with the list of what will change (old -> new).
 * Changing the pod template of a workspace that runs (anything but its display name)
 * restarts it at once (the controller replaces its pod): asked first. PATCH.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import { confirmDanger } from '../components/ConfirmDialog';
import { FieldError } from '../components/FormField';
import { SavingFormActions } from './SavingFormActions';
import { FormFrame } from '../components/FormFrame';
import { TextInputField } from '../components/TextInputField';
import { ITrans, useTrans } from '../trans';
import { patchWorkspace, workspaceAction } from './client';
import {
  editableSections,
  editFieldForPath,
  editFormFromItem,
  IEditForm,
  planEdit
} from './edit';
import { KindOptionSelects, placeElements, PodMetadataRows } from './fields';
import { isControllerDown, phaseLabel, phaseOf } from './state';
import { workspacesSettings } from './settings';
import type { IWorkspaceItem, IWorkspaceKind } from './types';
import { useMountables, WorkspaceMounts } from './VolumeRows';

export interface IEditFormProps {
  item: IWorkspaceItem;
  kind?: IWorkspaceKind;
  onSaved: (item: IWorkspaceItem) => void;
  onCancel: () => void;
  onControllerDown?: (message: string) => void;
}

/**
 * Asks before a change that restarts a running workspace (unless the setting
 * `confirmRestart` is off); true to go ahead.
 */
export async function confirmRestart(
  name: string,
  what: string,
  trans: ITrans
): Promise<boolean> {
  if (!workspacesSettings.current.confirmRestart) {
    return true;
  }
  return confirmDanger({
    title: trans.__('Restart %1 now?', name),
    body: trans.__(
      '%1 restarts %2 now: its pod is replaced, running kernels stop and unsaved work in them is lost. Files in its volumes are kept.',
      what,
      name
    ),
    label: trans.__('Restart now'),
    ariaLabel: trans.__('Restart %1 now', name)
  });
}

export function EditForm(props: IEditFormProps): JSX.Element {
  const trans = useTrans();
  const { item, kind } = props;
  const [form, setForm] = React.useState<IEditForm>(() =>
    editFormFromItem(item)
  );
  const [serverError, setServerError] = React.useState<{
    field: string;
    message: string;
  }>();
  const [busy, setBusy] = React.useState(false);
  const mountables = useMountables(item.namespace);
  const plan = planEdit(item, form, kind, trans);
  const canSave =
    !busy && plan.changes.length > 0 && Object.keys(plan.errors).length === 0;
  const start = editFormFromItem(item);
  const mountedNow = {
    pvcs: new Set(start.dataVolumes.map(row => row.pvcName)),
    secrets: new Set(start.secrets.map(row => row.secretName))
  };
  const editable = editableSections(item);
  const errorOf = (field: string) =>
    plan.errors[field] ??
    (serverError?.field === field ? serverError.message : undefined);
  const rowErrors: Record<string, string | undefined> = { ...plan.errors };
  if (serverError && serverError.field !== 'form') {
    rowErrors[serverError.field] = serverError.message;
  }

  const change = (patch: Partial<IEditForm>) => {
    setForm(previous => ({ ...previous, ...patch }));
    setServerError(undefined);
  };

  const submit = async (event: React.FormEvent, andRestart = false) => {
    event.preventDefault();
    if (
      busy ||
      plan.changes.length === 0 ||
      Object.keys(plan.errors).length > 0
    ) {
      return;
    }
    if (
      plan.restartsNow &&
      !(await confirmRestart(item.name, plan.restartReason, trans))
    ) {
      return;
    }
    setBusy(true);
    try {
      const saved = await patchWorkspace(item.namespace, item.name, plan.patch);
      // A pod that is not ready keeps its old template: pause and resume applies it.
      props.onSaved(
        andRestart
          ? await workspaceAction(item.namespace, item.name, 'restart')
          : saved
      );
    } catch (error) {
      const apiError = error as KubeflowAPIError;
      if (isControllerDown(apiError)) {
        props.onControllerDown?.(apiError.message);
      }
      setServerError({
        field: editFieldForPath(apiError.field, form),
        message: apiError.message
      });
      setBusy(false);
    }
  };

  return (
    <FormFrame
      label={trans.__('Edit workspace %1', item.name)}
      title={placeElements(
        trans.__('Edit %1 %2'),
        item.name,
        <span className="jp-KubeflowWorkspaces-muted">({item.namespace})</span>
      )}
      errorId="jp-kfws-edit-form-error"
      error={serverError?.field === 'form' ? serverError.message : undefined}
      onSubmit={submit}
      onCancel={props.onCancel}
    >
      {!kind ? (
        <div className="jp-KubeflowWorkspaces-notice" role="status">
          {trans.__(
            'The kind %1 is not listed on this cluster: its options cannot be offered.',
            item.kind
          )}
        </div>
      ) : null}
      <TextInputField
        label={trans.__('Display name')}
        error={errorOf('displayName')}
        autoFocus
        value={form.displayName}
        onChange={displayName => change({ displayName })}
      />
      <KindOptionSelects
        kind={kind}
        chosen={form}
        keep={start}
        namespace={item.namespace}
        errorOf={errorOf}
        onChange={(field, value) => change({ [field]: value })}
      />

      <FieldError
        id="jp-kfws-edit-lookup-error"
        message={mountables.lookupError}
      />
      <WorkspaceMounts
        namespace={item.namespace}
        mountables={mountables}
        rows={form}
        errors={rowErrors}
        self={item.name}
        mountedNow={mountedNow}
        secrets={editable.has('secrets')}
        onChange={change}
      />
      <PodMetadataRows
        rows={form}
        errors={rowErrors}
        editable={editable}
        onChange={(field, rows) => change({ [field]: rows })}
      />

      <section
        className="jp-KubeflowWorkspaces-changes"
        aria-label={trans.__('What will change')}
      >
        {plan.changes.length === 0 ? (
          <p className="jp-KubeflowWorkspaces-muted">
            {trans.__('No changes yet.')}
          </p>
        ) : (
          <ul>
            {plan.changes.map(changeLine => (
              <li key={changeLine.field}>
                <strong>{changeLine.label}:</strong> {changeLine.from} →{' '}
                {changeLine.to}
              </li>
            ))}
          </ul>
        )}
        {plan.restartsNow ? (
          <p className="jp-KubeflowWorkspaces-restartNote" role="status">
            {trans.__(
              'Saving restarts the workspace now: its pod is replaced with the new configuration, so running kernels stop. You will be asked to confirm.'
            )}
          </p>
        ) : plan.waitsForRestart ? (
          <p
            className="jp-KubeflowWorkspaces-restartNote"
            role="status"
            data-changes-apply="restart"
          >
            {placeElements(
              trans.__(
                "The workspace's state is %1: its pod is not ready, and Kubernetes does not replace such a pod for a new configuration. Saving alone changes the workspace, not its pod; %2 also pauses it and resumes it once paused, so the new pod has the change."
              ),
              phaseLabel(phaseOf(item), trans),
              <strong>{trans.__('Save and restart')}</strong>
            )}
          </p>
        ) : item.paused && plan.changesPod ? (
          <p className="jp-KubeflowWorkspaces-muted">
            {trans.__(
              'The workspace is paused: the new configuration applies when it is resumed.'
            )}
          </p>
        ) : plan.changesPod ? (
          <p className="jp-KubeflowWorkspaces-muted">
            {trans.__(
              'It has no running pod: the new configuration applies when its pod starts.'
            )}
          </p>
        ) : null}
        {item.pendingRestart ? (
          <p className="jp-KubeflowWorkspaces-restartNote">
            {trans.__(
              'The kind offers an update of an option this workspace uses (see the card): pausing and resuming does not apply it; choosing it does.'
            )}
          </p>
        ) : null}
      </section>

      <SavingFormActions
        busy={busy}
        onCancel={props.onCancel}
        accept={plan.waitsForRestart ? trans.__('Save only') : trans.__('Save')}
        disabled={!canSave}
        secondary={plan.waitsForRestart}
      >
        {plan.waitsForRestart ? (
          <button
            type="button"
            className="jp-Dialog-button jp-mod-styled jp-mod-accept"
            disabled={!canSave}
            onClick={event => void submit(event, true)}
          >
            {trans.__('Save and restart')}
          </button>
        ) : null}
      </SavingFormActions>
    </FormFrame>
  );
}
