/**
 * The Secrets tab: the namespace's secrets with their keys (never values) and the
 * workspaces that mount them; create one, change one (a value left empty keeps the
 * stored one), delete one no workspace mounts (asked first). What RBAC refuses is
 * offered disabled, with the reason as its title.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import { Field, FieldError } from './fields';
import {
  ISecret,
  ISecretForm,
  ISecretList,
  secretDataBody,
  secretDeleteRefusal,
  secretFormFrom,
  secretUpdateRefusal,
  storageFieldOf,
  validateSecretForm
} from './storage';
import {
  createSecret,
  deleteSecret,
  fetchSecretList,
  updateSecret
} from './storageClient';

type Editing = { kind: 'create' } | { kind: 'update'; secret: ISecret } | null;

export function SecretsView(props: { namespace: string }): JSX.Element {
  const { namespace } = props;
  const [list, setList] = React.useState<ISecretList | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(true);
  const [attempt, setAttempt] = React.useState(0);
  const [editing, setEditing] = React.useState<Editing>(null);
  const [rowError, setRowError] = React.useState<{
    name: string;
    message: string;
  } | null>(null);

  React.useEffect(() => {
    let live = true;
    setLoading(true);
    fetchSecretList(namespace)
      .then(found => live && (setList(found), setError(null)))
      .catch((failure: Error) => live && setError(failure.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [namespace, attempt]);

  const reload = () => {
    setRowError(null);
    setAttempt(n => n + 1);
  };

  const saved = (secret: ISecret) => {
    setList(previous =>
      previous
        ? {
            ...previous,
            items: [
              ...previous.items.filter(item => item.name !== secret.name),
              secret
            ].sort((a, b) => a.name.localeCompare(b.name))
          }
        : previous
    );
    setEditing(null);
  };

  const remove = async (secret: ISecret) => {
    const answer = await showDialog({
      title: `Delete secret "${secret.name}" in ${namespace}?`,
      body: `The secret ${secret.name} and its ${secret.keys.length} key(s) are deleted. This cannot be undone.`,
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({
          label: 'Delete',
          ariaLabel: `Delete secret ${secret.name}`
        })
      ]
    });
    if (!answer.button.accept) {
      return;
    }
    try {
      await deleteSecret(namespace, secret.name);
      setList(previous =>
        previous
          ? {
              ...previous,
              items: previous.items.filter(item => item.name !== secret.name)
            }
          : previous
      );
      setRowError(null);
    } catch (failure) {
      setRowError({
        name: secret.name,
        message: (failure as KubeflowAPIError).message
      });
    }
  };

  const permissions = list?.permissions;
  const createRefusal = !permissions
    ? 'Loading…'
    : permissions.create
      ? undefined
      : (permissions.reasons.create ??
        `You may not create secrets in ${namespace}.`);

  if (editing) {
    return (
      <SecretForm
        key={editing.kind === 'update' ? editing.secret.name : '+'}
        namespace={namespace}
        secret={editing.kind === 'update' ? editing.secret : undefined}
        taken={list?.items.map(item => item.name) ?? []}
        onSaved={saved}
        onCancel={() => setEditing(null)}
      />
    );
  }

  return (
    <div className="jp-KubeflowStorage-view">
      <div className="jp-KubeflowWorkspaces-toolbar">
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          onClick={reload}
          title={`List the secrets of ${namespace} again`}
        >
          Refresh
        </button>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action jp-mod-primary"
          aria-disabled={createRefusal !== undefined}
          title={createRefusal ?? `Create a secret in ${namespace}`}
          onClick={() =>
            createRefusal === undefined && setEditing({ kind: 'create' })
          }
        >
          + New secret
        </button>
      </div>
      {error ? (
        <div className="jp-KubeflowWorkspaces-notice jp-mod-error" role="alert">
          Cannot list the secrets of {namespace}: {error}{' '}
          <button
            type="button"
            className="jp-KubeflowWorkspaces-action"
            onClick={reload}
          >
            Retry
          </button>
        </div>
      ) : null}
      {loading && !list ? (
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          Loading secrets…
        </p>
      ) : list && list.items.length === 0 ? (
        <p className="jp-KubeflowWorkspaces-muted">
          No secrets in {namespace} yet.
        </p>
      ) : list ? (
        <ul
          className="jp-KubeflowWorkspaces-list"
          aria-label={`Secrets in ${namespace}`}
        >
          {list.items.map(secret => (
            <SecretCard
              key={secret.name}
              secret={secret}
              updateRefusal={secretUpdateRefusal(
                secret,
                list.permissions,
                namespace
              )}
              deleteRefusal={secretDeleteRefusal(
                secret,
                list.permissions,
                namespace
              )}
              error={
                rowError?.name === secret.name ? rowError.message : undefined
              }
              onEdit={() => setEditing({ kind: 'update', secret })}
              onDelete={() => void remove(secret)}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function SecretCard(props: {
  secret: ISecret;
  updateRefusal: string | null;
  deleteRefusal: string | null;
  error?: string;
  onEdit: () => void;
  onDelete: () => void;
}): JSX.Element {
  const { secret, updateRefusal, deleteRefusal } = props;
  return (
    <li className="jp-KubeflowWorkspaces-card" data-secret={secret.name}>
      <div className="jp-KubeflowWorkspaces-cardHeader">
        <span className="jp-KubeflowWorkspaces-cardTitle">{secret.name}</span>
        <span className="jp-KubeflowStorage-type">
          {secret.type}
          {secret.immutable ? ' · immutable' : ''}
        </span>
      </div>
      {secret.canMount === false ? (
        <div
          className="jp-KubeflowWorkspaces-muted"
          data-field="canMount"
          title="Upstream's rule: only secrets labelled notebooks.kubeflow.org/can-mount=true may be mounted"
        >
          May not be mounted (not labelled notebooks.kubeflow.org/can-mount)
        </div>
      ) : null}
      <div className="jp-KubeflowWorkspaces-detail" data-field="keys">
        Keys:{' '}
        {secret.keys.length === 0 ? (
          <span className="jp-KubeflowWorkspaces-muted">none</span>
        ) : (
          secret.keys.map(key => (
            <code key={key} className="jp-KubeflowStorage-key">
              {key}
            </code>
          ))
        )}
      </div>
      <div className="jp-KubeflowWorkspaces-detail" data-field="usedBy">
        Used by:{' '}
        {secret.usedBy.length === 0 ? (
          <span className="jp-KubeflowWorkspaces-muted">no workspace</span>
        ) : (
          secret.usedBy.map(user => (
            <span
              key={`${user.name}:${user.mountPath}`}
              className={`jp-KubeflowStorage-user${user.mounted === false ? ' jp-KubeflowWorkspaces-notMounted' : ''}`}
              data-mounted={user.mounted === false ? 'false' : 'true'}
              title={
                user.mounted === false
                  ? `${user.name}: ${user.reason ?? 'not mounted'}`
                  : `${user.name} mounts it at ${user.mountPath}`
              }
            >
              {user.name}{' '}
              <span className="jp-KubeflowWorkspaces-muted">
                at {user.mountPath}
                {user.mounted === false ? ' (not mounted)' : ''}
              </span>
            </span>
          ))
        )}
      </div>
      <div className="jp-KubeflowWorkspaces-actions">
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          aria-label={`Edit secret ${secret.name}`}
          aria-disabled={updateRefusal !== null}
          title={updateRefusal ?? `Change the values of ${secret.name}`}
          onClick={() => updateRefusal === null && props.onEdit()}
        >
          Edit
        </button>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action jp-mod-danger"
          aria-label={`Delete secret ${secret.name}`}
          aria-disabled={deleteRefusal !== null}
          title={deleteRefusal ?? `Delete secret ${secret.name}`}
          onClick={() => deleteRefusal === null && props.onDelete()}
        >
          Delete
        </button>
      </div>
      {deleteRefusal && secret.usedBy.length > 0 ? (
        <p className="jp-KubeflowWorkspaces-muted jp-KubeflowStorage-why">
          {deleteRefusal}
        </p>
      ) : null}
      <FieldError id={`jp-kfst-secret-${secret.name}`} message={props.error} />
    </li>
  );
}

/** Create a secret, or change the data of one (`secret`): keys with password inputs. */
function SecretForm(props: {
  namespace: string;
  secret?: ISecret;
  taken: readonly string[];
  onSaved: (secret: ISecret) => void;
  onCancel: () => void;
}): JSX.Element {
  const creating = props.secret === undefined;
  const [form, setForm] = React.useState<ISecretForm>(() =>
    props.secret
      ? secretFormFrom(props.secret)
      : { name: '', rows: [{ key: '', value: '', stored: false }] }
  );
  const [submitted, setSubmitted] = React.useState(false);
  const [touched, setTouched] = React.useState<Set<string>>(new Set());
  const [serverError, setServerError] = React.useState<{
    field: string;
    message: string;
  }>();
  const [busy, setBusy] = React.useState(false);
  const errors = validateSecretForm(form, creating, props.taken);
  const shown = (field: string): string | undefined =>
    (serverError?.field === field ? serverError.message : undefined) ??
    (submitted || touched.has(field) ? errors[field] : undefined);

  const change = (patch: Partial<ISecretForm>, field: string) => {
    setForm(previous => ({ ...previous, ...patch }));
    setTouched(previous => new Set([...previous, field]));
    setServerError(undefined);
  };
  const updateRow = (
    index: number,
    patch: Partial<ISecretForm['rows'][number]>,
    field: string
  ) =>
    change(
      {
        rows: form.rows.map((row, i) =>
          i === index ? { ...row, ...patch } : row
        )
      },
      field
    );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (busy || Object.keys(errors).length > 0) {
      return;
    }
    setBusy(true);
    const data = secretDataBody(form.rows);
    try {
      props.onSaved(
        creating
          ? await createSecret(props.namespace, form.name.trim(), data)
          : await updateSecret(props.namespace, form.name, data)
      );
    } catch (error) {
      const apiError = error as KubeflowAPIError;
      setServerError({
        field:
          apiError.status === 409 && !creating
            ? 'form'
            : storageFieldOf(apiError.field, apiError.status, form.rows),
        message: apiError.message
      });
      setBusy(false);
    }
  };

  const title = creating
    ? `New secret in ${props.namespace}`
    : `Edit secret ${form.name}`;
  return (
    <form
      className="jp-KubeflowWorkspaces-form"
      aria-label={title}
      onSubmit={submit}
      onKeyDown={event => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
      noValidate
    >
      <h3 className="jp-KubeflowWorkspaces-formTitle">{title}</h3>
      <FieldError
        id="jp-kfst-secret-form-error"
        message={
          serverError?.field === 'form' ? serverError.message : undefined
        }
      />
      {creating ? (
        <Field
          label="Secret name"
          error={shown('name')}
          help="Lowercase letters, digits, '-' and '.'."
        >
          {ids => (
            <input
              id={ids.id}
              className="jp-KubeflowWorkspaces-input"
              aria-describedby={ids.describedBy}
              aria-invalid={ids.invalid}
              autoFocus
              autoComplete="off"
              spellCheck={false}
              value={form.name}
              onChange={event => change({ name: event.target.value }, 'name')}
            />
          )}
        </Field>
      ) : (
        <p className="jp-KubeflowWorkspaces-muted">
          Stored values are not shown: leave a value empty to keep it, type one
          to replace it. A removed key is deleted from the secret.
        </p>
      )}
      <fieldset className="jp-KubeflowWorkspaces-rows">
        <legend>Keys and values</legend>
        {form.rows.map((row, index) => {
          const keyError = shown(`data.${index}.key`);
          return (
            <div key={index} className="jp-KubeflowWorkspaces-row">
              <input
                className="jp-KubeflowWorkspaces-input"
                aria-label={`Key ${index + 1}`}
                aria-invalid={!!keyError}
                placeholder="key"
                autoComplete="off"
                spellCheck={false}
                readOnly={row.stored}
                title={
                  row.stored
                    ? 'A stored key: remove it and add a new one to rename it.'
                    : undefined
                }
                value={row.key}
                onChange={event =>
                  updateRow(
                    index,
                    { key: event.target.value },
                    `data.${index}.key`
                  )
                }
              />
              <input
                className="jp-KubeflowWorkspaces-input"
                type="password"
                aria-label={`Value ${index + 1}`}
                autoComplete="new-password"
                placeholder={row.stored ? 'unchanged' : 'value'}
                value={row.value}
                onChange={event =>
                  updateRow(index, { value: event.target.value }, 'data')
                }
              />
              <button
                type="button"
                className="jp-KubeflowWorkspaces-iconButton"
                aria-label={`Remove key ${index + 1}`}
                title="Remove this key"
                onClick={() =>
                  change(
                    { rows: form.rows.filter((_, i) => i !== index) },
                    'data'
                  )
                }
              >
                ×
              </button>
              <FieldError id={`jp-kfst-key-${index}`} message={keyError} />
            </div>
          );
        })}
        <FieldError id="jp-kfst-data" message={shown('data')} />
        <button
          type="button"
          className="jp-KubeflowWorkspaces-addButton"
          onClick={() =>
            change(
              { rows: [...form.rows, { key: '', value: '', stored: false }] },
              'rows'
            )
          }
        >
          + Add key
        </button>
      </fieldset>
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
          disabled={busy}
        >
          {busy ? 'Saving…' : creating ? 'Create' : 'Save'}
        </button>
      </div>
    </form>
  );
}
