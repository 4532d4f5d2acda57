/**
 * The workspaces as a compact table (the Notebooks 2.0 UI's columns), virtualized: the
 * page holds the rows on screen and a few more, whatever the count; the rows come from
 * the server's window (table.ts), and `onRange` asks for others as the table scrolls.
 * A WAI-ARIA grid navigated by row: arrows, Page Up/Down, Home and End move, Enter or
 * Space opens the row's card; each column header sorts.
 */
import * as React from 'react';

import { tableMinWidth } from './columns';
import { phaseLabel, phaseOf, stateClass } from './state';
import {
  activityText,
  columnLabel,
  COLUMNS,
  ColumnId,
  ITableQuery,
  ITableWindow,
  neededWindow,
  ROW_HEIGHT
} from './table';
import type { IWorkspaceItem } from './types';
import { staleTitle, useNewQuery, useRowsHeld } from './useWindow';
import { useTrans } from '../trans';

const RENDER_MARGIN = 4; // rows rendered beyond each edge of the viewport

export interface IWorkspaceTableProps {
  window: ITableWindow;
  query: ITableQuery;
  /** The columns shown (columns.ts), in the table's order. */
  columns: ColumnId[];
  selected: string | null;
  label: string;
  stale?: boolean;
  onSort: (column: ColumnId) => void;
  onSelect: (key: string) => void;
  /** The rows on screen are not all held: ask for this window. */
  onRange: (window: { offset: number; limit: number }) => void;
}

function Cell(props: { column: ColumnId; item: IWorkspaceItem }): JSX.Element {
  const trans = useTrans();
  const { item } = props;
  switch (props.column) {
    case 'name': {
      const title = item.displayName || item.name;
      return (
        <td title={item.name} data-column="name">
          {title}
          {title !== item.name ? (
            <span className="jp-KubeflowWorkspaces-muted"> {item.name}</span>
          ) : null}
        </td>
      );
    }
    case 'kind':
      return <td data-column="kind">{item.kind}</td>;
    case 'image':
      return (
        <td data-column="image" title={item.imageConfig.current}>
          {item.imageConfig.current}
        </td>
      );
    case 'podConfig':
      return <td data-column="podConfig">{item.podConfig.current}</td>;
    case 'namespace':
      return <td data-column="namespace">{item.namespace}</td>;
    case 'state': {
      const phase = phaseOf(item);
      return (
        <td data-column="state" data-phase={phase} title={item.stateMessage}>
          <span className={`jp-KubeflowWorkspaces-dot ${stateClass(phase)}`} />
          {phaseLabel(phase, trans)}
        </td>
      );
    }
    case 'gpu':
      return <td data-column="gpu">{item.gpus ? item.gpus : '—'}</td>;
    case 'lastActivity': {
      const last = item.activity?.lastActivity;
      return (
        <td
          data-column="lastActivity"
          title={last ? new Date(last).toLocaleString() : undefined}
        >
          {activityText(last, trans)}
        </td>
      );
    }
  }
}

/** The height of the rows not rendered, so the scrollbar is the whole list's. */
function Spacer(props: { rows: number; columns: number }): JSX.Element {
  return (
    <tr aria-hidden="true">
      <td
        className="jp-KubeflowWorkspaces-spacer"
        colSpan={props.columns}
        style={{ height: props.rows * ROW_HEIGHT }}
      />
    </tr>
  );
}

