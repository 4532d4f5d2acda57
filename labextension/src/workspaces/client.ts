/**
 * The workspaces routes of the server (see the HTTP contract), and the live stream of
 * a namespace's workspaces. Every call goes through `requestAPI` (auth and XSRF).
 */
import { apiURL, getStatus, KubeflowAPIError, requestAPI } from '../api';
import { IWorkspaceManifest } from './manifest';
import { parseStreamEvent, StreamMessage } from './events';
import { parseEventObject, ReconnectingStream } from './stream';
import { ALL_NAMESPACES } from './state';
import type { IWindowEvent } from './table';
import type {
  IAllWorkspacesList,
  IPermissions,
  INamespaces,
  IPVC,
  ISecretName,
  IWorkspaceItem,
  IWorkspaceDetails,
  IWorkspaceKind,
  IWorkspaceList,
  IWorkspaceLogs,
  IWorkspacePatch,
  IWorkspacesStatus
} from './types';

const enc = encodeURIComponent;

export async function fetchWorkspacesStatus(): Promise<IWorkspacesStatus> {
  const status = await getStatus();
  const workspaces = status.workspaces as IWorkspacesStatus | undefined;
  return (
    workspaces ?? {
      connected: false,
      error: 'This Jupyter server has no workspaces service.',
      hint: 'Install and enable the jupyter_kubeflow server extension, then restart Jupyter.'
    }
  );
}

export function fetchNamespaces(): Promise<INamespaces> {
  return requestAPI<INamespaces>('namespaces');
}

/** The kinds; with a namespace, each option says whether it may use it and how often. */
export async function fetchKinds(
  namespace?: string
): Promise<IWorkspaceKind[]> {
  const query = namespace ? `?namespace=${enc(namespace)}` : '';
  const body = await requestAPI<{ items: IWorkspaceKind[] }>(
    `workspacekinds${query}`
  );
  return body.items;
}

/** Every namespace's workspaces the user may list. */
export function fetchAllWorkspaces(): Promise<IAllWorkspacesList> {
  return requestAPI<IAllWorkspacesList>('workspaces');
}

function logsPath(namespace: string, name: string): string {
  return `workspaces/${enc(namespace)}/${enc(name)}/logs`;
}

/** What part of a container's log to read. */
export interface ILogQuery {
  container: string;
  tailLines: number;
  /** Only lines newer than this many seconds (undefined: the whole tail). */
  sinceSeconds?: number;
  /** The container's previous instance (before its last restart). */
  previous?: boolean;
}

function logsQuery(query: ILogQuery, follow: boolean): string {
  const params = new URLSearchParams({
    tailLines: String(query.tailLines),
    follow: follow ? '1' : '0'
  });
  if (query.container) {
    params.set('container', query.container);
  }
  if (query.sinceSeconds) {
    params.set('sinceSeconds', String(query.sinceSeconds));
  }
  if (query.previous) {
    params.set('previous', '1');
  }
  return params.toString();
}

/** A container's last lines (bounded by the server; `truncated` says when cut). */
export function fetchLogs(
  namespace: string,
  name: string,
  query: ILogQuery
): Promise<IWorkspaceLogs> {
  return requestAPI<IWorkspaceLogs>(
    `${logsPath(namespace, name)}?${logsQuery(query, false)}`
  );
}

/** The server-sent events URL that follows a container's log. */
export function logsStreamURL(
  namespace: string,
  name: string,
  query: ILogQuery
): string {
  return `${apiURL(logsPath(namespace, name))}?${logsQuery(query, true)}`;
}

export function fetchDetails(
  namespace: string,
  name: string
): Promise<IWorkspaceDetails> {
  return requestAPI<IWorkspaceDetails>(
    `workspaces/${enc(namespace)}/${enc(name)}/details`
  );
}

/** One workspace, read from the API server (not the cache). */
export function fetchWorkspace(
  namespace: string,
  name: string
): Promise<{ item: IWorkspaceItem }> {
  return requestAPI<{ item: IWorkspaceItem }>(
    `workspaces/${enc(namespace)}/${enc(name)}`
  );
}

export function fetchWorkspaces(namespace: string): Promise<IWorkspaceList> {
  return requestAPI<IWorkspaceList>(`workspaces/${enc(namespace)}`);
}

