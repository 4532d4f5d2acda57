/**
 * The Secrets tab: the namespace's secrets with their keys (never values) and the
 * workspaces that mount them; create one, change one (a value left empty keeps the
 * stored one), delete one no workspace mounts (asked first). What RBAC refuses is
 * offered disabled, with the reason as its title.
 */
import * as React from 'react';

import { AddRowButton } from '../components/AddRowButton';
import { FieldError } from '../components/FormField';
import { SavingFormActions } from './SavingFormActions';
import { FormFrame } from '../components/FormFrame';
import { RefusableButton } from '../components/RefusableButton';
import { RemoveRowButton } from '../components/RemoveRowButton';
import { patchRow, removeRow } from '../components/rows';
import { NameField } from '../components/TextInputField';
import { useCheckedForm } from '../components/useCheckedForm';
import { useTrans } from '../trans';
import {
  ISecret,
  ISecretForm,
  ISecretList,
  secretDataBody,
  secretFormFrom,
  secretTexts,
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
import {
  CannotMountNote,
  DeleteItemButton,
  MountUsers,
  IStorageApi,
  StorageListFrame,
  useStorageList
} from './StorageList';

type Editing = { kind: 'create' } | { kind: 'update'; secret: ISecret } | null;

/** The Secrets tab's list, delete and words. */
const SECRET_TAB: IStorageApi<ISecret, ISecretList> = {
  fetch: fetchSecretList,
  del: deleteSecret,
  texts: secretTexts
};

export function SecretsView(props: { namespace: string }): JSX.Element {
  const trans = useTrans();
  const { namespace } = props;
  const secrets = useStorageList(SECRET_TAB, namespace);
  const { list, texts } = secrets;
  const [editing, setEditing] = React.useState<Editing>(null);

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
      state={secrets}
      onCreate={() => setEditing({ kind: 'create' })}
    >
      {list ? (
        <ul className="jp-KubeflowWorkspaces-list" aria-label={texts.list}>
          {list.items.map(secret => (
            <SecretCard
              key={secret.name}
              secret={secret}
              updateRefusal={secretUpdateRefusal(
                secret,
                list.permissions,
                namespace,
                trans
              )}
              deleteRefusal={secrets.deleteRefusalOf(secret)}
              error={secrets.errorOf(secret.name)}
              onEdit={() => setEditing({ kind: 'update', secret })}
              onDelete={() => void secrets.remove(secret)}
            />
          ))}
        </ul>
      ) : null}
    </StorageListFrame>
  );
}

export function SecretCard(props: {
  secret: ISecret;
  updateRefusal: string | null;
  deleteRefusal: string | null;
  error?: string;
  onEdit: () => void;
  onDelete: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { secret, updateRefusal, deleteRefusal } = props;
  return (
    <li className="jp-KubeflowWorkspaces-card" data-secret={secret.name}>
      <div className="jp-KubeflowWorkspaces-cardHeader">
        <span className="jp-KubeflowWorkspaces-cardTitle">{secret.name}</span>
        <span className="jp-KubeflowStorage-type">
          {secret.immutable
            ? trans.__('%1 · immutable', secret.type)
            : secret.type}
        </span>
      </div>
      <CannotMountNote
        canMount={secret.canMount}
        rule={trans.__(
          "Upstream's rule: only secrets labelled notebooks.kubeflow.org/can-mount=true may be mounted"
        )}
      >
        {trans.__(
          'May not be mounted (not labelled notebooks.kubeflow.org/can-mount)'
        )}
      </CannotMountNote>
      <div className="jp-KubeflowWorkspaces-detail" data-field="keys">
        {trans.__('Keys:')}{' '}
        {secret.keys.length === 0 ? (
          <span className="jp-KubeflowWorkspaces-muted">
            {trans.__('none')}
          </span>
        ) : (
          secret.keys.map(key => (
            <code key={key} className="jp-KubeflowStorage-key">
              {key}
            </code>
          ))
        )}
      </div>
      <div className="jp-KubeflowWorkspaces-detail" data-field="usedBy">
        {trans.__('Used by:')}{' '}
        <MountUsers users={secret.usedBy} none={trans.__('no workspace')}>
          {user => (
            <>
              {user.name}{' '}
              <span className="jp-KubeflowWorkspaces-muted">
                {user.mounted === false
                  ? trans.__('at %1 (not mounted)', user.mountPath)
                  : trans.__('at %1', user.mountPath)}
              </span>
            </>
          )}
        </MountUsers>
      </div>
      <div className="jp-KubeflowWorkspaces-actions">
        <RefusableButton
          className="jp-KubeflowWorkspaces-action"
          aria-label={trans.__('Edit secret %1', secret.name)}
          refusal={updateRefusal}
          title={trans.__('Change the values of %1', secret.name)}
          onClick={props.onEdit}
        >
          {trans.__('Edit')}
        </RefusableButton>
        <DeleteItemButton
          className="jp-KubeflowWorkspaces-action"
          label={trans.__('Delete secret %1', secret.name)}
          refusal={deleteRefusal}
          onClick={props.onDelete}
        />
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
export function SecretForm(props: {
  namespace: string;
  secret?: ISecret;
  taken: readonly string[];
  onSaved: (secret: ISecret) => void;
  onCancel: () => void;
}): JSX.Element {
  const trans = useTrans();
  const creating = props.secret === undefined;
  const { form, busy, shown, formError, change, submit } =
    useCheckedForm<ISecretForm>(
      () =>
        props.secret
          ? secretFormFrom(props.secret)
          : { name: '', rows: [{ key: '', value: '', stored: false }] },
      checked => validateSecretForm(checked, creating, props.taken, trans)
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
    ? trans.__('New secret in %1', props.namespace)
    : trans.__('Edit secret %1', form.name);
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
          label={trans.__('Secret name')}
          error={shown('name')}
          value={form.name}
          onChange={name => change({ name }, 'name')}
        />
      ) : (
        <p className="jp-KubeflowWorkspaces-muted">
          {trans.__(
            'Stored values are not shown: leave a value empty to keep it, type one to replace it. A removed key is deleted from the secret.'
          )}
        </p>
      )}
      <fieldset className="jp-KubeflowWorkspaces-rows">
        <legend>{trans.__('Keys and values')}</legend>
        {form.rows.map((row, index) => {
          const keyError = shown(`data.${index}.key`);
          return (
            <div key={index} className="jp-KubeflowWorkspaces-row">
              <input
                className="jp-KubeflowWorkspaces-input"
                aria-label={trans.__('Key %1', index + 1)}
                aria-invalid={!!keyError}
                placeholder={trans.__('key')}
                autoComplete="off"
                spellCheck={false}
                readOnly={row.stored}
                title={
                  row.stored
                    ? trans.__(
                        'A stored key: remove it and add a new one to rename it.'
                      )
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
                aria-label={trans.__('Value %1', index + 1)}
                autoComplete="new-password"
                placeholder={
                  row.stored ? trans.__('unchanged') : trans.__('value')
                }
                value={row.value}
                onChange={event =>
                  updateRow(index, { value: event.target.value }, 'data')
                }
              />
              <RemoveRowButton
                label={trans.__('Remove key %1', index + 1)}
                title={trans.__('Remove this key')}
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
          {trans.__('+ Add key')}
        </AddRowButton>
      </fieldset>
      <SavingFormActions
        busy={busy}
        onCancel={props.onCancel}
        accept={creating ? trans.__('Create') : trans.__('Save')}
        disabled={busy}
      />
    </FormFrame>
  );
}
