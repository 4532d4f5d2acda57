/**
 * What the Volumes and Secrets tabs share: the namespace's list (loaded, reloaded,
 * changed in place after a create or a delete, an item's error shown at its row), and
 * the frame around it: Refresh and "+ New" (disabled with the reason when RBAC refuses),
 * the listing's error with Retry, and the loading and empty states.
 */
import * as React from 'react';

import { RetryNotice } from '../components/Notice';
import type { KubeflowAPIError } from '../api';
import { confirmDanger } from '../components/ConfirmDialog';
import { RefusableButton } from '../components/RefusableButton';
import { useLoad } from '../components/useLoad';
import { refusalOf } from './permissions';
import { deleteRefusal, ISecret, IStorageTexts, IVolume } from './storage';
import type { IPermissions } from './types';
import { ITrans, useTrans } from '../trans';

interface INamedList<T> {
  items: T[];
  permissions: IPermissions;
}

export interface IStorageList<T, L> {
  /** The tab's words in its namespace. */
  texts: IStorageTexts<T>;
  list: L | null;
  error: string | null;
  loading: boolean;
  /** List again (and forget any item's error). */
  reload: () => void;
  /** An item's error, shown at its row. */
  errorOf: (name: string) => string | undefined;
  /** Why an item may not be deleted now (in the tab's words), or null. */
  deleteRefusalOf: (item: T) => string | null;
  /** Adds an item, or replaces the one of its name, in name order. */
  put: (item: T) => void;
  /** Deletes an item once the user confirms; its refusal goes to its row. */
  remove: (item: T) => Promise<void>;
}

/** How a tab lists and deletes its items, and its words. */
export interface IStorageApi<T, L> {
  fetch: (namespace: string) => Promise<L>;
  del: (namespace: string, name: string) => Promise<void>;
  texts: (namespace: string, trans: ITrans) => IStorageTexts<T>;
}

export function useStorageList<
  T extends IVolume | ISecret,
  L extends INamedList<T>
>(api: IStorageApi<T, L>, namespace: string): IStorageList<T, L> {
  const trans = useTrans();
  const texts = api.texts(namespace, trans);
  const loaded = useLoad(() => api.fetch(namespace), namespace);
  const [rowError, setRowError] = React.useState<{
    name: string;
    message: string;
  } | null>(null);
  const setList = loaded.setValue;
  return {
    texts,
    list: loaded.value,
    error: loaded.error,
    loading: loaded.loading,
    reload: () => {
      setRowError(null);
      loaded.reload();
    },
    errorOf: name => (rowError?.name === name ? rowError.message : undefined),
    deleteRefusalOf: item =>
      deleteRefusal(item, loaded.value?.permissions, texts, trans),
    put: item =>
      setList(previous =>
        previous
          ? {
              ...previous,
              items: [
                ...previous.items.filter(other => other.name !== item.name),
                item
              ].sort((a, b) => a.name.localeCompare(b.name))
            }
          : previous
      ),
    remove: async item => {
      const confirm = {
        ...texts.confirmDelete(item),
        ariaLabel: texts.deleteLabel(item.name),
        label: trans.__('Delete')
      };
      if (!(await confirmDanger(confirm))) {
        return;
      }
      try {
        await api.del(namespace, item.name);
        setList(previous =>
          previous
            ? {
                ...previous,
                items: previous.items.filter(other => other.name !== item.name)
              }
            : previous
        );
        setRowError(null);
      } catch (failure) {
        setRowError({
          name: item.name,
          message: (failure as KubeflowAPIError).message
        });
      }
    }
  };
}

/** The words of the frame of a storage tab. */
export type IStorageListTexts = Pick<
  IStorageTexts<unknown>,
  | 'refresh'
  | 'create'
  | 'createTitle'
  | 'createRefused'
  | 'cannotList'
  | 'loading'
  | 'empty'
>;

