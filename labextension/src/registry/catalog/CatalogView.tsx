/**
 * The Catalog of the registry tab: the catalog's sources (with their labels) and filters
 * (task, provider, licence, language: the catalog's filter options) beside a search,
 * a sort and the models as cards, page by page; a card opens the model's page.
 */
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import * as React from 'react';

import {
  Choice,
  IChoice,
  SearchBox,
  SortOrderButton
} from '../../components/ListControls';
import { ListStatus } from '../../components/ListStatus';
import { Pager, usePageTokens } from '../../components/Pager';
import { useDebounced } from '../../components/useDebounced';
import { useLoader } from '../useLoader';
import {
  getCatalogStatus,
  getFilterOptions,
  listCatalogModels,
  listSources
} from './client';
import { ModelCard } from './ModelCard';
import { ModelPage } from './ModelPage';
import { FILTER_OPTION_KEYS } from './query';
import {
  CatalogFilter,
  CatalogOrder,
  ICatalogModelRef,
  ICatalogSource
} from './types';
import { ITrans, useTrans } from '../../trans';

const PAGE_SIZE = 24;
const SEARCH_DELAY_MS = 300;
const sortChoices = (trans: ITrans): IChoice<CatalogOrder>[] => [
  { value: 'NAME', label: trans.__('Name') },
  { value: 'LAST_UPDATE_TIME', label: trans.__('Updated') },
  { value: 'CREATE_TIME', label: trans.__('Created') }
];
const FILTER_TITLES: Record<CatalogFilter, string> = {
  task: 'Task',
  provider: 'Provider',
  license: 'Licence',
  language: 'Language'
};
const STATUS_TEXT: Record<string, string> = {
  available: '',
  'partially-available': 'partly loaded',
  error: 'error',
  disabled: 'disabled'
};

export interface ICatalogViewProps {
  rendermime: IRenderMimeRegistry;
  /** the model page shown, or null for the list */
  model: ICatalogModelRef | null;
  onOpen: (ref: ICatalogModelRef | null) => void;
  onRegister: (ref: ICatalogModelRef) => void;
  generation: number;
}

type Filters = Record<CatalogFilter, string[]>;
const NO_FILTERS: Filters = {
  task: [],
  provider: [],
  license: [],
  language: []
};

