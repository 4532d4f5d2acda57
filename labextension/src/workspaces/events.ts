/**
 * The live list: server-sent events of `GET workspaces/{namespace}?watch=1` applied to
 * the list the panel shows. Pure: no JupyterLab imports (unit-tested in events.test.ts).
 */
import { parseEventObject } from './stream';
import type { IWorkspaceItem, WorkspaceEvent } from './types';

/** What one server-sent event means for the panel. */
export type StreamMessage = WorkspaceEvent | { type: 'error'; message: string };

/** Parse one event (`event:` name and `data:` JSON); null when it is not one of ours. */
export function parseStreamEvent(
  name: string,
  data: string
): StreamMessage | null {
  const body = parseEventObject(data);
  if (body === null) {
    return null;
  }
  switch (name) {
    case 'snapshot':
      return Array.isArray(body.items)
        ? { type: 'snapshot', items: body.items }
        : null;
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      return body.item && typeof body.item.name === 'string'
        ? { type: name, item: body.item }
        : null;
    case 'error':
      return {
        type: 'error',
        message: String(body.message ?? 'The cluster is unreachable.')
      };
    default:
      return null;
  }
}

/** By namespace, then name (one namespace: by name). */
function byName(a: IWorkspaceItem, b: IWorkspaceItem): number {
  const na = a.namespace ?? '';
  const nb = b.namespace ?? '';
  if (na !== nb) {
    return na < nb ? -1 : 1;
  }
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function sameWorkspace(a: IWorkspaceItem, b: IWorkspaceItem): boolean {
  return a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/**
 * The list after an event, sorted by namespace and name; the same array when nothing
 * changed. A workspace is its namespace and name: across namespaces (the all-namespaces
 * stream) two may share a name.
 */
export function applyWorkspaceEvent(
  items: IWorkspaceItem[],
  event: WorkspaceEvent
): IWorkspaceItem[] {
  if (event.type === 'snapshot') {
    return [...event.items].sort(byName);
  }
  const rest = items.filter(item => !sameWorkspace(item, event.item));
  if (event.type === 'DELETED') {
    return rest.length === items.length ? items : rest;
  }
  return [...rest, event.item].sort(byName);
}
