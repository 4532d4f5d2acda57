/**
 * The workspaces table's state: its query (search, filters, order), the window of rows
 * the server streams (`GET workspace-views`, see docs/workspaces.md), and which rows the
 * scroll position needs. Pure: no JupyterLab imports (unit-tested in table.test.ts).
 */
import type { IPermissions, IWorkspaceItem } from './types';
import type { ITrans, Message } from '../trans';

/** The columns, as the Notebooks 2.0 UI has them, with their headings; each sorts. */
export const COLUMNS = [
  { id: 'name', width: 170, label: trans => trans.__('Name') },
  { id: 'kind', width: 100, label: trans => trans.__('Kind') },
  { id: 'image', width: 160, label: trans => trans.__('Image') },
  { id: 'podConfig', width: 100, label: trans => trans.__('Pod config') },
  { id: 'namespace', width: 120, label: trans => trans.__('Namespace') },
  { id: 'state', width: 96, label: trans => trans.__('State') },
  { id: 'gpu', width: 48, label: trans => trans.__('GPU') },
  { id: 'lastActivity', width: 100, label: trans => trans.__('Last activity') }
] as const satisfies readonly { id: string; width: number; label: Message }[];

export type ColumnId = (typeof COLUMNS)[number]['id'];

/** A column's heading. */
export function columnLabel(id: ColumnId, trans: ITrans): string {
  return COLUMNS.find(column => column.id === id)?.label(trans) ?? id;
}

/** The phases a state filter offers (the server's `phase`). */
export const PHASES = [
  'Running',
  'Starting',
  'Pausing',
  'Paused',
  'Restarting',
  'Error',
  'Unknown'
];

export const ROW_HEIGHT = 26; // px; every row has it, so a scroll offset is a row index
export const OVERSCAN = 10; // rows asked beyond each edge of what is on screen
export const MIN_LIMIT = 40; // rows asked at least (a short panel still scrolls smoothly)

export interface ITableQuery {
  search: string;
  state: string;
  kind: string;
  image: string;
  namespaceFilter: string;
  labels: string;
  sort: ColumnId;
  order: 'asc' | 'desc';
}

export const NO_QUERY: ITableQuery = {
  search: '',
  state: '',
  kind: '',
  image: '',
  namespaceFilter: '',
  labels: '',
  sort: 'name',
  order: 'asc'
};

/** The query as one string: a view starts again at its top when this changes. */
export function queryKey(query: ITableQuery): string {
  return JSON.stringify(query);
}

/** How many filters (not the search, not the order) are set. */
export function activeFilters(query: ITableQuery): number {
  return [
    query.state,
    query.kind,
    query.image,
    query.namespaceFilter,
    query.labels
  ].filter(value => value.trim() !== '').length;
}

/** Rows `offset` to `offset + limit`, the one selected (its card), as the server reads them. */
export interface IWindowRequest {
  offset: number;
  limit: number;
  selected: string;
}

/** The parameters of `workspace-views` (a URL's query, or a PUT's body). */
export function viewParams(
  query: ITableQuery,
  window: IWindowRequest
): Record<string, string> {
  const params: Record<string, string> = {
    sort: query.sort,
    order: query.order,
    offset: String(window.offset),
    limit: String(window.limit)
  };
  const optional: [string, string][] = [
    ['search', query.search],
    ['state', query.state],
    ['kind', query.kind],
    ['image', query.image],
    ['namespaceFilter', query.namespaceFilter],
    ['labels', query.labels],
    ['selected', window.selected]
  ];
  for (const [name, value] of optional) {
    if (value.trim() !== '') {
      params[name] = value.trim();
    }
  }
  return params;
}

/** The rows the scroll position shows, with some more above and below. */
export function neededWindow(
  scrollTop: number,
  viewportHeight: number,
  total: number
): { offset: number; limit: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT));
  const visible = Math.ceil(viewportHeight / ROW_HEIGHT) + 1;
  const offset = Math.max(0, Math.min(first - OVERSCAN, total - 1));
  const limit = Math.max(MIN_LIMIT, visible + 2 * OVERSCAN);
  return { offset, limit };
}

export const CARD_PAGE = 20; // cards a page of the cards and compact views shows

/** How many pages of cards `total` workspaces make (at least one). */
export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / CARD_PAGE));
}

/** The rows page `page` of the cards shows: from `offset`, `limit` of them. */
export function pageOf(
  page: number,
  total: number
): { offset: number; limit: number } {
  const offset = Math.max(0, page) * CARD_PAGE;
  return { offset, limit: Math.max(0, Math.min(CARD_PAGE, total - offset)) };
}

/** True when the window held covers the rows on screen (`first` to `first + count`). */
export function covers(
  held: { offset: number; limit: number },
  first: number,
  count: number,
  total: number
): boolean {
  const last = Math.min(first + count, total);
  return held.offset <= first && last <= held.offset + held.limit;
}

/**
 * A first list still coming in (the server's cache answers the rows read so far): how
 * many namespaces are not wholly read, and about how many workspaces are still to come.
 */
export interface ILoading {
  namespaces: number | null;
  workspaces: number | null;
}

/** A `window` event: the rows held from `offset`, and the items not held yet or changed. */
export interface IWindowEvent {
  seq: number;
  total: number;
  offset: number;
  keys: string[];
  selected: string | null;
  items: IWorkspaceItem[];
  loading?: ILoading;
}