export function CatalogView(props: ICatalogViewProps): JSX.Element {
  const trans = useTrans();
  const { rendermime, model, onOpen, onRegister, generation } = props;
  const [search, setSearch] = React.useState('');
  const q = useDebounced(search, SEARCH_DELAY_MS);
  const [source, setSource] = React.useState('');
  const [label, setLabel] = React.useState('');
  const [filters, setFilters] = React.useState<Filters>(NO_FILTERS);
  const [orderBy, setOrderBy] = React.useState<CatalogOrder>('NAME');
  const [sortOrder, setSortOrder] = React.useState<'ASC' | 'DESC'>('ASC');
  const pages = usePageTokens([q, source, label, filters, orderBy, sortOrder]);

  const status = useLoader(() => getCatalogStatus(), [generation]);
  const sources = useLoader(() => listSources(), [generation]);
  const options = useLoader(() => getFilterOptions(), [generation]);
  const list = useLoader(
    () =>
      listCatalogModels({
        q,
        sources: source ? [source] : [],
        labels: label ? [label] : [],
        filters,
        orderBy,
        sortOrder,
        pageSize: PAGE_SIZE,
        pageToken: pages.token
      }),
    [q, source, label, filters, orderBy, sortOrder, pages.tokens, generation]
  );
  const byId = new Map<string, ICatalogSource>(
    (sources.data?.sources ?? []).map(s => [s.id, s])
  );
  const labels = new Map(
    (sources.data?.labels ?? []).map(l => [l.name, l.displayName || l.name])
  );
  const allLabels = [
    ...new Set((sources.data?.sources ?? []).flatMap(s => s.labels))
  ].sort();
  const items = list.data?.items ?? [];
  const nextToken = list.data?.nextPageToken ?? '';
  const filtered =
    q || source || label || Object.values(filters).some(v => v.length > 0);

  const toggle = (key: CatalogFilter, value: string): void =>
    setFilters(previous => ({
      ...previous,
      [key]: previous[key].includes(value)
        ? previous[key].filter(v => v !== value)
        : [...previous[key], value]
    }));

  if (model) {
    return (
      <ModelPage
        model={model}
        source={byId.get(model.sourceId)}
        rendermime={rendermime}
        onBack={() => onOpen(null)}
        onRegister={onRegister}
      />
    );
  }
  return (
    <div className="jp-kf-catalog">
      <aside
        className="jp-kf-catalog-side"
        aria-label={trans.__('Catalog filters')}
      >
        <fieldset className="jp-kf-catalog-group">
          <legend>{trans.__('Sources')}</legend>
          {sources.error ? (
            <p className="jp-kf-registry-error" role="alert">
              {trans.__('Could not list the sources: %1', sources.error)}
            </p>
          ) : null}
          <label className="jp-kf-catalog-option">
            <input
              type="radio"
              name="catalog-source"
              checked={!source && !label}
              onChange={() => {
                setSource('');
                setLabel('');
              }}
            />
            <span className="jp-kf-catalog-optionText">
              {trans.__('All sources')}
            </span>
          </label>
          {(sources.data?.sources ?? []).map(s => (
            <label
              key={s.id}
              className="jp-kf-catalog-option"
              title={s.error ?? undefined}
            >
              <input
                type="radio"
                name="catalog-source"
                checked={source === s.id}
                disabled={s.status === 'disabled' || s.status === 'error'}
                onChange={() => {
                  setLabel('');
                  setSource(s.id);
                }}
              />
              <span className="jp-kf-catalog-optionText">
                {s.name}
                {STATUS_TEXT[s.status ?? ''] ? (
                  <span
                    className={`jp-kf-catalog-status jp-mod-${s.status}`}
                    data-status={s.status}
                  >
                    {STATUS_TEXT[s.status ?? '']}
                  </span>
                ) : null}
                {s.labels.map(l => (
                  <span key={l} className="jp-kf-catalog-tag">
                    {labels.get(l) ?? l}
                  </span>
                ))}
              </span>
            </label>
          ))}
        </fieldset>
        {allLabels.length > 0 ? (
          <fieldset className="jp-kf-catalog-group">
            <legend>{trans.__('Labels')}</legend>
            {allLabels.map(l => (
              <label key={l} className="jp-kf-catalog-option">
                <input
                  type="radio"
                  name="catalog-source"
                  checked={label === l}
                  onChange={() => {
                    setSource('');
                    setLabel(l);
                  }}
                />
                <span className="jp-kf-catalog-optionText">
                  {labels.get(l) ?? l}
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        {(Object.keys(FILTER_TITLES) as CatalogFilter[]).map(key => {
          const option = options.data?.filters?.[FILTER_OPTION_KEYS[key]];
          const values = (option?.values ?? []).filter(
            (v): v is string => typeof v === 'string'
          );
          if (values.length === 0) {
            return null;
          }
          return (
            <fieldset key={key} className="jp-kf-catalog-group">
              <legend>{FILTER_TITLES[key]}</legend>
              {values.map(value => (
                <label key={value} className="jp-kf-catalog-option">
                  <input
                    type="checkbox"
                    checked={filters[key].includes(value)}
                    onChange={() => toggle(key, value)}
                  />
                  <span className="jp-kf-catalog-optionText">{value}</span>
                </label>
              ))}
            </fieldset>
          );
        })}
      </aside>
      <section
        className="jp-kf-catalog-main"
        aria-label={trans.__('Catalog models')}
      >
        <div className="jp-kf-registry-filters">
          <SearchBox
            className="jp-kf-catalog-search"
            placeholder={trans.__(
              'Search the catalog (name, description, provider, task)'
            )}
            label={trans.__('Search the catalog')}
            value={search}
            onChange={setSearch}
          />
          <Choice
            label={trans.__('Sort catalog by')}
            value={orderBy}
            onChange={setOrderBy}
            choices={sortChoices(trans)}
          />
          <SortOrderButton value={sortOrder} onChange={setSortOrder} />
          {filtered ? (
            <button
              className="jp-mod-styled jp-kf-registry-smallButton"
              onClick={() => {
                setSearch('');
                setSource('');
                setLabel('');
                setFilters(NO_FILTERS);
              }}
            >
              {trans.__('Clear filters')}
            </button>
          ) : null}
        </div>
        {status.data && !status.data.connected ? (
          <p className="jp-kf-registry-error" role="alert">
            {status.data.error
              ? trans.__(
                  'The model catalog at %1 does not answer: %2',
                  status.data.url,
                  status.data.error
                )
              : trans.__(
                  'The model catalog at %1 does not answer',
                  status.data.url
                )}
          </p>
        ) : null}
        {(status.data?.problems ?? []).length > 0 ? (
          <details className="jp-kf-catalog-problems" role="alert">
            <summary>
              {trans.__(
                '%1 problem(s) in the catalog files',
                status.data?.problems?.length
              )}
            </summary>
            <ul>
              {status.data?.problems?.map((p, i) => (
                <li key={i}>
                  <code>{p.file}</code>
                  {p.entry ? `, ${p.entry}` : ''}: {p.message}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        <ListStatus
          loaded={list}
          count={items.length}
          failed={error => trans.__('Could not list the catalog: %1', error)}
          loading={trans.__('Loading the catalog…')}
          empty={
            filtered
              ? trans.__('No catalog model matches this search or filter.')
              : trans.__('The catalog has no models.')
          }
        />
        <ul
          className="jp-kf-catalog-cards"
          aria-label={trans.__('Catalog models')}
          aria-busy={list.loading}
        >
          {items.map(item => (
            <ModelCard
              key={`${item.sourceId}/${item.name}`}
              model={item}
              sourceName={byId.get(item.sourceId ?? '')?.name ?? ''}
              onOpen={() =>
                onOpen({ sourceId: item.sourceId ?? '', name: item.name })
              }
            />
          ))}
        </ul>
        <Pager
          label={trans.__('Catalog pages')}
          pages={pages}
          nextToken={nextToken}
          loading={list.loading}
        />
      </section>
    </div>
  );
}
