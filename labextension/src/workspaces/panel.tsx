/**
 * The sidebar panel: connection state, namespace picker, the live list of workspaces,
 * and the create and edit views. The widget keeps what commands need to know (the
 * namespace shown, its workspaces) and takes requests from them (show create / edit).
 */
import { ReactWidget } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import {
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
import { kubeflowWorkspacesIcon } from './icon';
import type {
  INamespaces,
  IPermissions,
  IWorkspaceItem,
  IWorkspaceKind,
  IWorkspacesStatus
} from './types';
import { COMMAND_IDS, WorkspaceCard } from './WorkspaceCard';

const ANSWER_TIMEOUT_MS = 30000;

export type PanelView =
  | { kind: 'list' }
  | { kind: 'create'; name?: string }
  | { kind: 'edit'; name: string };

interface IViewRequest {
  namespace?: string;
  view: PanelView;
  serial: number;
}

/** A workspace changed or went away because of an action taken here. */
export interface IItemChange {
  item: IWorkspaceItem;
  deleted?: boolean;
}

export class WorkspacesPanel extends ReactWidget {
  constructor(readonly commands: CommandRegistry) {
    super();
    this.id = 'kubeflow-workspaces';
    this.title.icon = kubeflowWorkspacesIcon;
    this.title.caption = 'Kubeflow Workspaces';
    this.addClass('jp-KubeflowWorkspaces');
  }

  /** The namespace shown, once connected. */
  get namespace(): string | null {
    return this._namespace;
  }

  /** The workspaces shown. */
  get items(): readonly IWorkspaceItem[] {
    return this._items;
  }

  get itemChanged(): ISignal<this, IItemChange> {
    return this._itemChanged;
  }

  /** Apply an action's answer at once (the live stream confirms it a moment later). */
  reportChange(change: IItemChange): void {
    this._itemChanged.emit(change);
  }

  showList(): void {
    this.request({ view: { kind: 'list' } });
  }

  showCreate(namespace?: string, name?: string): void {
    this.request({ namespace, view: { kind: 'create', name } });
  }

  showEdit(namespace: string, name: string): void {
    this.request({ namespace, view: { kind: 'edit', name } });
  }

  protected render(): JSX.Element {
    return (
      <PanelErrorBoundary>
        <WorkspacesView
          panel={this}
          request={this._request}
          onShown={(namespace, items) => {
            this._namespace = namespace;
            this._items = items;
          }}
        />
      </PanelErrorBoundary>
    );
  }

  private request(request: Omit<IViewRequest, 'serial'>): void {
    this._request = { ...request, serial: (this._request?.serial ?? 0) + 1 };
    this.update();
  }

  private _namespace: string | null = null;
  private _items: readonly IWorkspaceItem[] = [];
  private _request: IViewRequest | undefined;
  private _itemChanged = new Signal<this, IItemChange>(this);
}

/** A rendering bug must not leave a blank sidebar: say so, and offer a fresh start. */
class PanelErrorBoundary extends React.Component<
  { children: React.ReactNode },
  { error: Error | null; generation: number }
> {
  state = { error: null as Error | null, generation: 0 };

  static getDerivedStateFromError(error: Error): Partial<{ error: Error }> {
    return { error };
  }

  componentDidCatch(error: Error): void {
    console.error('Kubeflow Workspaces panel failed', error);
  }

  render(): React.ReactNode {
    if (this.state.error) {
      return (
        <div className="jp-KubeflowWorkspaces-body" role="alert">
          <p>The workspaces panel hit an error: {this.state.error.message}</p>
          <button
            type="button"
            className="jp-mod-styled jp-mod-accept jp-Dialog-button"
            onClick={() =>
              this.setState(previous => ({
                error: null,
                generation: previous.generation + 1
              }))
            }
          >
            Start again
          </button>
        </div>
      );
    }
    return (
      <React.Fragment key={this.state.generation}>
        {this.props.children}
      </React.Fragment>
    );
  }
}

type Phase = 'loading' | 'disconnected' | 'ready';

const NO_PERMISSIONS: IPermissions = {
  create: false,
  update: false,
  delete: false,
  reasons: {}
};

function WorkspacesView(props: {
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
  const [listError, setListError] = React.useState<string | null>(null);
  const [listLoading, setListLoading] = React.useState(false);
  const [streamNote, setStreamNote] = React.useState<string | null>(null);
  const [live, setLive] = React.useState(false);
  const [view, setView] = React.useState<PanelView>({ kind: 'list' });
  const [attempt, setAttempt] = React.useState(0);
  const wantedNamespace = React.useRef<string | undefined>(
    props.request?.namespace
  );

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
          previous => wantedNamespace.current || previous || listed.current
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

  // The namespace's list, then live changes until the namespace changes or the panel goes.
  React.useEffect(() => {
    if (phase !== 'ready' || !namespace) {
      return;
    }
    let current = true;
    let streamed = false;
    setItems([]);
    setListError(null);
    setStreamNote(null);
    setListLoading(true);
    withTimeout(fetchWorkspaces(namespace), ANSWER_TIMEOUT_MS, 'Workspaces')
      .then(list => {
        if (!current) {
          return;
        }
        setPermissions({ ...NO_PERMISSIONS, ...list.permissions });
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
      if (change.item.namespace !== namespace) {
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

  // Requests from commands: show a namespace and a view.
  React.useEffect(() => {
    const request = props.request;
    if (!request) {
      return;
    }
    if (request.namespace) {
      wantedNamespace.current = request.namespace;
      setNamespace(request.namespace);
    }
    setView(request.view);
  }, [props.request?.serial]);

  React.useEffect(() => {
    props.onShown(phase === 'ready' ? namespace : null, items);
  }, [phase, namespace, items]);

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

  if (view.kind === 'create') {
    return (
      <div className="jp-KubeflowWorkspaces-body">
        <CreateForm
          key={`${namespace}/${props.request?.serial ?? 0}`}
          namespace={namespace}
          kinds={kinds}
          initialName={view.name}
          onCreated={item => {
            props.panel.reportChange({ item });
            backToList();
          }}
          onCancel={backToList}
        />
      </div>
    );
  }
  if (view.kind === 'edit') {
    const item = items.find(candidate => candidate.name === view.name);
    return (
      <div className="jp-KubeflowWorkspaces-body">
        {item ? (
          <EditForm
            key={`${namespace}/${item.name}`}
            item={item}
            kind={kinds.find(kind => kind.name === item.kind)}
            onSaved={saved => {
              props.panel.reportChange({ item: saved });
              backToList();
            }}
            onCancel={backToList}
          />
        ) : (
          <>
            <p role="alert">
              {listLoading
                ? 'Loading…'
                : `There is no workspace ${view.name} in ${namespace}.`}
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

  const namespaceChoices = namespaces?.namespaces.includes(namespace)
    ? namespaces.namespaces
    : [...(namespaces?.namespaces ?? []), namespace];
  const createRefusal = permissions.create
    ? undefined
    : (permissions.reasons.create ??
      `You may not create workspaces in ${namespace}.`);
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
          title={createRefusal ?? `Create a workspace in ${namespace}`}
          onClick={() => {
            if (!createRefusal) {
              void props.panel.commands.execute(COMMAND_IDS.create, {
                namespace
              });
            }
          }}
        >
          + New
        </button>
      </div>
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
          No workspaces in {namespace} yet.
        </p>
      ) : (
        <ul
          className="jp-KubeflowWorkspaces-list"
          aria-label={`Workspaces in ${namespace}`}
        >
          {items.map(item => (
            <WorkspaceCard
              key={item.name}
              item={item}
              permissions={permissions}
              onAction={command =>
                void props.panel.commands.execute(command, {
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

function Header(props: { live?: boolean }): JSX.Element {
  return (
    <div className="jp-KubeflowWorkspaces-header">
      <h2 className="jp-KubeflowWorkspaces-title">Kubeflow Workspaces</h2>
      {props.live !== undefined ? (
        <span
          className={`jp-KubeflowWorkspaces-live ${props.live ? 'jp-mod-live' : ''}`}
          title={
            props.live ? 'Updating live' : 'Not updating live: reconnecting…'
          }
          aria-label={props.live ? 'Updating live' : 'Reconnecting'}
        />
      ) : null}
    </div>
  );
}

function NotConnected(props: {
  status: IWorkspacesStatus | null;
  onRetry: () => void;
}): JSX.Element {
  const status = props.status;
  return (
    <div className="jp-KubeflowWorkspaces-disconnected" role="alert">
      <p>
        <strong>Not connected to a Kubernetes cluster.</strong>
      </p>
      {status?.server ? (
        <p className="jp-KubeflowWorkspaces-muted">
          API server: {status.server}
        </p>
      ) : null}
      {status?.error ? (
        <p className="jp-KubeflowWorkspaces-stateMessage">{status.error}</p>
      ) : null}
      <p>
        {status?.hint ??
          'Point Jupyter at a kubeconfig: set KUBECONFIG, or c.KubeflowExtension.kubeconfig, and retry.'}
      </p>
      <button
        type="button"
        className="jp-mod-styled jp-mod-accept jp-Dialog-button"
        onClick={props.onRetry}
      >
        Retry
      </button>
    </div>
  );
}
