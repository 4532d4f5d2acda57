/**
 * The table's search box and filters (state, kind, image, namespace, labels). The server
 * applies them (`workspace-views`); a filter it refuses (a label selector it cannot read)
 * is shown at its field.
 */
import * as React from 'react';

import { activeFilters, ITableQuery, PHASES } from './table';
import { phaseName } from './state';
import type { IWorkspaceKind } from './types';
import { useTrans } from '../trans';

export interface IQueryRefusal {
  field: string;
  message: string;
}

export function TableToolbar(props: {
  query: ITableQuery;
  kinds: IWorkspaceKind[];
  /** All namespaces: the namespace filter is offered. */
  allNamespaces: boolean;
  refusal: IQueryRefusal | null;
  onChange: (change: Partial<ITableQuery>) => void;
}): JSX.Element {
  const trans = useTrans();
  const { query } = props;
  const count = activeFilters(query);
  const [open, setOpen] = React.useState(count > 0);
  const images = React.useMemo(
    () =>
      [
        ...new Set(
          props.kinds.flatMap(kind =>
            kind.imageConfig.options.map(option => option.id)
          )
        )
      ].sort(),
    [props.kinds]
  );
  const refused = (field: string) =>
    props.refusal?.field === field ? props.refusal.message : undefined;
  const labelsError = refused('labels');
  return (
    <div className="jp-KubeflowWorkspaces-tableToolbar">
      <div className="jp-KubeflowWorkspaces-toolbar">
        <input
          type="search"
          className="jp-KubeflowWorkspaces-input jp-KubeflowWorkspaces-search"
          aria-label={trans.__('Search workspaces')}
          placeholder={trans.__('Search by name')}
          maxLength={256}
          value={query.search}
          onChange={event => props.onChange({ search: event.target.value })}
        />
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          aria-expanded={open}
          aria-controls="jp-kfws-filters"
          onClick={() => setOpen(shown => !shown)}
        >
          {trans.__('Filters%1', count ? ` (${count})` : '')}
        </button>
      </div>
      {open ? (
        <div
          id="jp-kfws-filters"
          role="group"
          aria-label={trans.__('Filters')}
          className="jp-KubeflowWorkspaces-filters"
        >
          <label>
            <span>{trans.__('State')}</span>
            <select
              className="jp-KubeflowWorkspaces-input"
              value={query.state}
              onChange={event => props.onChange({ state: event.target.value })}
            >
              <option value="">{trans.__('Any')}</option>
              {PHASES.map(phase => (
                <option key={phase} value={phase}>
                  {phaseName(phase, trans)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{trans.__('Kind')}</span>
            <select
              className="jp-KubeflowWorkspaces-input"
              value={query.kind}
              onChange={event => props.onChange({ kind: event.target.value })}
            >
              <option value="">{trans.__('Any')}</option>
              {props.kinds.map(kind => (
                <option key={kind.name} value={kind.name}>
                  {kind.displayName || kind.name}
                </option>
              ))}
              {query.kind && !props.kinds.some(k => k.name === query.kind) ? (
                <option value={query.kind}>{query.kind}</option>
              ) : null}
            </select>
          </label>
          <label>
            <span>{trans.__('Image')}</span>
            <input
              className="jp-KubeflowWorkspaces-input"
              list="jp-kfws-images"
              maxLength={256}
              placeholder={trans.__('contains')}
              value={query.image}
              onChange={event => props.onChange({ image: event.target.value })}
            />
            <datalist id="jp-kfws-images">
              {images.map(image => (
                <option key={image} value={image} />
              ))}
            </datalist>
          </label>
          {props.allNamespaces ? (
            <label>
              <span>{trans.__('Namespace')}</span>
              <input
                className="jp-KubeflowWorkspaces-input"
                maxLength={256}
                placeholder={trans.__('contains')}
                value={query.namespaceFilter}
                onChange={event =>
                  props.onChange({ namespaceFilter: event.target.value })
                }
              />
            </label>
          ) : null}
          <label>
            <span>{trans.__('Labels')}</span>
            <input
              className="jp-KubeflowWorkspaces-input"
              maxLength={1024}
              placeholder={trans.__('team=a,!legacy')}
              aria-invalid={labelsError !== undefined}
              aria-describedby={
                labelsError ? 'jp-kfws-labels-error' : undefined
              }
              value={query.labels}
              onChange={event => props.onChange({ labels: event.target.value })}
            />
          </label>
          {labelsError ? (
            <div
              id="jp-kfws-labels-error"
              className="jp-KubeflowWorkspaces-fieldError"
              role="alert"
            >
              {labelsError}
            </div>
          ) : null}
          <button
            type="button"
            className="jp-KubeflowWorkspaces-action"
            disabled={count === 0}
            onClick={() =>
              props.onChange({
                state: '',
                kind: '',
                image: '',
                namespaceFilter: '',
                labels: ''
              })
            }
          >
            {trans.__('Clear filters')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
