/**
 * The panel's React view: connection state, namespace picker, the live list of
 * workspaces, and the create and edit views.
 */
import * as React from 'react';

import {
  fetchAllWorkspaces,
  fetchKinds,
  fetchNamespaces,
  fetchWorkspaces,
  fetchWorkspacesStatus,
  withTimeout,
  WorkspaceStream
} from './client';
import { CreateForm } from './CreateForm';
import { EditForm } from './EditForm';
import { applyWorkspaceEvent } from './events';
import type { WorkspacesPanel } from './panel';
import type {
  IAllWorkspacesList,
  INamespaces,
  IPermissions,
  IWorkspaceItem,
  IWorkspaceKind,
  IWorkspacesStatus
} from './types';
import { ALL_NAMESPACES, COMMAND_IDS, itemKey } from './state';
import { useSettings } from '../settings';
import { startNamespace, workspacesSettings } from './settings';
import { WorkspaceCard } from './WorkspaceCard';
import { Header, NotConnected } from './banners';

const ANSWER_TIMEOUT_MS = 30000;

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

export function WorkspacesView(props: {
  panel: WorkspacesPanel;
  request?: IViewRequest;
  onShown: (namespace: string | null, items: IWorkspaceItem[]) => void;
}): JSX.Element {
  const [phase, setPhase] = React.useState<Phase>('loading');
  const [status, setStatus] = React.useState<IWorkspacesStatus | null>(null);
  const [namespaces, setNamespaces] = React.useState<INamespaces | null>(null);
  const [namespace, setNamespace] = React.useState<string>('');
  const [kinds, setKinds] = React.useState<IWorkspaceKind[]>([]);
  const [kindsError, setKindsError] = React.useState<string | null>(null);
  const [items, setItems] = React.useState<IWorkspaceItem[]>([]);
  const [permissions, setPermissions] =
    React.useState<IPermissions>(NO_PERMISSIONS);
  // All namespaces: each namespace's permissions, and those the user may not list.
  const [permissionsByNs, setPermissionsByNs] = React.useState<
    Record<string, IPermissions>
  >({});
  const [forbidden, setForbidden] = React.useState<string[]>([]);
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
        setNamespace(
          previous =>
            wantedNamespace.current ||
            previous ||
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
    setNamespace(next);
  }, [settings.defaultNamespace, namespaces]);

  // The namespace's list, then live changes until the namespace changes or the panel goes.
  React.useEffect(() => {
    if (phase !== 'ready' || !namespace) {
      return;
    }
    let current = true;
    let streamed = false;
    const all = namespace === ALL_NAMESPACES;
    setItems([]);
    setListError(null);
    setStreamNote(null);
    setForbidden([]);
    setListLoading(true);
    const listed: Promise<IAllWorkspacesList> = all
      ? fetchAllWorkspaces()
      : fetchWorkspaces(namespace).then(list => ({
          items: list.items,
          namespaces: [namespace],
          permissions: { [namespace]: list.permissions },
          forbidden: []
        }));
    withTimeout(listed, ANSWER_TIMEOUT_MS, 'Workspaces')
      .then(list => {
        if (!current) {
          return;
        }
        setPermissionsByNs(list.permissions ?? {});
        setForbidden(list.forbidden ?? []);
        setPermissions({
          ...NO_PERMISSIONS,
          ...(all ? {} : list.permissions?.[namespace])
        });
        // The stream's snapshot may have come first, and is newer.
        if (!streamed) {
          setItems(
            applyWorkspaceEvent([], { type: 'snapshot', items: list.items })
          );
        }
      })
      .catch((error: Error) => current && setListError(error.message))
      .finally(() => current && setListLoading(false));
    const stream = new WorkspaceStream(
      namespace,
      message => {
        if (message.type === 'error') {
          setStreamNote(message.message);
          return;
        }
        streamed = true;
        setStreamNote(null);
        setListError(null);
        setItems(previous => applyWorkspaceEvent(previous, message));
      },
      open => setLive(open)
    );
    return () => {
      current = false;
      stream.dispose();
      setLive(false);
    };
  }, [phase, namespace]);

  // Answers of actions taken here, before the stream reports them.
  React.useEffect(() => {
    const onChange = (_: WorkspacesPanel, change: IItemChange) => {
      if (namespace !== ALL_NAMESPACES && change.item.namespace !== namespace) {
        return;
      }
      setItems(previous =>
        applyWorkspaceEvent(previous, {
          type: change.deleted ? 'DELETED' : 'MODIFIED',
          item: change.item
        })
      );
    };
    props.panel.itemChanged.connect(onChange);
    return () => {
      props.panel.itemChanged.disconnect(onChange);
    };
  }, [props.panel, namespace]);

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
      setNamespace(request.namespace);
    }
    setViewNamespace(request.namespace ?? '');
    setView(request.view);
  }, [props.request?.serial]);

  React.useEffect(() => {
    // Commands run from the palette pick among the names of one namespace.
    props.onShown(
      phase === 'ready' && namespace !== ALL_NAMESPACES ? namespace : null,
      items
    );
  }, [phase, namespace, items]);

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

  const backToList = () => setView({ kind: 'list' });

  if (phase === 'loading') {
    return (
      <div className="jp-KubeflowWorkspaces-body">
        <Header />
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          Connecting to the cluster…
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
          Loading the workspace kinds of {formNamespace}…
        </p>
      </div>
    );
  }
  const kindsNote = forForm?.error ? (
    <div className="jp-KubeflowWorkspaces-notice jp-mod-warn" role="alert">
      Cannot read which options {formNamespace} may use: {forForm.error}
    </div>
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
    const item = items.find(
      candidate =>
        candidate.name === view.name && candidate.namespace === formNamespace
    );
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
              {listLoading
                ? 'Loading…'
                : `There is no workspace ${view.name} in ${formNamespace}.`}
            </p>
            <button
              type="button"
              className="jp-mod-styled"
              onClick={backToList}
            >
              Back to the list
            </button>
          </>
        )}
      </div>
    );
  }

  const all = namespace === ALL_NAMESPACES;
  const namespaceChoices =
    all || namespaces?.namespaces.includes(namespace)
      ? (namespaces?.namespaces ?? [])
      : [...(namespaces?.namespaces ?? []), namespace];
  // Showing all namespaces, "+ New" creates in the user's own namespace.
  const createIn = all ? (namespaces?.current ?? '') : namespace;
  const createPermissions = all
    ? (permissionsByNs[createIn] ?? NO_PERMISSIONS)
    : permissions;
  const createRefusal = createPermissions.create
    ? undefined
    : (createPermissions.reasons?.create ??
      `You may not create workspaces in ${createIn}.`);
  const permissionsOf = (item: IWorkspaceItem): IPermissions =>
    all
      ? { ...NO_PERMISSIONS, ...permissionsByNs[item.namespace] }
      : permissions;
  const where = all ? 'all namespaces' : namespace;
  return (
    <div className="jp-KubeflowWorkspaces-body">
      <Header live={live} />
      <div className="jp-KubeflowWorkspaces-toolbar">
        <label
          className="jp-KubeflowWorkspaces-label"
          htmlFor="jp-kfws-namespace"
        >
          Namespace
        </label>
        <select
          id="jp-kfws-namespace"
          className="jp-KubeflowWorkspaces-input"
          value={namespace}
          title={
            namespaces?.canList
              ? undefined
              : 'You may not list namespaces: only your own is shown.'
          }
          onChange={event => {
            wantedNamespace.current = event.target.value;
            setNamespace(event.target.value);
          }}
        >
          {namespaces?.canList ? (
            <option value={ALL_NAMESPACES}>All namespaces</option>
          ) : null}
          {namespaceChoices.map(name => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action jp-mod-primary"
          aria-disabled={createRefusal !== undefined}
          title={createRefusal ?? `Create a workspace in ${createIn}`}
          onClick={() => {
            if (!createRefusal) {
              void props.panel.commands.execute(COMMAND_IDS.create, {
                namespace: createIn
              });
            }
          }}
        >
          + New
        </button>
      </div>
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
        <div className="jp-KubeflowWorkspaces-notice jp-mod-warn" role="alert">
          {streamNote} The list may be out of date; it catches up when the
          cluster answers again.
        </div>
      ) : null}
      {listError ? (
        <div className="jp-KubeflowWorkspaces-notice jp-mod-error" role="alert">
          {listError}{' '}
          <button
            type="button"
            className="jp-KubeflowWorkspaces-action"
            onClick={() => setAttempt(n => n + 1)}
          >
            Retry
          </button>
        </div>
      ) : null}
      {all && forbidden.length > 0 ? (
        <div
          className="jp-KubeflowWorkspaces-notice"
          role="status"
          data-forbidden={forbidden.join(',')}
        >
          Not listed (you may not list workspaces there): {forbidden.join(', ')}
        </div>
      ) : null}
      {kindsError ? (
        <div className="jp-KubeflowWorkspaces-notice jp-mod-warn" role="alert">
          {kindsError}
        </div>
      ) : null}
      {listLoading && items.length === 0 ? (
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          Loading workspaces…
        </p>
      ) : items.length === 0 && !listError ? (
        <p className="jp-KubeflowWorkspaces-muted">
          No workspaces in {where} yet.
        </p>
      ) : (
        <ul
          className={`jp-KubeflowWorkspaces-list${controllerDown ? ' jp-mod-stale' : ''}${settings.listView === 'compact' ? ' jp-mod-compact' : ''}`}
          data-list-view={settings.listView}
          aria-label={`Workspaces in ${where}${controllerDown ? ' (possibly out of date)' : ''}`}
          title={
            controllerDown
              ? 'Possibly out of date: the Notebooks controller is not updating the workspaces.'
              : undefined
          }
        >
          {items.map(item => (
            <WorkspaceCard
              key={itemKey(item)}
              item={item}
              permissions={permissionsOf(item)}
              showNamespace={all}
              onAction={(command, args) =>
                void props.panel.commands.execute(command, {
                  ...args,
                  namespace: item.namespace,
                  name: item.name
                })
              }
            />
          ))}
        </ul>
      )}
    </div>
  );
}