export function WorkspaceTable(props: IWorkspaceTableProps): JSX.Element {
  const trans = useTrans();
  const { window: held, query } = props;
  const columns = COLUMNS.filter(column => props.columns.includes(column.id));
  const scroller = React.useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = React.useState({ top: 0, height: 400 });
  const [active, setActive] = React.useState(0);
  const focusWanted = React.useRef(false);
  const total = held.total;

  // The viewport's size (the sidebar is resized; the card below opens and closes).
  React.useEffect(() => {
    const element = scroller.current;
    if (!element) {
      return;
    }
    const measure = () =>
      setViewport({ top: element.scrollTop, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useNewQuery(query, () => {
    if (scroller.current) {
      scroller.current.scrollTop = 0;
    }
    setActive(0);
  });

  const first = Math.min(
    Math.floor(viewport.top / ROW_HEIGHT),
    Math.max(0, total - 1)
  );
  const onScreen = Math.ceil(viewport.height / ROW_HEIGHT) + 1;
  useRowsHeld(held, first, onScreen, () =>
    props.onRange(neededWindow(viewport.top, viewport.height, total))
  );

  const start = Math.max(0, first - RENDER_MARGIN);
  const end = Math.min(total, first + onScreen + RENDER_MARGIN);
  // The row Tab reaches: the active one, or the first on screen when it scrolled away.
  const tabbable = active >= start && active < end ? active : start;
  const keyAt = (index: number): string | undefined =>
    held.keys[index - held.offset];

  // Keep the active row on screen and focused while the keyboard moves it.
  React.useEffect(() => {
    const element = scroller.current;
    if (!element || !focusWanted.current) {
      return;
    }
    const top = active * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < element.scrollTop) {
      element.scrollTop = top;
    } else if (
      top + ROW_HEIGHT >
      element.scrollTop + element.clientHeight - header
    ) {
      element.scrollTop = top + ROW_HEIGHT + header - element.clientHeight;
    }
    const row = element.querySelector<HTMLElement>(
      `tr[data-index="${active}"]`
    );
    row?.focus({ preventScroll: true });
  });

  const move = (index: number) => {
    focusWanted.current = true;
    setActive(Math.max(0, Math.min(total - 1, index)));
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const page = Math.max(1, onScreen - 2);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: total - 1
    };
    if (event.key in moves) {
      event.preventDefault();
      move(moves[event.key]);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const key = keyAt(active);
      if (key) {
        event.preventDefault();
        props.onSelect(key);
      }
    }
  };

  const rows: JSX.Element[] = [];
  for (let index = start; index < end; index++) {
    const key = keyAt(index);
    const item = key ? held.items.get(key) : undefined;
    const selected = key !== undefined && key === props.selected;
    if (!item) {
      rows.push(
        <tr
          key={`placeholder-${index}`}
          aria-rowindex={index + 2}
          data-index={index}
          className="jp-KubeflowWorkspaces-placeholder"
          tabIndex={index === tabbable ? 0 : -1}
        >
          <td colSpan={columns.length}>…</td>
        </tr>
      );
      continue;
    }
    rows.push(
      <tr
        key={key}
        aria-rowindex={index + 2}
        aria-selected={selected}
        data-index={index}
        data-workspace-row={item.name}
        data-namespace={item.namespace}
        className={selected ? 'jp-mod-selected' : undefined}
        tabIndex={index === tabbable ? 0 : -1}
        onClick={() => {
          setActive(index);
          props.onSelect(key!);
        }}
        onFocus={() => setActive(index)}
      >
        {columns.map(column => (
          <Cell key={column.id} column={column.id} item={item} />
        ))}
      </tr>
    );
  }
  // As wide as the panel (the name takes what the others leave), or scrolled sideways
  // when the columns chosen need more.
  const width = `max(100%, ${tableMinWidth(props.columns)}px)`;
  return (
    <div
      ref={scroller}
      className={`jp-KubeflowWorkspaces-tableScroll${props.stale ? ' jp-mod-stale' : ''}`}
      onScroll={event =>
        setViewport({
          top: event.currentTarget.scrollTop,
          height: event.currentTarget.clientHeight
        })
      }
    >
      <table
        role="grid"
        className="jp-KubeflowWorkspaces-table"
        aria-label={props.label}
        aria-rowcount={total + 1}
        aria-colcount={columns.length}
        style={{ width }}
        title={staleTitle(props.stale, trans)}
      >
        <colgroup>
          {columns.map(column => (
            <col
              key={column.id}
              style={column.id === 'name' ? undefined : { width: column.width }}
            />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map(column => {
              const sorted = query.sort === column.id;
              return (
                <th
                  key={column.id}
                  scope="col"
                  aria-sort={
                    sorted
                      ? query.order === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : 'none'
                  }
                >
                  <button
                    type="button"
                    className="jp-KubeflowWorkspaces-sort"
                    title={trans.__(
                      'Sort by %1',
                      columnLabel(column.id, trans).toLowerCase()
                    )}
                    onClick={() => props.onSort(column.id)}
                  >
                    {columnLabel(column.id, trans)}
                    <span aria-hidden="true">
                      {sorted ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {start > 0 ? <Spacer rows={start} columns={columns.length} /> : null}
          {rows}
          {end < total ? (
            <Spacer rows={total - end} columns={columns.length} />
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
