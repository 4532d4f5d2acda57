/** The models column: search (debounced), state filter, sorting and paging. */
import * as React from 'react';

import {
  Choice,
  IChoice,
  SearchBox,
  SortOrderButton
} from '../components/ListControls';
import { ListStatus } from '../components/ListStatus';
import { Pager, usePageTokens } from '../components/Pager';
import { useDebounced } from '../components/useDebounced';
import { listModels } from './client';
import { formatTimestamp, sortChoices } from './format';
import { IRegisteredModel, OrderBy, SortOrder, StateFilter } from './types';
import { useLoader } from './useLoader';
import { useSettings } from '../settings';
import { registrySettings } from './settings';
import { ITrans, useTrans } from '../trans';

const SEARCH_DELAY_MS = 300;
const stateChoices = (trans: ITrans): IChoice<StateFilter>[] => [
  { value: 'LIVE', label: trans.__('Live') },
  { value: 'ARCHIVED', label: trans.__('Archived') },
  { value: 'ALL', label: trans.__('All') }
];

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
  const q = useDebounced(search, SEARCH_DELAY_MS);
  const [state, setState] = React.useState<StateFilter>('LIVE');
  const [orderBy, setOrderBy] = React.useState<OrderBy>('LAST_UPDATE_TIME');
  const [sortOrder, setSortOrder] = React.useState<SortOrder>('DESC');
  const { pageSize } = useSettings(registrySettings);
  const pages = usePageTokens([q, state, orderBy, sortOrder, pageSize]);

  const list = useLoader(
    () =>
      listModels({
        q,
        state,
        orderBy,
        sortOrder,
        pageSize,
        pageToken: pages.token
      }),
    [q, state, orderBy, sortOrder, pageSize, pages.tokens, generation]
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

  return (
    <section
      className="jp-kf-registry-column jp-kf-registry-models"
      aria-label={trans.__('Models')}
    >
      <div className="jp-kf-registry-toolbar">
        <SearchBox
          className="jp-kf-registry-search"
          placeholder={trans.__('Search models by name')}
          label={trans.__('Search models by name')}
          value={search}
          onChange={setSearch}
        />
        <div className="jp-kf-registry-filters">
          <Choice
            label={trans.__('Model state')}
            value={state}
            onChange={setState}
            choices={stateChoices(trans)}
          />
          <Choice
            label={trans.__('Sort by')}
            value={orderBy}
            onChange={setOrderBy}
            choices={sortChoices(applied, trans)}
          />
          <SortOrderButton value={sortOrder} onChange={setSortOrder} />
        </div>
      </div>
      <ListStatus
        loaded={list}
        count={items.length}
        failed={error => trans.__('Could not list models: %1', error)}
        loading={trans.__('Loading models…')}
        empty={
          q || state !== 'LIVE' || pages.page > 0
            ? trans.__('No models match this search or filter.')
            : trans.__(
                'No models yet: right-click a file and choose Register as model.'
              )
        }
      />
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
      <Pager
        label={trans.__('Model pages')}
        pages={pages}
        nextToken={nextToken}
        loading={list.loading}
      />
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