export function StorageListFrame(props: {
  state: Pick<
    IStorageList<unknown, INamedList<unknown>>,
    'list' | 'error' | 'loading' | 'reload'
  > & { texts: IStorageListTexts };
  onCreate: () => void;
  /** Shown between the toolbar and the list (a create form). */
  form?: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  const { state } = props;
  const texts = state.texts;
  const count = state.list ? state.list.items.length : null;
  return (
    <div className="jp-KubeflowStorage-view">
      <div className="jp-KubeflowWorkspaces-toolbar">
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          onClick={state.reload}
          title={texts.refresh}
        >
          {trans.__('Refresh')}
        </button>
        <RefusableButton
          className="jp-KubeflowWorkspaces-action jp-mod-primary"
          refusal={refusalOf(
            state.list?.permissions,
            'create',
            texts.createRefused,
            trans
          )}
          title={texts.createTitle}
          onClick={props.onCreate}
        >
          {texts.create}
        </RefusableButton>
      </div>
      {props.form}
      {state.error ? (
        <RetryNotice onRetry={state.reload}>
          {texts.cannotList(state.error)}
        </RetryNotice>
      ) : null}
      {state.loading && count === null ? (
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          {texts.loading}
        </p>
      ) : count === 0 ? (
        <p className="jp-KubeflowWorkspaces-muted">{texts.empty}</p>
      ) : count !== null ? (
        props.children
      ) : null}
    </div>
  );
}

/** The title of a workspace that mounts an item: where, or why it is left out. */
function mountTitle(
  user: IMountUser,
  trans: ReturnType<typeof useTrans>
): string {
  if (user.mounted === false) {
    return user.reason
      ? trans.__('%1: %2', user.name, user.reason)
      : trans.__('%1: not mounted', user.name);
  }
  return user.state
    ? trans.__('%1 (%2) mounts it at %3', user.name, user.state, user.mountPath)
    : trans.__('%1 mounts it at %2', user.name, user.mountPath);
}

/** A workspace that mounts a volume or a secret. */
interface IMountUser {
  name: string;
  state?: string;
  mountPath: string;
  mounted?: boolean;
  reason?: string;
}

/**
 * The workspaces that mount an item, each titled with where it is mounted (or why the
 * controller left the mount out); `none` when no workspace does.
 */
export function MountUsers<U extends IMountUser>(props: {
  users: readonly U[];
  none: string;
  /** What a user shows. */
  children: (user: U) => React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  if (props.users.length === 0) {
    return <span className="jp-KubeflowWorkspaces-muted">{props.none}</span>;
  }
  return (
    <>
      {props.users.map(user => (
        <span
          key={`${user.name}:${user.mountPath}`}
          className={`jp-KubeflowStorage-user${user.mounted === false ? ' jp-KubeflowWorkspaces-notMounted' : ''}`}
          data-mounted={user.mounted === false ? 'false' : 'true'}
          title={mountTitle(user, trans)}
        >
          {props.children(user)}
        </span>
      ))}
    </>
  );
}

/** An item's note that upstream's rule keeps workspaces from mounting it (none when it may be). */
export function CannotMountNote(props: {
  /** The item's `canMount`: false when it may not be mounted. */
  canMount?: boolean;
  /** The rule, as the title. */
  rule: string;
  children: React.ReactNode;
}): JSX.Element | null {
  if (props.canMount !== false) {
    return null;
  }
  return (
    <div
      className="jp-KubeflowWorkspaces-muted"
      data-field="canMount"
      title={props.rule}
    >
      {props.children}
    </div>
  );
}

/** An item's Delete button: `label` names it; refused, its title says why. */
export function DeleteItemButton(props: {
  className: string;
  label: string;
  refusal: string | null;
  onClick: () => void;
}): JSX.Element {
  const trans = useTrans();
  return (
    <RefusableButton
      className={`${props.className} jp-mod-danger`}
      aria-label={props.label}
      refusal={props.refusal}
      title={props.label}
      onClick={props.onClick}
    >
      {trans.__('Delete')}
    </RefusableButton>
  );
}
