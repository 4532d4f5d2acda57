/** Display helpers for registry objects. Pure; see format.test.ts. */
import { IListModelsQuery, OrderBy } from './types';
import { ITrans } from '../trans';

/** A `...TimeSinceEpoch` string (milliseconds) as a local date and time; '' if absent. */
export function formatTimestamp(
  millis: string | undefined,
  locale?: string
): string {
  // absent is NaN and '' is 0: neither is a time
  const value = Number(millis);
  if (!Number.isFinite(value) || value <= 0) {
    return '';
  }
  return new Date(value).toLocaleString(locale);
}

/** Bytes as "12.3 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The `models?...` route for a list query ('ALL' states: no state parameter). */
export function listModelsPath(query: IListModelsQuery): string {
  const params = new URLSearchParams();
  const q = query.q?.trim();
  if (q) {
    params.set('q', q);
  }
  if (query.state && query.state !== 'ALL') {
    params.set('state', query.state);
  }
  return listPath('models', params, query);
}

/**
 * A list route with its parameters: those of the query before it, then the sort and the
 * page, which every list of the registry and the catalog takes alike, each only when set.
 */
export function listPath(
  route: string,
  params: URLSearchParams,
  query: {
    orderBy?: string;
    sortOrder?: string;
    pageSize?: number;
    pageToken?: string;
  }
): string {
  for (const key of [
    'orderBy',
    'sortOrder',
    'pageSize',
    'pageToken'
  ] as const) {
    if (query[key]) {
      params.append(key, String(query[key]));
    }
  }
  const text = params.toString();
  return text ? `${route}?${text}` : route;
}

/** A choice of the model list's "Sort by". */
export interface ISortChoice {
  value: OrderBy;
  label: string;
  /** said, not offered: the registry does not apply it (the real server ignores NAME) */
  disabled: boolean;
}

const SORTS = (trans: ITrans): [OrderBy, string][] => [
  ['NAME', trans.__('Name')],
  ['CREATE_TIME', trans.__('Created')],
  ['LAST_UPDATE_TIME', trans.__('Updated')]
];

/**
 * The sorts offered, given the orders the registry applies (`IModelList.orders`, the
 * last answer's); all of them before any answer said.
 */
export function sortChoices(
  applied: readonly OrderBy[] | undefined,
  trans: ITrans
): ISortChoice[] {
  const sorts = SORTS(trans);
  const known = applied ?? sorts.map(([value]) => value);
  return sorts.map(([value, label]) =>
    known.includes(value)
      ? { value, label, disabled: false }
      : {
          value,
          label: trans.__('%1 (not applied by this registry)', label),
          disabled: true
        }
  );
}
