/**
 * The Secrets tab: the namespace's secrets with their keys (never values) and the
 * workspaces that mount them; create one, change one (a value left empty keeps the
 * stored one), delete one no workspace mounts (asked first). What RBAC refuses is
 * offered disabled, with the reason as its title.
 */
import * as React from 'react';

import { AddRowButton } from '../components/AddRowButton';
import { FieldError } from '../components/FormField';
import { FormActions } from '../components/FormActions';
import { FormFrame } from '../components/FormFrame';
import { RefusableButton } from '../components/RefusableButton';
import { RemoveRowButton } from '../components/RemoveRowButton';
import { patchRow, removeRow } from '../components/rows';
import { NameField } from '../components/TextInputField';
import { useCheckedForm } from '../components/useCheckedForm';
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
import { StorageListFrame, useStorageList } from './StorageList';

type Editing = { kind: 'create' } | { kind: 'update'; secret: ISecret } | null;

export function SecretsView(props: { namespace: string }): JSX.Element {
  const { namespace } = props;
  const secrets = useStorageList<ISecret, ISecretList>(
    fetchSecretList,
    namespace
  );
  const list = secrets.list;
  const [editing, setEditing] = React.useState<Editing>(null);

  const remove = (secret: ISecret) =>
    secrets.remove(
      secret,
      {
        title: `Delete secret "${secret.name}" in ${namespace}?`,
        body: `The secret ${secret.name} and its ${secret.keys.length} key(s) are deleted. This cannot be undone.`,
        label: 'Delete',
        ariaLabel: `Delete secret ${secret.name}`
      },
      () => deleteSecret(namespace, secret.name)
    );

  if (editing) {
    return (
      <SecretForm
        key={editing.kind === 'update' ? editing.secret.name : '+'}
        namespace={namespace}
        secret={editing.kind === 'update' ? editing.secret : undefined}
        taken={list?.items.map(item => item.name) ?? []}
        onSaved={secret => {
          secrets.put(secret);
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
    );
  }

  return (
    <StorageListFrame
      texts={{
        refresh: `List the secrets of ${namespace} again`,
        create: '+ New secret',
        createTitle: `Create a secret in ${namespace}`,
        createRefused: `You may not create secrets in ${namespace}.`,
        cannotList: `Cannot list the secrets of ${namespace}:`,
        loading: 'Loading secrets…',
        empty: `No secrets in ${namespace} yet.`
      }}
      state={secrets}
      onCreate={() => setEditing({ kind: 'create' })}
    >
      {list ? (
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
              error={secrets.errorOf(secret.name)}
              onEdit={() => setEditing({ kind: 'update', secret })}
              onDelete={() => void remove(secret)}
            />
          ))}
        </ul>
      ) : null}
    </StorageListFrame>
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
        <RefusableButton
          className="jp-KubeflowWorkspaces-action"
          aria-label={`Edit secret ${secret.name}`}
          refusal={updateRefusal}
          title={`Change the values of ${secret.name}`}
          onClick={props.onEdit}
        >
          Edit
        </RefusableButton>
        <RefusableButton
          className="jp-KubeflowWorkspaces-action jp-mod-danger"
          aria-label={`Delete secret ${secret.name}`}
          refusal={deleteRefusal}
          title={`Delete secret ${secret.name}`}
          onClick={props.onDelete}
        >
          Delete
        </RefusableButton>
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
  const { form, busy, shown, formError, change, submit } =
    useCheckedForm<ISecretForm>(
      () =>
        props.secret
          ? secretFormFrom(props.secret)
          : { name: '', rows: [{ key: '', value: '', stored: false }] },
      checked => validateSecretForm(checked, creating, props.taken)
    );
  const updateRow = (
    index: number,
    patch: Partial<ISecretForm['rows'][number]>,
    field: string
  ) => change({ rows: patchRow(form.rows, index, patch) }, field);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    await submit(
      async () => {
        const data = secretDataBody(form.rows);
        props.onSaved(
          creating
            ? await createSecret(props.namespace, form.name.trim(), data)
            : await updateSecret(props.namespace, form.name, data)
        );
      },
      apiError =>
        apiError.status === 409 && !creating
          ? 'form'
          : storageFieldOf(apiError.field, apiError.status, form.rows)
    );
  };

  const title = creating
    ? `New secret in ${props.namespace}`
    : `Edit secret ${form.name}`;
  return (
    <FormFrame
      label={title}
      title={title}
      errorId="jp-kfst-secret-form-error"
      error={formError}
      onSubmit={save}
      onCancel={props.onCancel}
    >
      {creating ? (
        <NameField
          label="Secret name"
          error={shown('name')}
          value={form.name}
          onChange={name => change({ name }, 'name')}
        />
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
              <RemoveRowButton
                label={`Remove key ${index + 1}`}
                title="Remove this key"
                onClick={() =>
                  change({ rows: removeRow(form.rows, index) }, 'data')
                }
              />
              <FieldError id={`jp-kfst-key-${index}`} message={keyError} />
            </div>
          );
        })}
        <FieldError id="jp-kfst-data" message={shown('data')} />
        <AddRowButton
          onClick={() =>
            change(
              { rows: [...form.rows, { key: '', value: '', stored: false }] },
              'rows'
            )
          }
        >
          + Add key
        </AddRowButton>
      </fieldset>
      <FormActions
        onCancel={props.onCancel}
        accept={busy ? 'Saving…' : creating ? 'Create' : 'Save'}
        disabled={busy}
      />
    </FormFrame>
  );
}