export async function fetchPVCs(namespace: string): Promise<IPVC[]> {
  const body = await requestAPI<{ items: IPVC[] }>(
    `namespaces/${enc(namespace)}/pvcs`
  );
  return body.items;
}

export async function fetchSecrets(namespace: string): Promise<ISecretName[]> {
  const body = await requestAPI<{ items: ISecretName[] }>(
    `namespaces/${enc(namespace)}/secrets`
  );
  return body.items;
}

export function createWorkspace(
  namespace: string,
  manifest: IWorkspaceManifest
): Promise<IWorkspaceItem> {
  return requestAPI<IWorkspaceItem>(`workspaces/${enc(namespace)}`, {
    method: 'POST',
    body: manifest
  });
}

export function patchWorkspace(
  namespace: string,
  name: string,
  patch: IWorkspacePatch
): Promise<IWorkspaceItem> {
  return requestAPI<IWorkspaceItem>(
    `workspaces/${enc(namespace)}/${enc(name)}`,
    {
      method: 'PATCH',
      body: patch
    }
  );
}

/**
 * Pause (`pause`), resume (`resume`), or restart: pause, then resume once paused, which
 * the Jupyter server carries on with (`restart`). `applyUpdates` also chooses the kind's
 * pending redirects in the same write ("Update and stop", "Update and start").
 */
export function workspaceAction(
  namespace: string,
  name: string,
  action: 'pause' | 'resume' | 'restart',
  applyUpdates = false
): Promise<IWorkspaceItem> {
  return requestAPI<IWorkspaceItem>(
    `workspaces/${enc(namespace)}/${enc(name)}/${action}`,
    {
      method: 'POST',
      body: applyUpdates ? { applyUpdates: true } : undefined
    }
  );
}

export function pauseWorkspace(
  namespace: string,
  name: string
): Promise<IWorkspaceItem> {
  return workspaceAction(namespace, name, 'pause');
}

export function resumeWorkspace(
  namespace: string,
  name: string
): Promise<IWorkspaceItem> {
  return workspaceAction(namespace, name, 'resume');
}

export function deleteWorkspace(
  namespace: string,
  name: string
): Promise<{ deleted: boolean }> {
  return requestAPI<{ deleted: boolean }>(
    `workspaces/${enc(namespace)}/${enc(name)}`,
    {
      method: 'DELETE'
    }
  );
}

const STREAM_EVENTS = ['snapshot', 'ADDED', 'MODIFIED', 'DELETED'];

/**
 * A namespace's workspaces (or all: ALL_NAMESPACES), live: `workspaces/{ns}?watch=1` or
 * `workspaces?watch=1` as server-sent events, reconnecting with a growing delay after an
 * HTTP error answer (stream.ts). `dispose()` closes it for good.
 */
export class WorkspaceStream {
  constructor(
    readonly namespace: string,
    onMessage: (message: StreamMessage) => void,
    onConnection: (open: boolean) => void
  ) {
    // ALL_NAMESPACES: the cluster-wide watch of every namespace the user may list.
    const path =
      namespace === ALL_NAMESPACES
        ? 'workspaces'
        : `workspaces/${enc(namespace)}`;
    this.stream = new ReconnectingStream(
      `${apiURL(path)}?watch=1`,
      STREAM_EVENTS,
      {
        onEvent: (name, data) => {
          const message = parseStreamEvent(name, data);
          if (message) {
            onMessage(message);
          }
        },
        onConnection
      }
    );
  }

  dispose(): void {
    this.stream.dispose();
  }

  private readonly stream: ReconnectingStream;
}

const VIEW_EVENTS = ['view', 'window', 'permissions'];

export interface ITableStreamHandlers {
  /** A view opened (again): what all namespaces left out. */
  onView: (scope: { forbidden: string[]; omitted: string[] }) => void;
  onWindow: (event: IWindowEvent) => void;
  onPermissions: (permissions: Record<string, IPermissions>) => void;
  /** The server cannot read the workspaces now (the stream stays open). */
  onError: (message: string) => void;
  onConnection: (open: boolean) => void;
  /** The server refused a query (400, naming the parameter in `field`). */
  onRefused: (error: KubeflowAPIError) => void;
  /** The stream could not be opened, and why (a 503 when too many are watched). */
  onUnavailable: (message: string) => void;
}

