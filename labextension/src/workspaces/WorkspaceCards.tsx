/**
 * The workspaces as cards (setting `listView`: `cards`, or `compact` for the name, state
 * and actions only), a page at a time: the page is a window of the same server query as
 * the table (search, filters, order), so the panel holds one page of cards whatever the
 * count, and only that page and its changes are streamed.
 */
import * as React from 'react';

import {
  CARD_PAGE,
  columnLabel,
  COLUMNS,
  ColumnId,
  ITableQuery,
  ITableWindow,
  pageCount,
  pageOf
} from './table';
import type { IPermissions, IWorkspaceItem } from './types';
import { itemKey } from './state';
import { staleTitle, useNewQuery, useRowsHeld } from './useWindow';
import { WorkspaceCard } from './WorkspaceCard';
import { useTrans } from '../trans';

export interface IWorkspaceCardsProps {
  window: ITableWindow;
  query: ITableQuery;
  compact: boolean;
  /** All namespaces: each card says its namespace; the order may be by namespace. */
  showNamespace: boolean;
  label: string;
  stale?: boolean;
  permissionsIn: (namespace: string) => IPermissions;
  onSort: (change: Pick<ITableQuery, 'sort' | 'order'>) => void;
  onAction: (
    item: IWorkspaceItem,
    command: string,
    args?: Record<string, string>
  ) => void;
  /** The page shown is not held: ask for this window. */
  onRange: (window: { offset: number; limit: number }) => void;
}

export function WorkspaceCards(props: IWorkspaceCardsProps): JSX.Element {
  const trans = useTrans();
  const { window: held, query } = props;
  const total = held.total;
  const [page, setPage] = React.useState(0);
  const pages = pageCount(total);
  const shown = Math.min(page, pages - 1);
  const span = pageOf(shown, total);

  useNewQuery(query, () => setPage(0));
  useRowsHeld(held, span.offset, span.limit, () =>
    props.onRange({ offset: span.offset, limit: CARD_PAGE })
  );

  const cards: JSX.Element[] = [];
  for (let index = span.offset; index < span.offset + span.limit; index++) {
    const key = held.keys[index - held.offset];
    const item = key ? held.items.get(key) : undefined;
    if (item) {
      cards.push(
        <WorkspaceCard
          key={itemKey(item)}
          item={item}
          permissions={props.permissionsIn(item.namespace)}
          showNamespace={props.showNamespace}
          onAction={(command, args) => props.onAction(item, command, args)}
        />
      );
    }
  }
  const columns = COLUMNS.filter(
    column => props.showNamespace || column.id !== 'namespace'
  );
  return (
    <>
      <div className="jp-KubeflowWorkspaces-toolbar jp-KubeflowWorkspaces-pager">
        <label className="jp-KubeflowWorkspaces-label" htmlFor="jp-kfws-sort">
          {trans.__('Sort')}
        </label>
        <select
          id="jp-kfws-sort"
          className="jp-KubeflowWorkspaces-input"
          value={query.sort}
          onChange={event =>
            props.onSort({
              sort: event.target.value as ColumnId,
              order: query.order
            })
          }
        >
          {columns.map(column => (
            <option key={column.id} value={column.id}>
              {columnLabel(column.id, trans)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          aria-label={
            query.order === 'asc'
              ? trans.__('Ascending order')
              : trans.__('Descending order')
          }
          title={trans.__('Reverse the order')}
          onClick={() =>
            props.onSort({
              sort: query.sort,
              order: query.order === 'asc' ? 'desc' : 'asc'
            })
          }
        >
          {query.order === 'asc' ? '▲' : '▼'}
        </button>
        <span className="jp-KubeflowWorkspaces-muted" role="status">
          {span.limit > 0
            ? trans.__(
                '%1–%2 of %3',
                (span.offset + 1).toLocaleString(),
                (span.offset + span.limit).toLocaleString(),
                total.toLocaleString()
              )
            : ''}
        </span>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          disabled={shown <= 0}
          onClick={() => setPage(shown - 1)}
        >
          {trans.__('Previous')}
        </button>
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          disabled={shown >= pages - 1}
          onClick={() => setPage(shown + 1)}
        >
          {trans.__('Next')}
        </button>
      </div>
      <ul
        className={`jp-KubeflowWorkspaces-list jp-KubeflowWorkspaces-cards${props.stale ? ' jp-mod-stale' : ''}${props.compact ? ' jp-mod-compact' : ''}`}
        data-list-view={props.compact ? 'compact' : 'cards'}
        aria-label={props.label}
        title={staleTitle(props.stale, trans)}
      >
        {cards}
      </ul>
    </>
  );
}
