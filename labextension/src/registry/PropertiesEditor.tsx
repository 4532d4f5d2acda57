/**
 * Labels and properties of a model, version or artifact: read-only chips and a table,
 * editable inline; Save PATCHes the whole customProperties map and shows server errors.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';
import {
  buildCustomProperties,
  IPropertyRow,
  isLineageKey,
  splitCustomProperties
} from './properties';
import { CustomProperties } from './types';
import { validateLabels, validatePropertyRows } from './validate';

export interface IPropertiesEditorProps {
  /** what the properties belong to, for ARIA labels: "model iris", "version v1" */
  owner: string;
  customProperties: CustomProperties | undefined;
  onSave: (customProperties: CustomProperties) => Promise<void>;
}

export function PropertiesEditor(props: IPropertiesEditorProps): JSX.Element {
  const { owner, customProperties, onSave } = props;
  const split = React.useMemo(
    () => splitCustomProperties(customProperties),
    [customProperties]
  );
  const [editing, setEditing] = React.useState(false);
  const [rows, setRows] = React.useState<IPropertyRow[]>([]);
  const [labels, setLabels] = React.useState<string[]>([]);
  const [saving, setSaving] = React.useState(false);
  const [error, setError] = React.useState('');

  const startEditing = (): void => {
    setRows(split.properties.map(row => ({ ...row })));
    setLabels([...split.labels]);
    setError('');
    setEditing(true);
  };

  const rowErrors = editing ? validatePropertyRows(rows, labels) : {};
  const labelErrors = editing ? validateLabels(labels) : {};
  const invalid =
    Object.keys(rowErrors).length + Object.keys(labelErrors).length > 0;

  const save = async (): Promise<void> => {
    setSaving(true);
    setError('');
    try {
      await onSave(buildCustomProperties(rows, labels, customProperties));
      setEditing(false);
    } catch (reason) {
      setError(
        reason instanceof KubeflowAPIError
          ? `${reason.message}${reason.field ? ` (field: ${reason.field})` : ''}`
          : String(reason)
      );
    } finally {
      setSaving(false);
    }
  };

  if (!editing) {
    const shown = split.properties.filter(row => !isLineageKey(row.key));
    return (
      <div className="jp-kf-registry-props">
        <div className="jp-kf-registry-sectionHeader">
          <h4>Labels and properties</h4>
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            onClick={startEditing}
            aria-label={`Edit labels and properties of ${owner}`}
          >
            Edit
          </button>
        </div>
        {split.labels.length === 0 && shown.length === 0 ? (
          <p className="jp-kf-registry-muted">
            No labels or properties. Choose Edit to add some.
          </p>
        ) : null}
        {split.labels.length > 0 ? (
          <ul
            className="jp-kf-registry-labels"
            aria-label={`Labels of ${owner}`}
          >
            {split.labels.map(label => (
              <li key={label} className="jp-kf-registry-label">
                {label}
              </li>
            ))}
          </ul>
        ) : null}
        {shown.length > 0 ? (
          <table
            className="jp-kf-registry-table"
            aria-label={`Properties of ${owner}`}
          >
            <tbody>
              {shown.map(row => (
                <tr key={row.key}>
                  <th scope="row">{row.key}</th>
                  <td>{row.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    );
  }

  return (
    <div className="jp-kf-registry-props jp-mod-editing">
      <h4>Labels</h4>
      <LabelRows
        labels={labels}
        errors={labelErrors}
        onChange={setLabels}
        owner={owner}
      />
      <h4>Properties</h4>
      <PropertyRows
        rows={rows}
        errors={rowErrors}
        onChange={setRows}
        owner={owner}
      />
      {error ? (
        <p className="jp-kf-registry-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="jp-kf-registry-actions">
        <button
          className="jp-mod-styled jp-mod-accept"
          disabled={saving || invalid}
          onClick={() => void save()}
        >
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button
          className="jp-mod-styled jp-mod-reject"
          disabled={saving}
          onClick={() => setEditing(false)}
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

/** Editable key/value rows (shared by the register dialog). */
export function PropertyRows(props: {
  rows: IPropertyRow[];
  errors: Record<number, string>;
  onChange: (rows: IPropertyRow[]) => void;
  owner: string;
}): JSX.Element {
  const { rows, errors, onChange, owner } = props;
  const update = (index: number, change: Partial<IPropertyRow>): void =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className="jp-kf-registry-rows">
      {rows.map((row, index) => (
        <div key={index} className="jp-kf-registry-row">
          <input
            className="jp-mod-styled"
            placeholder="key"
            aria-label={`Property ${index + 1} key of ${owner}`}
            aria-invalid={errors[index] ? true : undefined}
            value={row.key}
            onChange={event => update(index, { key: event.target.value })}
          />
          <input
            className="jp-mod-styled"
            placeholder="value"
            aria-label={`Property ${index + 1} value of ${owner}`}
            value={row.value}
            onChange={event => update(index, { value: event.target.value })}
          />
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            aria-label={`Remove property ${index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            ✕
          </button>
          {errors[index] ? (
            <span className="jp-kf-registry-fieldError" role="alert">
              {errors[index]}
            </span>
          ) : null}
        </div>
      ))}
      <button
        className="jp-mod-styled jp-kf-registry-smallButton"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
      >
        Add property
      </button>
    </div>
  );
}

/** Editable label rows (shared by the register dialog). */
export function LabelRows(props: {
  labels: string[];
  errors: Record<number, string>;
  onChange: (labels: string[]) => void;
  owner: string;
}): JSX.Element {
  const { labels, errors, onChange, owner } = props;
  return (
    <div className="jp-kf-registry-rows">
      {labels.map((label, index) => (
        <div key={index} className="jp-kf-registry-row">
          <input
            className="jp-mod-styled"
            placeholder="label"
            aria-label={`Label ${index + 1} of ${owner}`}
            aria-invalid={errors[index] ? true : undefined}
            value={label}
            onChange={event =>
              onChange(
                labels.map((l, i) => (i === index ? event.target.value : l))
              )
            }
          />
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            aria-label={`Remove label ${index + 1}`}
            onClick={() => onChange(labels.filter((_, i) => i !== index))}
          >
            ✕
          </button>
          {errors[index] ? (
            <span className="jp-kf-registry-fieldError" role="alert">
              {errors[index]}
            </span>
          ) : null}
        </div>
      ))}
      <button
        className="jp-mod-styled jp-kf-registry-smallButton"
        onClick={() => onChange([...labels, ''])}
      >
        Add label
      </button>
    </div>
  );
}
