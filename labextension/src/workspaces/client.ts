/**
 * The workspaces routes of the server (see the HTTP contract), and the live stream of
 * a namespace's workspaces. Every call goes through `requestAPI` (auth and XSRF).
 */
import { apiURL, getStatus, requestAPI } from '../api';
import { IWorkspaceManifest } from './manifest';
import { parseStreamEvent, StreamMessage } from './events';
import { ALL_NAMESPACES } from './state';
import type {
  IAllWorkspacesList,
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

function logsQuery(
  container: string,
  tailLines: number,
  follow: boolean
): string {
  const query = new URLSearchParams({
    tailLines: String(tailLines),
    follow: follow ? '1' : '0'
  });
  if (container) {
    query.set('container', container);
  }
  return query.toString();
}

/** A container's last lines (bounded by the server; `truncated` says when cut). */
export function fetchLogs(
  namespace: string,
  name: string,
  container: string,
  tailLines: number
): Promise<IWorkspaceLogs> {
  return requestAPI<IWorkspaceLogs>(
    `${logsPath(namespace, name)}?${logsQuery(container, tailLines, false)}`
  );
}

/** The server-sent events URL that follows a container's log. */
export function logsStreamURL(
  namespace: string,
  name: string,
  container: string,
  tailLines: number
): string {
  return `${apiURL(logsPath(namespace, name))}?${logsQuery(container, tailLines, true)}`;
}

export function fetchDetails(
  namespace: string,
  name: string
): Promise<IWorkspaceDetails> {
  return requestAPI<IWorkspaceDetails>(
    `workspaces/${enc(namespace)}/${enc(name)}/details`
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

export function pauseWorkspace(
  namespace: string,
  name: string
): Promise<IWorkspaceItem> {
  return requestAPI<IWorkspaceItem>(
    `workspaces/${enc(namespace)}/${enc(name)}/pause`,
    {
      method: 'POST'
    }
  );
}

export function resumeWorkspace(
  namespace: string,
  name: string
): Promise<IWorkspaceItem> {
  return requestAPI<IWorkspaceItem>(
    `workspaces/${enc(namespace)}/${enc(name)}/resume`,
    {
      method: 'POST'
    }
  );
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
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

/**
 * A namespace's workspaces (or all: ALL_NAMESPACES), live: an `EventSource` on
 * `workspaces/{ns}?watch=1` or `workspaces?watch=1` (it sends
 * the login cookie; a GET needs no XSRF token). EventSource retries dropped connections
 * by itself, but gives up for good on an HTTP error answer (503, 404): then this
 * reconnects with a growing delay. `dispose()` closes it for good.
 */
export class WorkspaceStream {
  constructor(
    readonly namespace: string,
    private readonly onMessage: (message: StreamMessage) => void,
    private readonly onConnection: (open: boolean) => void
  ) {
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer !== undefined) {
      window.clearTimeout(this.retryTimer);
    }
    this.source?.close();
    this.source = null;
  }

  private connect(): void {
    if (this.disposed) {
      return;
    }
    // ALL_NAMESPACES: the cluster-wide watch of every namespace the user may list.
    const path =
      this.namespace === ALL_NAMESPACES
        ? 'workspaces'
        : `workspaces/${enc(this.namespace)}`;
    const source = new EventSource(`${apiURL(path)}?watch=1`, {
      withCredentials: true
    });
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      this.onConnection(true);
    };
    for (const name of STREAM_EVENTS) {
      source.addEventListener(name, event =>
        this.deliver(name, event as MessageEvent)
      );
    }
    // The server's own `error` event (cluster unreachable) carries data; the browser's
    // connection error does not.
    source.addEventListener('error', event => {
      if (event instanceof MessageEvent && typeof event.data === 'string') {
        this.deliver('error', event);
        return;
      }
      this.onConnection(false);
      if (source.readyState === EventSource.CLOSED && !this.disposed) {
        this.retryTimer = window.setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      }
    });
  }

  private deliver(name: string, event: MessageEvent): void {
    const message = parseStreamEvent(name, String(event.data));
    if (message && !this.disposed) {
      this.onMessage(message);
    }
  }

  private source: EventSource | null = null;
  private disposed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: number | undefined;
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
