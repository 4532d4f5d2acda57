/**
 * The panel's React view: connection state, namespace picker, the workspaces table
 * (searched, filtered, sorted and windowed by the server) with the selected row's card,
 * and the create and edit views.
 */
import * as React from 'react';

import type { KubeflowAPIError } from '../api';
import {
  fetchKinds,
  fetchNamespaces,
  fetchWorkspace,
  fetchWorkspacesStatus,
  TableStream,
  withTimeout
} from './client';
import { CreateForm } from './CreateForm';
import { EditForm } from './EditForm';
import { NamespacePicker } from './NamespacePicker';
import type { WorkspacesPanel } from './panel';
import {
  applyItemChange,
  applyWindow,
  ColumnId,
  EMPTY_WINDOW,
  ITableQuery,
  activeFilters,
  ITableWindow,
  IWindowRequest,
  loadingText,
  MIN_LIMIT,
  nextSort,
  NO_QUERY,
  PermissionsByNamespace,
  viewParams,
  windowItems
} from './table';
import { IQueryRefusal, TableToolbar } from './TableToolbar';
import type {
  INamespaces,
  IPermissions,
  IWorkspaceItem,
  IWorkspaceKind,
  IWorkspacesStatus
} from './types';
import { ALL_NAMESPACES, COMMAND_IDS, itemKey } from './state';
import { useSettings } from '../settings';
import { offeredColumns, shownColumns, withColumn } from './columns';
import { Notice, RetryNotice } from '../components/Notice';
import { startNamespace, workspacesSettings } from './settings';
import { countText, emptyText, listLabel } from './listTexts';
import { deniedText } from './permissions';
import { WorkspaceCard } from './WorkspaceCard';
import { WorkspaceCards } from './WorkspaceCards';
import { WorkspaceTable } from './WorkspaceTable';
import { Header, NotConnected } from './banners';
import { ITrans, useTrans } from '../trans';

const ANSWER_TIMEOUT_MS = 30000;
const SEARCH_DELAY_MS = 80; // typing settles this long before the server is asked
const SCROLL_DELAY_MS = 30; // scrolling: at most one window asked per this

export type PanelView =
  | { kind: 'list' }
  | { kind: 'create'; name?: string }
  | { kind: 'edit'; name: string };

/** The kinds as listed for one namespace (its option restrictions and counts). */
interface INamespaceKinds {
  namespace: string;
  serial: number;
  kinds: IWorkspaceKind[] | null;
  error?: string;
}

export interface IViewRequest {
  namespace?: string;
  view: PanelView;
  serial: number;
}

/** A workspace changed or went away because of an action taken here. */
export interface IItemChange {
  item: IWorkspaceItem;
  deleted?: boolean;
}

type Phase = 'loading' | 'disconnected' | 'ready';

const NO_PERMISSIONS: IPermissions = {
  create: false,
  update: false,
  delete: false,
  reasons: {}
};

/** Until the server says what the user may do in a namespace, nothing is offered. */
function checkingPermissions(namespace: string, trans: ITrans): IPermissions {
  const why = trans.__('Checking what you may do in %1…', namespace);
  return {
    ...NO_PERMISSIONS,
    reasons: { create: why, update: why, delete: why }
  };
}

