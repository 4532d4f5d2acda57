/**
 * The table's search box and filters (state, kind, image, namespace, labels). The server
 * applies them (`workspace-views`); a filter it refuses (a label selector it cannot read)
 * is shown at its field. In the table view, the Columns picker beside them.
 */
import * as React from 'react';

import {
  activeFilters,
  columnLabel,
  COLUMNS,
  ColumnId,
  ITableQuery,
  PHASES
} from './table';
import { phaseName } from './state';
import type { IWorkspaceKind } from './types';
import { useTrans } from '../trans';

/** The table's columns, for the picker: those offered, those shown, and a change. */
export interface IColumnChoice {
  offered: ColumnId[];
  shown: ColumnId[];
  onChange: (column: ColumnId, shown: boolean) => void;
}

/** The props of a button that shows and hides the group it controls. */
function disclosure(
  open: boolean,
  controls: string,
  onToggle: () => void
): React.ButtonHTMLAttributes<HTMLButtonElement> {
  return {
    type: 'button',
    className: 'jp-KubeflowWorkspaces-action',
    'aria-expanded': open,
    'aria-controls': controls,
    onClick: onToggle
  };
}

/** A filter chosen from a list, "Any" first. */
function FilterSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  return (
    <label>
      <span>{props.label}</span>
      <select
        className="jp-KubeflowWorkspaces-input"
        value={props.value}
        onChange={event => props.onChange(event.target.value)}
      >
        <option value="">{trans.__('Any')}</option>
        {props.children}
      </select>
    </label>
  );
}

/** A filter typed in. */
function FilterText(
  props: {
    label: string;
    value: string;
    onChange: (value: string) => void;
    /** What else the label holds (a datalist). */
    children?: React.ReactNode;
  } & Omit<
    React.InputHTMLAttributes<HTMLInputElement>,
    'value' | 'onChange' | 'children'
  >
): JSX.Element {
  const { label, onChange, children, ...input } = props;
  return (
    <label>
      <span>{label}</span>
      <input
        className="jp-KubeflowWorkspaces-input"
        {...input}
        onChange={event => onChange(event.target.value)}
      />
      {children}
    </label>
  );
}

/** The columns the table may show, each a check box (the name is always shown). */
function ColumnPicker(props: IColumnChoice): JSX.Element {
  const trans = useTrans();
  return (
    <div
      id="jp-kfws-columns"
      role="group"
      aria-label={trans.__('Columns')}
      className="jp-KubeflowWorkspaces-filters jp-KubeflowWorkspaces-columns"
    >
      {COLUMNS.filter(column => props.offered.includes(column.id)).map(
        column => (
          <label key={column.id} className="jp-KubeflowWorkspaces-check">
            <input
              type="checkbox"
              name={column.id}
              checked={props.shown.includes(column.id)}
              onChange={event =>
                props.onChange(column.id, event.target.checked)
              }
            />
            <span>{columnLabel(column.id, trans)}</span>
          </label>
        )
      )}
    </div>
  );
}

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
  /** The table view's columns: the picker is offered. */
  columns?: IColumnChoice;
}): JSX.Element {
  const trans = useTrans();
  const { query } = props;
  const count = activeFilters(query);
  const [open, setOpen] = React.useState(count > 0);
  const [picking, setPicking] = React.useState(false);
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
        <button {...disclosure(open, 'jp-kfws-filters', () => setOpen(!open))}>
          {count ? trans.__('Filters (%1)', count) : trans.__('Filters')}
        </button>
        {props.columns ? (
          <button
            {...disclosure(picking, 'jp-kfws-columns', () =>
              setPicking(!picking)
            )}
          >
            {trans.__('Columns')}
          </button>
        ) : null}
      </div>
      {picking && props.columns ? <ColumnPicker {...props.columns} /> : null}
      {open ? (
        <div
          id="jp-kfws-filters"
          role="group"
          aria-label={trans.__('Filters')}
          className="jp-KubeflowWorkspaces-filters"
        >
          <FilterSelect
            label={trans.__('State')}
            value={query.state}
            onChange={state => props.onChange({ state })}
          >
            {PHASES.map(phase => (
              <option key={phase} value={phase}>
                {phaseName(phase, trans)}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect
            label={trans.__('Kind')}
            value={query.kind}
            onChange={kind => props.onChange({ kind })}
          >
            {props.kinds.map(kind => (
              <option key={kind.name} value={kind.name}>
                {kind.displayName || kind.name}
              </option>
            ))}
            {query.kind && !props.kinds.some(k => k.name === query.kind) ? (
              <option value={query.kind}>{query.kind}</option>
            ) : null}
          </FilterSelect>
          <FilterText
            label={trans.__('Image')}
            list="jp-kfws-images"
            maxLength={256}
            placeholder={trans.__('contains')}
            value={query.image}
            onChange={image => props.onChange({ image })}
          >
            <datalist id="jp-kfws-images">
              {images.map(image => (
                <option key={image} value={image} />
              ))}
            </datalist>
          </FilterText>
          {props.allNamespaces ? (
            <FilterText
              label={trans.__('Namespace')}
              maxLength={256}
              placeholder={trans.__('contains')}
              value={query.namespaceFilter}
              onChange={namespaceFilter => props.onChange({ namespaceFilter })}
            />
          ) : null}
          <FilterText
            label={trans.__('Labels')}
            maxLength={1024}
            placeholder={trans.__('team=a,!legacy')}
            aria-invalid={labelsError !== undefined}
            aria-describedby={labelsError ? 'jp-kfws-labels-error' : undefined}
            value={query.labels}
            onChange={labels => props.onChange({ labels })}
          />
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
