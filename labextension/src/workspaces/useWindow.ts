/**
 * What the table and the cards do alike with the window of rows the server streams
 * (table.ts): a new query starts them at the top, and the rows they show that the
 * window held does not cover are asked for.
 */
import * as React from 'react';

import { covers, ITableQuery, ITableWindow, queryKey } from './table';
import type { ITrans } from '../trans';

/** Calls `reset` when the query (search, filters, order) changes. */
export function useNewQuery(query: ITableQuery, reset: () => void): void {
  React.useEffect(reset, [queryKey(query)]);
}

/** Calls `ask` when rows `offset` to `offset + count` are not all held. */
export function useRowsHeld(
  held: ITableWindow,
  offset: number,
  count: number,
  ask: () => void
): void {
  React.useEffect(() => {
    const span = { offset: held.offset, limit: held.keys.length };
    if (held.total > 0 && !covers(span, offset, count, held.total)) {
      ask();
    }
  }, [offset, count, held.total, held.offset, held.keys.length]);
}

/** The list's title while the controller is not updating the workspaces. */
export function staleTitle(
  stale: boolean | undefined,
  trans: ITrans
): string | undefined {
  return stale
    ? trans.__(
        'Possibly out of date: the Notebooks controller is not updating the workspaces.'
      )
    : undefined;
}
