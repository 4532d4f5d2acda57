/**
 * The workspaces routes of the server (see the HTTP contract), and the live stream of
 * a namespace's workspaces. Every call goes through `requestAPI` (auth and XSRF).
 */
import { apiURL, getStatus, requestAPI } from '../api';
import { IWorkspaceManifest } from './manifest';
import { parseStreamEvent, StreamMessage } from './events';
import { ReconnectingStream } from './stream';
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