/** What the table holds: the window's keys in order and their items (and the selected). */
export interface ITableWindow {
  seq: number;
  total: number;
  offset: number;
  keys: string[];
  items: Map<string, IWorkspaceItem>;
  selected: string | null;
  loading: ILoading | null;
}

export const EMPTY_WINDOW: ITableWindow = {
  seq: 0,
  total: 0,
  offset: 0,
  keys: [],
  items: new Map(),
  selected: null,
  loading: null
};

/** A workspace's identity across namespaces (the server's keys). */
export function keyOf(item: { namespace: string; name: string }): string {
  return `${item.namespace}/${item.name}`;
}

/**
 * The window after an event: its items merged, and (as the server does with what it
 * remembers sending) only the items of its keys and the selected one kept.
 */
export function applyWindow(
  held: ITableWindow,
  event: IWindowEvent
): ITableWindow {
  const items = new Map<string, IWorkspaceItem>();
  const keep = new Set(event.keys);
  if (event.selected) {
    keep.add(event.selected);
  }
  for (const key of keep) {
    const item = held.items.get(key);
    if (item) {
      items.set(key, item);
    }
  }
  for (const item of event.items) {
    items.set(keyOf(item), item);
  }
  return {
    seq: event.seq,
    total: event.total,
    offset: event.offset,
    keys: event.keys,
    items,
    selected: event.selected,
    loading: event.loading ?? null
  };
}

/** "Still loading 640 namespaces (about 31,500 workspaces to go)…", or null. */
export function loadingText(
  loading: ILoading | null,
  trans: ITrans
): string | null {
  if (!loading) {
    return null;
  }
  // Counts shown with the browser's digit grouping (31,500); %1 of _n is the count.
  const namespaces =
    loading.namespaces === null
      ? trans.__('the namespaces')
      : trans._n(
          '%2 namespace',
          '%2 namespaces',
          loading.namespaces,
          loading.namespaces.toLocaleString()
        );
  if (loading.workspaces === null) {
    return trans.__(
      'Still loading %1: the rows read so far are shown.',
      namespaces
    );
  }
  return trans.__(
    'Still loading %1 (%2): the rows read so far are shown.',
    namespaces,
    trans._n(
      'about %2 workspace to go',
      'about %2 workspaces to go',
      loading.workspaces,
      loading.workspaces.toLocaleString()
    )
  );
}

/**
 * An action's answer (the item after a pause, an edit) applied at once, before the
 * stream confirms it; a deleted workspace leaves the window.
 */
export function applyItemChange(
  held: ITableWindow,
  item: IWorkspaceItem,
  deleted = false
): ITableWindow {
  const key = keyOf(item);
  if (!held.items.has(key)) {
    return held;
  }
  const items = new Map(held.items);
  if (deleted) {
    items.delete(key);
    return {
      ...held,
      items,
      keys: held.keys.filter(other => other !== key),
      total: Math.max(0, held.total - 1)
    };
  }
  items.set(key, item);
  return { ...held, items };
}

/** The items of the window, in order (those not arrived yet left out). */
export function windowItems(held: ITableWindow): IWorkspaceItem[] {
  const found: IWorkspaceItem[] = [];
  for (const key of held.keys) {
    const item = held.items.get(key);
    if (item) {
      found.push(item);
    }
  }
  return found;
}

/** Permissions by namespace, merged as `permissions` events bring them. */
export type PermissionsByNamespace = Record<string, IPermissions>;

/** "3 min ago", "—": a last activity for its cell. */
export function activityText(
  lastActivity: number | null | undefined,
  trans: ITrans,
  now: number = Date.now()
): string {
  if (!lastActivity) {
    return '—';
  }
  const seconds = Math.max(0, (now - lastActivity) / 1000);
  if (seconds < 60) {
    return trans.__('just now');
  }
  if (seconds < 3600) {
    return trans.__('%1 min ago', Math.round(seconds / 60));
  }
  if (seconds < 86400) {
    return trans.__('%1 h ago', Math.round(seconds / 3600));
  }
  const days = Math.round(seconds / 86400);
  return trans._n('%1 day ago', '%1 days ago', days);
}

/** The next sort when a column's header is chosen: that column ascending, or reversed. */
export function nextSort(
  query: ITableQuery,
  column: ColumnId
): Pick<ITableQuery, 'sort' | 'order'> {
  if (query.sort === column) {
    return { sort: column, order: query.order === 'asc' ? 'desc' : 'asc' };
  }
  return { sort: column, order: 'asc' };
}

/** A namespace picker's choices for what was typed: exact, then prefix, then substring. */
export function matchNamespaces(
  namespaces: readonly string[],
  typed: string,
  max: number
): { shown: string[]; more: number } {
  const needle = typed.trim().toLowerCase();
  if (!needle) {
    return {
      shown: namespaces.slice(0, max),
      more: Math.max(0, namespaces.length - max)
    };
  }
  const exact: string[] = [];
  const prefix: string[] = [];
  const inside: string[] = [];
  for (const name of namespaces) {
    const lower = name.toLowerCase();
    if (lower === needle) {
      exact.push(name);
    } else if (lower.startsWith(needle)) {
      prefix.push(name);
    } else if (lower.includes(needle)) {
      inside.push(name);
    }
  }
  const all = [...exact, ...prefix, ...inside];
  return { shown: all.slice(0, max), more: Math.max(0, all.length - max) };
}
