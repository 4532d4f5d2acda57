/** The models column: search (debounced), state filter, sorting and paging. */
import * as React from 'react';

import { listModels } from './client';
import { formatTimestamp, sortChoices } from './format';
import { IRegisteredModel, OrderBy, SortOrder, StateFilter } from './types';
import { useLoader } from './useLoader';
import { useSettings } from '../settings';
import { registrySettings } from './settings';
import { useTrans } from '../trans';

const SEARCH_DELAY_MS = 300;

export interface IModelListProps {
  selectedId: string | null;
  onSelect: (model: IRegisteredModel) => void;
  /** bumps when models may have changed (register, archive) */
  generation: number;
}

export function ModelList(props: IModelListProps): JSX.Element {
  const trans = useTrans();
  const { selectedId, onSelect, generation } = props;
  const [search, setSearch] = React.useState('');
  const [q, setQ] = React.useState('');
  const [state, setState] = React.useState<StateFilter>('LIVE');
  const [orderBy, setOrderBy] = React.useState<OrderBy>('LAST_UPDATE_TIME');
  const [sortOrder, setSortOrder] = React.useState<SortOrder>('DESC');
  // tokens[i] opens page i; page 0 needs none
  const [tokens, setTokens] = React.useState<string[]>(['']);
  const page = tokens.length - 1;
  const { pageSize } = useSettings(registrySettings);

  React.useEffect(() => {
    const timer = setTimeout(() => setQ(search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);
  // back to page 1 when the query changes (same array when already there: no refetch)
  React.useEffect(
    () => setTokens(t => (t.length === 1 ? t : [''])),
    [q, state, orderBy, sortOrder, pageSize]
  );

  const list = useLoader(
    () =>
      listModels({
        q,
        state,
        orderBy,
        sortOrder,
        pageSize,
        pageToken: tokens[page]
      }),
    [q, state, orderBy, sortOrder, pageSize, tokens, generation]
  );
  const items = list.data?.items ?? [];
  const nextToken = list.data?.nextPageToken ?? '';
  // The orders the registry applies, from the last answer that said (an error says none).
  const [applied, setApplied] = React.useState<OrderBy[] | undefined>();
  React.useEffect(() => {
    if (list.data?.orders) {
      setApplied(list.data.orders);
      if (!list.data.orders.includes(orderBy)) {
        setOrderBy('LAST_UPDATE_TIME');
      }
    }
  }, [list.data]);
  const sorts = sortChoices(applied, trans);

  return (
    <section
      className="jp-kf-registry-column jp-kf-registry-models"
      aria-label={trans.__('Models')}
    >
      <div className="jp-kf-registry-toolbar">
        <input
          type="search"
          className="jp-mod-styled jp-kf-registry-search"
          placeholder={trans.__('Search models by name')}
          aria-label={trans.__('Search models by name')}
          value={search}
          onChange={event => setSearch(event.target.value)}
        />
        <div className="jp-kf-registry-filters">
          <select
            className="jp-mod-styled"
            aria-label={trans.__('Model state')}
            value={state}
            onChange={event => setState(event.target.value as StateFilter)}
          >
            <option value="LIVE">{trans.__('Live')}</option>
            <option value="ARCHIVED">{trans.__('Archived')}</option>
            <option value="ALL">{trans.__('All')}</option>
          </select>
          <select
            className="jp-mod-styled"
            aria-label={trans.__('Sort by')}
            value={orderBy}
            onChange={event => setOrderBy(event.target.value as OrderBy)}
          >
            {sorts.map(sort => (
              <option
                key={sort.value}
                value={sort.value}
                disabled={sort.disabled}
              >
                {sort.label}
              </option>
            ))}
          </select>
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            aria-label={
              sortOrder === 'ASC'
                ? trans.__('Ascending; switch to descending')
                : trans.__('Descending; switch to ascending')
            }
            title={
              sortOrder === 'ASC'
                ? trans.__('Ascending')
                : trans.__('Descending')
            }
            onClick={() => setSortOrder(sortOrder === 'ASC' ? 'DESC' : 'ASC')}
          >
            {sortOrder === 'ASC' ? '↑' : '↓'}
          </button>
        </div>
      </div>
      {list.error ? (
        <p className="jp-kf-registry-error" role="alert">
          {trans.__('Could not list models: %1', list.error)}
        </p>
      ) : null}
      {list.loading && items.length === 0 ? (
        <p className="jp-kf-registry-muted" role="status">
          {trans.__('Loading models…')}
        </p>
      ) : null}
      {!list.loading && !list.error && items.length === 0 ? (
        <p className="jp-kf-registry-empty">
          {q || state !== 'LIVE' || page > 0
            ? trans.__('No models match this search or filter.')
            : trans.__(
                'No models yet: right-click a file and choose Register as model.'
              )}
        </p>
      ) : null}
      <SelectableList
        label={trans.__('Models')}
        items={items}
        selectedId={selectedId}
        onSelect={onSelect}
        render={model => (
          <>
            <span className="jp-kf-registry-itemName">{model.name}</span>
            {model.state === 'ARCHIVED' ? (
              <StateBadge state="ARCHIVED" />
            ) : null}
            <span className="jp-kf-registry-itemMeta">
              {formatTimestamp(model.lastUpdateTimeSinceEpoch)}
            </span>
          </>
        )}
      />
      <nav
        className="jp-kf-registry-paging"
        aria-label={trans.__('Model pages')}
      >
        <button
          className="jp-mod-styled jp-kf-registry-smallButton"
          disabled={page === 0 || list.loading}
          onClick={() => setTokens(tokens.slice(0, -1))}
        >
          {trans.__('Previous')}
        </button>
        <span className="jp-kf-registry-muted">
          {trans.__('Page %1', page + 1)}
        </span>
        <button
          className="jp-mod-styled jp-kf-registry-smallButton"
          disabled={!nextToken || list.loading}
          onClick={() => setTokens([...tokens, nextToken])}
        >
          {trans.__('Next')}
        </button>
      </nav>
    </section>
  );
}

/** "Live" / "Archived" */
export function StateBadge(props: {
  state: string | undefined;
}): JSX.Element | null {
  const trans = useTrans();
  if (!props.state) {
    return null;
  }
  const archived = props.state === 'ARCHIVED';
  return (
    <span
      className={`jp-kf-registry-badge ${archived ? 'jp-mod-archived' : 'jp-mod-live'}`}
      data-state={props.state}
    >
      {archived
        ? trans.__('Archived')
        : props.state === 'LIVE'
          ? trans.__('Live')
          : props.state}
    </span>
  );
}

/**
 * A keyboard-navigable list: rows are focusable, Enter or Space selects, arrow keys move.
 */
export function SelectableList<T extends { id: string; name: string }>(props: {
  label: string;
  items: T[];
  selectedId: string | null;
  onSelect: (item: T) => void;
  render: (item: T) => React.ReactNode;
}): JSX.Element {
  const { label, items, selectedId, onSelect, render } = props;
  const onKeyDown = (
    event: React.KeyboardEvent<HTMLLIElement>,
    item: T
  ): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(item);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const sibling =
        event.key === 'ArrowDown'
          ? event.currentTarget.nextElementSibling
          : event.currentTarget.previousElementSibling;
      (sibling as HTMLElement | null)?.focus();
    }
  };
  return (
    <ul className="jp-kf-registry-list" role="listbox" aria-label={label}>
      {items.map(item => (
        <li
          key={item.id}
          role="option"
          tabIndex={0}
          aria-selected={item.id === selectedId}
          aria-label={item.name}
          data-id={item.id}
          className={`jp-kf-registry-item${item.id === selectedId ? ' jp-mod-selected' : ''}`}
          onClick={() => onSelect(item)}
          onKeyDown={event => onKeyDown(event, item)}
        >
          {render(item)}
        </li>
      ))}
    </ul>
  );
}
