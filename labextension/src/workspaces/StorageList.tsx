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
import type { IPermissions } from './types';
import { useTrans } from '../trans';

interface INamedList<T> {
  items: T[];
  permissions: IPermissions;
}

export interface IStorageList<T, L> {
  list: L | null;
  error: string | null;
  loading: boolean;
  /** List again (and forget any item's error). */
  reload: () => void;
  /** An item's error, shown at its row. */
  errorOf: (name: string) => string | undefined;
  /** Adds an item, or replaces the one of its name, in name order. */
  put: (item: T) => void;
  /** Deletes an item once the user confirms; its refusal goes to its row. */
  remove: (
    item: T,
    confirm: Parameters<typeof confirmDanger>[0],
    del: () => Promise<void>
  ) => Promise<void>;
}

export function useStorageList<
  T extends { name: string },
  L extends INamedList<T>
>(
  fetch: (namespace: string) => Promise<L>,
  namespace: string
): IStorageList<T, L> {
  const loaded = useLoad(() => fetch(namespace), namespace);
  const [rowError, setRowError] = React.useState<{
    name: string;
    message: string;
  } | null>(null);
  const setList = loaded.setValue;
  return {
    list: loaded.value,
    error: loaded.error,
    loading: loaded.loading,
    reload: () => {
      setRowError(null);
      loaded.reload();
    },
    errorOf: name => (rowError?.name === name ? rowError.message : undefined),
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
    remove: async (item, confirm, del) => {
      if (!(await confirmDanger(confirm))) {
        return;
      }
      try {
        await del();
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

/** The words of one storage tab (each a whole sentence, for translation). */
export interface IStorageListTexts {
  /** Refresh's title: "List the volumes of team-a again". */
  refresh: string;
  /** "+ New volume" and its title when allowed. */
  create: string;
  createTitle: string;
  /** Why "+ New volume" is refused when the server gives no reason. */
  createRefused: string;
  /** "Cannot list the volumes of team-a:" (the error follows). */
  cannotList: string;
  loading: string;
  empty: string;
}

export function StorageListFrame(props: {
  texts: IStorageListTexts;
  state: Pick<
    IStorageList<unknown, INamedList<unknown>>,
    'list' | 'error' | 'loading' | 'reload'
  >;
  onCreate: () => void;
  /** Shown between the toolbar and the list (a create form). */
  form?: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  const { texts, state } = props;
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
            texts.createRefused
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
          {texts.cannotList} {state.error}
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