/**
 * The table's live window (`GET workspace-views`, server-sent events): the rows the
 * table shows and their changes. `update` asks for another window or query
 * (`PUT workspace-views/{id}`); the answer comes on the stream, in order. A reconnected
 * stream opens a new view, which is then brought to the latest parameters.
 */
export class TableStream {
  constructor(
    namespace: string,
    params: Record<string, string>,
    private readonly handlers: ITableStreamHandlers
  ) {
    // A label selector can be refused (400): it goes in a PUT, where the answer says so,
    // never in the stream's URL, which a refusal would keep failing.
    const { labels, ...safe } = params;
    this.opened = safe;
    this.latest = params;
    this.pending = labels !== undefined;
    const query = new URLSearchParams(safe);
    if (namespace !== ALL_NAMESPACES) {
      query.set('namespace', namespace);
    }
    this.listPath =
      namespace === ALL_NAMESPACES
        ? 'workspaces?limit=0'
        : `workspaces/${enc(namespace)}?limit=0`;
    this.stream = new ReconnectingStream(
      `${apiURL('workspace-views')}?${query.toString()}`,
      VIEW_EVENTS,
      {
        onEvent: (name, data) => this.onEvent(name, data),
        onConnection: open => {
          handlers.onConnection(open);
          if (!open) {
            this.explain();
          }
        }
      }
    );
  }

  /** The browser cannot say why a stream failed: an empty page of the list does. */
  private explain(): void {
    requestAPI(this.listPath).catch((error: KubeflowAPIError) => {
      if (!this.disposed) {
        this.handlers.onUnavailable(error.message);
      }
    });
  }

  /** Ask for other rows or another query (debounce it: each is one request). */
  update(params: Record<string, string>): void {
    this.latest = params;
    this.pending = true;
    this.send();
  }

  dispose(): void {
    this.disposed = true;
    this.stream.dispose();
  }

  private onEvent(name: string, data: string): void {
    const body = parseEventObject(data);
    if (this.disposed || body === null) {
      return;
    }
    switch (name) {
      case 'view':
        this.viewId = String(body.id);
        this.handlers.onView({
          forbidden: body.forbidden ?? [],
          omitted: body.omitted ?? []
        });
        // A new view starts from the stream's URL: bring it to what was asked since.
        if (this.pending || !sameParams(this.opened, this.latest)) {
          this.pending = true;
          this.send();
        }
        break;
      case 'window':
        this.handlers.onWindow(body as IWindowEvent);
        break;
      case 'permissions':
        this.handlers.onPermissions(body);
        break;
      case 'error':
        this.handlers.onError(
          String(body.message ?? 'The cluster is unreachable.')
        );
        break;
    }
  }

  private send(): void {
    if (!this.viewId || !this.pending || this.disposed) {
      return;
    }
    this.pending = false;
    this.seq += 1;
    const viewId = this.viewId;
    requestAPI<void>(`workspace-views/${enc(viewId)}`, {
      method: 'PUT',
      body: { ...this.latest, seq: this.seq }
    }).catch((error: KubeflowAPIError) => {
      // 404: the stream ended meanwhile; its reconnection opens a view and asks again.
      if (!this.disposed && error.status !== 404) {
        this.handlers.onRefused(error);
      }
    });
  }

  private readonly stream: ReconnectingStream;
  private readonly listPath: string;
  private readonly opened: Record<string, string>;
  private latest: Record<string, string>;
  private pending: boolean;
  private viewId: string | null = null;
  private seq = 0;
  private disposed = false;
}

function sameParams(
  a: Record<string, string>,
  b: Record<string, string>
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(key => a[key] === b[key]);
}

/** Reject when the server has not answered in time, so the panel never spins forever. */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(
      () =>
        reject(
          new Error(
            `${what}: no answer from the Jupyter server in ${ms / 1000} s.`
          )
        ),
      ms
    );
    promise.then(
      value => {
        window.clearTimeout(timer);
        resolve(value);
      },
      error => {
        window.clearTimeout(timer);
        reject(error);
      }
    );
  });
}