export function WorkspacesView(props: {
  panel: WorkspacesPanel;
  request?: IViewRequest;
  onShown: (namespace: string | null, items: IWorkspaceItem[]) => void;
}): JSX.Element {
  const trans = useTrans();
  const [phase, setPhase] = React.useState<Phase>('loading');
  const [status, setStatus] = React.useState<IWorkspacesStatus | null>(null);
  const [namespaces, setNamespaces] = React.useState<INamespaces | null>(null);
  const [namespace, setNamespace] = React.useState<string>('');
  const [kinds, setKinds] = React.useState<IWorkspaceKind[]>([]);
  const [kindsError, setKindsError] = React.useState<string | null>(null);
  // The table: its query, the window the server streams, the row whose card is open.
  const [query, setQuery] = React.useState<ITableQuery>(NO_QUERY);
  const [held, setHeld] = React.useState<ITableWindow>(EMPTY_WINDOW);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [refusal, setRefusal] = React.useState<IQueryRefusal | null>(null);
  // Each shown namespace's permissions, and those all namespaces could not list.
  const [permissionsByNs, setPermissionsByNs] =
    React.useState<PermissionsByNamespace>({});
  const [forbidden, setForbidden] = React.useState<string[]>([]);
  const stream = React.useRef<TableStream | null>(null);
  const wanted = React.useRef<{ query: ITableQuery } & IWindowRequest>({
    query: NO_QUERY,
    offset: 0,
    limit: MIN_LIMIT,
    selected: ''
  });
  const timer = React.useRef<number | undefined>(undefined);
  const namespaceRef = React.useRef('');
  // An item the edit view needs that the table does not hold (fetched).
  const [fetched, setFetched] = React.useState<IWorkspaceItem | null>(null);
  // The namespace a create or edit view works in (all namespaces: the item's own).
  const [viewNamespace, setViewNamespace] = React.useState<string>('');
  const [formKinds, setFormKinds] = React.useState<INamespaceKinds | null>(
    null
  );
  const [listError, setListError] = React.useState<string | null>(null);
  const [listLoading, setListLoading] = React.useState(false);
  const [streamNote, setStreamNote] = React.useState<string | null>(null);
  const [live, setLive] = React.useState(false);
  const [view, setView] = React.useState<PanelView>({ kind: 'list' });
  const [attempt, setAttempt] = React.useState(0);
  const [controllerDown, setControllerDown] = React.useState<string | null>(
    null
  );
  const wantedNamespace = React.useRef<string | undefined>(
    props.request?.namespace
  );
  const settings = useSettings(workspacesSettings);

  // Connect: is there a cluster, which namespaces, which kinds.
  React.useEffect(() => {
    let current = true;
    setPhase('loading');
    void (async () => {
      let found: IWorkspacesStatus;
      try {
        found = await withTimeout(
          fetchWorkspacesStatus(),
          ANSWER_TIMEOUT_MS,
          'Status'
        );
      } catch (error) {
        found = { connected: false, error: (error as Error).message };
      }
      if (!current) {
        return;
      }
      setStatus(found);
      if (!found.connected) {
        setPhase('disconnected');
        return;
      }
      try {
        const listed = await withTimeout(
          fetchNamespaces(),
          ANSWER_TIMEOUT_MS,
          'Namespaces'
        );
        if (!current) {
          return;
        }
        setNamespaces(listed);
        showNamespace(
          wantedNamespace.current ||
            namespaceRef.current ||
            startNamespace(workspacesSettings.current.defaultNamespace, listed)
        );
        setPhase('ready');
      } catch (error) {
        if (current) {
          setStatus({
            ...found,
            connected: false,
            error: (error as Error).message
          });
          setPhase('disconnected');
        }
        return;
      }
      fetchKinds()
        .then(found => current && (setKinds(found), setKindsError(null)))
        .catch(
          (error: Error) =>
            current &&
            setKindsError(`Cannot list workspace kinds: ${error.message}`)
        );
    })();
    return () => {
      current = false;
    };
  }, [attempt]);

  /** Show another namespace's table, from its top, no card open. */
  const showNamespace = (chosen: string) => {
    if (chosen === namespaceRef.current) {
      return;
    }
    namespaceRef.current = chosen;
    wanted.current = { ...wanted.current, offset: 0, selected: '' };
    setSelected(null);
    setPermissionsByNs({});
    setNamespace(chosen);
  };

  /** Ask the server for what `wanted` says now, after `delay` ms (the latest wins). */
  const ask = (delay: number) => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const { query: asked, ...rows } = wanted.current;
      stream.current?.update(viewParams(asked, rows));
    }, delay);
  };

  // The default namespace changed in the Settings Editor (or arrived after connecting):
  // show it now.
  const shownDefault = React.useRef(settings.defaultNamespace);
  React.useEffect(() => {
    if (!namespaces || shownDefault.current === settings.defaultNamespace) {
      return;
    }
    shownDefault.current = settings.defaultNamespace;
    const next = startNamespace(settings.defaultNamespace, namespaces);
    wantedNamespace.current = next;
    showNamespace(next);
  }, [settings.defaultNamespace, namespaces]);

  // The namespace's table: a live window of its rows until the namespace changes.
  React.useEffect(() => {
    if (phase !== 'ready' || !namespace) {
      return;
    }
    let current = true;
    setHeld(EMPTY_WINDOW);
    setListError(null);
    setStreamNote(null);
    setForbidden([]);
    setListLoading(true);
    const { query: asked, ...rows } = wanted.current;
    const opened = new TableStream(namespace, viewParams(asked, rows), {
      onView: scope => current && setForbidden(scope.forbidden),
      onWindow: event => {
        if (!current) {
          return;
        }
        setListLoading(false);
        setListError(null);
        setStreamNote(null);
        setHeld(previous => applyWindow(previous, event));
      },
      onPermissions: found =>
        current && setPermissionsByNs(previous => ({ ...previous, ...found })),
      onError: message => {
        if (!current) {
          return;
        }
        setListLoading(false);
        setStreamNote(message);
      },
      onConnection: open => current && setLive(open),
      onRefused: (error: KubeflowAPIError) =>
        current &&
        setRefusal({ field: error.field ?? '', message: error.message }),
      onUnavailable: message => {
        if (current) {
          setListLoading(false);
          setListError(message);
        }
      }
    });
    stream.current = opened;
    return () => {
      current = false;
      window.clearTimeout(timer.current);
      opened.dispose();
      stream.current = null;
      setLive(false);
    };
  }, [phase, namespace]);

  const changeQuery = (change: Partial<ITableQuery>) => {
    const next = { ...wanted.current.query, ...change };
    wanted.current = { ...wanted.current, query: next, offset: 0 };
    setQuery(next);
    setRefusal(null);
    // Typing settles first; a choice (a filter, a sort) is asked at once.
    const typed = ['search', 'image', 'namespaceFilter', 'labels'].some(
      name => name in change
    );
    ask(typed ? SEARCH_DELAY_MS : 0);
  };
  const select = (key: string | null) => {
    setSelected(key);
    wanted.current = { ...wanted.current, selected: key ?? '' };
    ask(0);
  };
  const onRange = (rows: { offset: number; limit: number }) => {
    wanted.current = { ...wanted.current, ...rows };
    ask(SCROLL_DELAY_MS);
  };

  // Answers of actions taken here, before the stream reports them.
  React.useEffect(() => {
    const onChange = (_: WorkspacesPanel, change: IItemChange) => {
      setHeld(previous =>
        applyItemChange(previous, change.item, change.deleted)
      );
    };
    props.panel.itemChanged.connect(onChange);
    return () => {
      props.panel.itemChanged.disconnect(onChange);
    };
  }, [props.panel]);

  // A write refused because the Notebooks controller's webhook did not answer.
  React.useEffect(() => {
    const onProblem = (_: WorkspacesPanel, message: string | null) =>
      setControllerDown(message);
    props.panel.controllerProblem.connect(onProblem);
    return () => {
      props.panel.controllerProblem.disconnect(onProblem);
    };
  }, [props.panel]);

  // Requests from commands: show a namespace and a view.
  React.useEffect(() => {
    const request = props.request;
    if (!request) {
      return;
    }
    // Showing all namespaces, a create or edit view works in the request's namespace
    // and the list stays across all of them.
    const keepAll =
      namespace === ALL_NAMESPACES && request.view.kind !== 'list';
    if (request.namespace && !keepAll) {
      wantedNamespace.current = request.namespace;
      showNamespace(request.namespace);
    }
    setViewNamespace(request.namespace ?? '');
    setView(request.view);
  }, [props.request?.serial]);

  React.useEffect(() => {
    // Commands run from the palette pick among the rows shown of one namespace; the
    // actions of the open card find its item here too, wherever the table scrolled.
    const shown = windowItems(held);
    const card = held.selected ? held.items.get(held.selected) : undefined;
    props.onShown(
      phase === 'ready' && namespace !== ALL_NAMESPACES ? namespace : null,
      card && !shown.includes(card) ? [...shown, card] : shown
    );
  }, [phase, namespace, held]);

  // The namespace a create or edit view works in.
  const formNamespace =
    viewNamespace ||
    (namespace === ALL_NAMESPACES ? (namespaces?.current ?? '') : namespace);
  const formSerial = props.request?.serial ?? 0;

  // A create or edit view offers the kinds as listed for its namespace: options the
  // namespace may not use are marked, and each says how many workspaces use it.
  React.useEffect(() => {
    if (view.kind === 'list' || phase !== 'ready' || !formNamespace) {
      return;
    }
    let current = true;
    setFormKinds({ namespace: formNamespace, serial: formSerial, kinds: null });
    withTimeout(fetchKinds(formNamespace), ANSWER_TIMEOUT_MS, 'Workspace kinds')
      .then(
        found =>
          current &&
          setFormKinds({
            namespace: formNamespace,
            serial: formSerial,
            kinds: found
          })
      )
      .catch(
        (error: Error) =>
          current &&
          setFormKinds({
            namespace: formNamespace,
            serial: formSerial,
            kinds: null,
            error: error.message
          })
      );
    return () => {
      current = false;
    };
  }, [view.kind, phase, formNamespace, formSerial]);

  // The edit view of a workspace the table does not hold (e.g. scrolled away): read it.
  const [editMissing, setEditMissing] = React.useState<string | null>(null);
  const editKey = view.kind === 'edit' ? `${formNamespace}/${view.name}` : null;
  const editHeld = editKey !== null && held.items.has(editKey);
  React.useEffect(() => {
    if (view.kind !== 'edit' || editHeld || !formNamespace) {
      return;
    }
    let current = true;
    setEditMissing(null);
    fetchWorkspace(formNamespace, view.name)
      .then(found => current && setFetched(found.item))
      .catch(() => current && setEditMissing(editKey));
    return () => {
      current = false;
    };
  }, [editKey, editHeld]);

  const backToList = () => setView({ kind: 'list' });

  if (phase === 'loading') {
    return (
      <div className="jp-KubeflowWorkspaces-body">
        <Header />
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          {trans.__('Connecting to the cluster…')}
        </p>
      </div>
    );
  }
  if (phase === 'disconnected') {
    return (
      <div className="jp-KubeflowWorkspaces-body">
        <Header />
        <NotConnected status={status} onRetry={() => setAttempt(n => n + 1)} />
      </div>
    );
  }

  // The kinds for the form's namespace; the plain list if they cannot be read.
  const forForm =
    formKinds?.namespace === formNamespace && formKinds.serial === formSerial
      ? formKinds
      : null;
  const kindsForForm = forForm?.kinds ?? (forForm?.error ? kinds : null);
  if (view.kind !== 'list' && !kindsForForm) {
    return (
      <div className="jp-KubeflowWorkspaces-body">
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          {trans.__('Loading the workspace kinds of %1…', formNamespace)}
        </p>
      </div>
    );
  }
  const kindsNote = forForm?.error ? (
    <Notice role="alert" tone="warn">
      {trans.__(
        'Cannot read which options %1 may use: %2',
        formNamespace,
        forForm.error
      )}
    </Notice>
  ) : null;

  if (view.kind === 'create') {
    return (
      <div className="jp-KubeflowWorkspaces-body">
        {kindsNote}
        <CreateForm
          key={`${formNamespace}/${formSerial}`}
          namespace={formNamespace}
          kinds={kindsForForm ?? kinds}
          initialName={view.name}
          onCreated={item => {
            props.panel.reportChange({ item });
            props.panel.reportControllerProblem(null);
            backToList();
          }}
          onControllerDown={message =>
            props.panel.reportControllerProblem(message)
          }
          onCancel={backToList}
        />
      </div>
    );
  }
  if (view.kind === 'edit') {
    const key = `${formNamespace}/${view.name}`;
    const item =
      held.items.get(key) ??
      (fetched && itemKey(fetched) === key ? fetched : null);
    return (
      <div className="jp-KubeflowWorkspaces-body">
        {kindsNote}
        {item ? (
          <EditForm
            key={itemKey(item)}
            item={item}
            kind={(kindsForForm ?? kinds).find(kind => kind.name === item.kind)}
            onSaved={saved => {
              props.panel.reportChange({ item: saved });
              props.panel.reportControllerProblem(null);
              backToList();
            }}
            onControllerDown={message =>
              props.panel.reportControllerProblem(message)
            }
            onCancel={backToList}
          />
        ) : (
          <>
            <p role="alert">
              {editMissing === key
                ? trans.__(
                    'There is no workspace %1 in %2.',
                    view.name,
                    formNamespace
                  )
                : trans.__('Loading…')}
            </p>
            <button
              type="button"
              className="jp-mod-styled"
              onClick={backToList}
            >
              {trans.__('Back to the list')}
            </button>
          </>
        )}
      </div>
    );
  }

  const all = namespace === ALL_NAMESPACES;
  // Showing all namespaces, "+ New" creates in the user's own namespace.
  const createIn = all ? (namespaces?.current ?? '') : namespace;
  const permissionsIn = (ns: string): IPermissions =>
    permissionsByNs[ns] ?? checkingPermissions(ns, trans);
  const createPermissions = permissionsIn(createIn);
  const createRefusal = createPermissions.create
    ? undefined
    : (createPermissions.reasons?.create ??
      deniedText('create', createIn, trans));
  const selectedItem = selected ? held.items.get(selected) : undefined;
  const filtered = query.search.trim() !== '' || activeFilters(query) > 0;
  const label = listLabel(all, namespace, controllerDown !== null, trans);
  const columns = shownColumns(settings.tableColumns, all);
  // What the table and the cards both show: the window held, of this query.
  const listed = {
    window: held,
    query,
    label,
    stale: controllerDown !== null,
    onRange
  };
  const onAction = (
    item: IWorkspaceItem,
    command: string,
    args?: Record<string, string>
  ) =>
    void props.panel.commands.execute(command, {
      ...args,
      namespace: item.namespace,
      name: item.name
    });
  return (
    <div className="jp-KubeflowWorkspaces-body jp-mod-table">
      <Header live={live} />
      <div className="jp-KubeflowWorkspaces-toolbar">
        <label
          className="jp-KubeflowWorkspaces-label"
          htmlFor="jp-kfws-namespace"
        >
          {trans.__('Namespace')}
        </label>
        <NamespacePicker
          id="jp-kfws-namespace"
          namespaces={namespaces?.namespaces ?? []}
          value={namespace}
          allowAll={namespaces?.canList}
          title={
            namespaces?.canList
              ? undefined
              : trans.__('You may not list namespaces: only your own is shown.')
          }
          onChange={chosen => {
            wantedNamespace.current = chosen;
            showNamespace(chosen);
          }}
        />
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action jp-mod-primary"
          aria-disabled={createRefusal !== undefined}
          title={
            createRefusal ?? trans.__('Create a workspace in %1', createIn)
          }
          onClick={() => {
            if (!createRefusal) {
              void props.panel.commands.execute(COMMAND_IDS.create, {
                namespace: createIn
              });
            }
          }}
        >
          {trans.__('+ New')}
        </button>
      </div>
      <TableToolbar
        query={query}
        kinds={kinds}
        allNamespaces={all}
        refusal={refusal}
        onChange={changeQuery}
        columns={
          settings.listView === 'table'
            ? {
                offered: offeredColumns(all),
                shown: columns,
                onChange: (column, shown) =>
                  // A refused save puts the columns back; the console says why.
                  workspacesSettings
                    .set(
                      'tableColumns',
                      withColumn(settings.tableColumns, column, shown)
                    )
                    .catch(error =>
                      console.warn('The table columns were not saved', error)
                    )
              }
            : undefined
        }
      />
      {controllerDown ? (
        <div
          className="jp-KubeflowWorkspaces-notice jp-mod-error"
          role="alert"
          data-controller="unreachable"
        >
          {controllerDown}
        </div>
      ) : null}
      {streamNote ? (
        <Notice role="alert" tone="warn">
          {trans.__(
            '%1 The list may be out of date; it catches up when the cluster answers again.',
            streamNote
          )}
        </Notice>
      ) : null}
      {refusal && refusal.field !== 'labels' ? (
        <Notice role="alert" tone="error">
          {refusal.message}
        </Notice>
      ) : null}
      {listError ? (
        <RetryNotice onRetry={() => setAttempt(n => n + 1)}>
          {listError}
        </RetryNotice>
      ) : null}
      {all && forbidden.length > 0 ? (
        <div
          className="jp-KubeflowWorkspaces-notice"
          role="status"
          data-forbidden={forbidden.join(',')}
        >
          {trans.__(
            'Not listed (you may not list workspaces there): %1',
            forbidden.join(', ')
          )}
        </div>
      ) : null}
      <Notice role="alert" tone="warn">
        {kindsError}
      </Notice>
      <div
        className="jp-KubeflowWorkspaces-count jp-KubeflowWorkspaces-muted"
        role="status"
        aria-live="polite"
      >
        {listLoading && held.total === 0
          ? trans.__('Loading workspaces…')
          : held.total === 0
            ? emptyText(all, namespace, filtered, trans)
            : countText(held.total, filtered, trans)}
      </div>
      {held.loading ? (
        <div
          className="jp-KubeflowWorkspaces-notice"
          role="status"
          data-loading={held.loading.namespaces ?? ''}
        >
          {loadingText(held.loading, trans)}
        </div>
      ) : null}
      {held.total > 0 && settings.listView !== 'table' ? (
        <WorkspaceCards
          {...listed}
          compact={settings.listView === 'compact'}
          showNamespace={all}
          permissionsIn={permissionsIn}
          onSort={changeQuery}
          onAction={onAction}
        />
      ) : null}
      {held.total > 0 && settings.listView === 'table' ? (
        <WorkspaceTable
          {...listed}
          columns={columns}
          selected={selected}
          onSort={(column: ColumnId) => changeQuery(nextSort(query, column))}
          onSelect={key => select(key === selected ? null : key)}
        />
      ) : null}
      {selectedItem && settings.listView === 'table' ? (
        <ul
          className="jp-KubeflowWorkspaces-selected"
          aria-label={trans.__('Workspace %1', selectedItem.name)}
        >
          <WorkspaceCard
            key={itemKey(selectedItem)}
            item={selectedItem}
            permissions={permissionsIn(selectedItem.namespace)}
            showNamespace={all}
            onAction={(command, args) => onAction(selectedItem, command, args)}
          />
        </ul>
      ) : null}
    </div>
  );
}
