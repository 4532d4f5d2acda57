/**
 * The one place every server call goes through: `/kubeflow/api/...` on the Jupyter
 * server, with Jupyter's token and XSRF handling from `ServerConnection`.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** An error the server answered with: `{message, field?, where?}` and an HTTP status. */
export class KubeflowAPIError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly where?: string,
    readonly details?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'KubeflowAPIError';
  }
}

/** The message a person reads for a failed call. */
export function errorMessage(reason: unknown): string {
  if (reason instanceof KubeflowAPIError) {
    const where = reason.field ? ` (field: ${reason.field})` : '';
    return `${reason.message}${where}`;
  }
  return reason instanceof Error ? reason.message : String(reason);
}

const API_ROOT = 'kubeflow/api';

/** The full URL of a route under `/kubeflow/api/`. */
export function apiURL(
  path: string,
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): string {
  return URLExt.join(settings.baseUrl, API_ROOT, path);
}

/**
 * Call a route under `/kubeflow/api/` and return its JSON body.
 *
 * @param path - the route after `/kubeflow/api/`, e.g. `pipelines/analyse`
 * @param init - fetch options; a `body` object is sent as JSON
 */
export async function requestAPI<T>(
  path: string,
  init: Omit<RequestInit, 'body'> & { body?: unknown } = {},
  settings: ServerConnection.ISettings = ServerConnection.makeSettings()
): Promise<T> {
  const { body, ...rest } = init;
  const request: RequestInit = { ...rest };
  if (body !== undefined) {
    request.body = typeof body === 'string' ? body : JSON.stringify(body);
    request.headers = {
      'Content-Type': 'application/json',
      ...(rest.headers ?? {})
    };
  }
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      apiURL(path, settings),
      request,
      settings
    );
  } catch (error) {
    throw new KubeflowAPIError(
      0,
      `Cannot reach the Jupyter server: ${String(error)}`
    );
  }
  const text = await response.text();
  let data: any = undefined;
  if (text.length > 0) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!response.ok) {
    throw new KubeflowAPIError(
      response.status,
      data?.message ?? response.statusText ?? `HTTP ${response.status}`,
      data?.field,
      data?.where,
      data?.details
    );
  }
  return data as T;
}

/** What `GET /kubeflow/api/status` says is connected. */
export interface IStatus {
  version: string;
  [capability: string]: unknown;
}

export function getStatus(): Promise<IStatus> {
  return requestAPI<IStatus>('status');
}
