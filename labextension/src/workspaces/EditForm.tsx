/**
 * The edit view: display name, image config and pod config of one workspace, with the
 * list of what will change (old -> new). Changing image or pod config of a workspace
 * that runs restarts it at once (the controller replaces its pod): asked first. PATCH.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import { patchWorkspace } from './client';
import { editFormFromItem, IEditForm, planEdit } from './edit';
import { Field, FieldError, OptionSelect } from './fields';
import { isControllerDown } from './state';
import type { IWorkspaceItem, IWorkspaceKind } from './types';

export interface IEditFormProps {
  item: IWorkspaceItem;
  kind?: IWorkspaceKind;
  onSaved: (item: IWorkspaceItem) => void;
  onCancel: () => void;
  onControllerDown?: (message: string) => void;
}

/** Asks before a change that restarts a running workspace; true to go ahead. */
export async function confirmRestart(
  name: string,
  what: string
): Promise<boolean> {
  const answer = await showDialog({
    title: `Restart ${name} now?`,
    body: `${what} restarts ${name} now: its pod is replaced, running kernels stop and unsaved work in them is lost. Files in its volumes are kept.`,
    buttons: [
      Dialog.cancelButton(),
      Dialog.warnButton({
        label: 'Restart now',
        ariaLabel: `Restart ${name} now`
      })
    ]
  });
  return answer.button.accept;
}

const FIELD_OF_PATCH: Record<string, keyof IEditForm> = {
  'spec.displayName': 'displayName',
  'spec.podTemplate.options.imageConfig': 'imageConfig',
  'spec.podTemplate.options.podConfig': 'podConfig'
};

export function EditForm(props: IEditFormProps): JSX.Element {
  const { item, kind } = props;
  const [form, setForm] = React.useState<IEditForm>(() =>
    editFormFromItem(item)
  );
  const [serverError, setServerError] = React.useState<{
    field: string;
    message: string;
  }>();
  const [busy, setBusy] = React.useState(false);
  const plan = planEdit(item, form, kind);
  const start = editFormFromItem(item);
  const errorOf = (field: keyof IEditForm) =>
    plan.errors[field] ??
    (serverError?.field === field ? serverError.message : undefined);

  const change = (patch: Partial<IEditForm>) => {
    setForm(previous => ({ ...previous, ...patch }));
    setServerError(undefined);
  };

  const submit = async (event: React.FormEvent) => {
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
      !(await confirmRestart(item.name, 'Changing its image or pod config'))
    ) {
      return;
    }
    setBusy(true);
    try {
      props.onSaved(
        await patchWorkspace(item.namespace, item.name, plan.patch)
      );
    } catch (error) {
      const apiError = error as KubeflowAPIError;
      if (isControllerDown(apiError)) {
        props.onControllerDown?.(apiError.message);
      }
      setServerError({
        field: FIELD_OF_PATCH[apiError.field ?? ''] ?? 'form',
        message: apiError.message
      });
      setBusy(false);
    }
  };

  return (
    <form
      className="jp-KubeflowWorkspaces-form"
      aria-label={`Edit workspace ${item.name}`}
      onSubmit={submit}
      onKeyDown={event => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
      noValidate
    >
      <h3 className="jp-KubeflowWorkspaces-formTitle">
        Edit {item.name}{' '}
        <span className="jp-KubeflowWorkspaces-muted">({item.namespace})</span>
      </h3>
      <FieldError
        id="jp-kfws-edit-form-error"
        message={
          serverError?.field === 'form' ? serverError.message : undefined
        }
      />
      {!kind ? (
        <div className="jp-KubeflowWorkspaces-notice" role="status">
          The kind {item.kind} is not listed on this cluster: its options cannot
          be offered.
        </div>
      ) : null}
      <Field label="Display name" error={errorOf('displayName')}>
        {ids => (
          <input
            id={ids.id}
            className="jp-KubeflowWorkspaces-input"
            aria-describedby={ids.describedBy}
            aria-invalid={ids.invalid}
            autoFocus
            value={form.displayName}
            onChange={event => change({ displayName: event.target.value })}
          />
        )}
      </Field>
      <OptionSelect
        label="Image"
        options={kind?.imageConfig}
        keep={start.imageConfig}
        value={form.imageConfig}
        error={errorOf('imageConfig')}
        onChange={value => change({ imageConfig: value })}
      />
      <OptionSelect
        label="Pod config"
        options={kind?.podConfig}
        keep={start.podConfig}
        value={form.podConfig}
        error={errorOf('podConfig')}
        onChange={value => change({ podConfig: value })}
      />

      <section
        className="jp-KubeflowWorkspaces-changes"
        aria-label="What will change"
      >
        {plan.changes.length === 0 ? (
          <p className="jp-KubeflowWorkspaces-muted">No changes yet.</p>
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
            Saving restarts the workspace now: its pod is replaced with the new
            configuration, so running kernels stop. You will be asked to
            confirm.
          </p>
        ) : item.paused && (plan.patch.imageConfig || plan.patch.podConfig) ? (
          <p className="jp-KubeflowWorkspaces-muted">
            The workspace is paused: the new configuration applies when it is
            resumed.
          </p>
        ) : null}
        {item.pendingRestart ? (
          <p className="jp-KubeflowWorkspaces-restartNote">
            The kind offers an update of an option this workspace uses (see the
            card): pausing and resuming does not apply it; choosing it does.
          </p>
        ) : null}
      </section>

      <div className="jp-KubeflowWorkspaces-formActions">
        <button
          type="button"
          className="jp-Dialog-button jp-mod-styled jp-mod-reject"
          onClick={props.onCancel}
        >
          Cancel
        </button>
        <button
          type="submit"
          className="jp-Dialog-button jp-mod-styled jp-mod-accept"
          disabled={
            busy ||
            plan.changes.length === 0 ||
            Object.keys(plan.errors).length > 0
          }
        >
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
