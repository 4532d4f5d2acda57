/**
 * Labels and properties of a model, version or artifact: read-only chips and a table,
 * editable inline; Save PATCHes the whole customProperties map and shows server errors.
 */
import * as React from 'react';

import { EditableRows } from '../components/EditableRows';
import { SaveActions } from '../components/InlineEdit';
import { useAction } from '../components/useAction';
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
  const saving = useAction();

  const startEditing = (): void => {
    setRows(split.properties.map(row => ({ ...row })));
    setLabels([...split.labels]);
    saving.reset();
    setEditing(true);
  };

  const rowErrors = editing ? validatePropertyRows(rows, labels) : {};
  const labelErrors = editing ? validateLabels(labels) : {};
  const invalid =
    Object.keys(rowErrors).length + Object.keys(labelErrors).length > 0;

  const save = async (): Promise<void> => {
    const saved = await saving.run(() =>
      onSave(buildCustomProperties(rows, labels, customProperties))
    );
    if (saved) {
      setEditing(false);
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
      <LabelsAndProperties
        owner={owner}
        values={{ labels, properties: rows }}
        labelErrors={labelErrors}
        propertyErrors={rowErrors}
        onChange={change => {
          setLabels(change.labels ?? labels);
          setRows(change.properties ?? rows);
        }}
      />
      <SaveActions
        state={saving}
        invalid={invalid}
        onSave={() => void save()}
        onCancel={() => setEditing(false)}
      />
    </div>
  );
}

/** A version's or model's labels and properties, editable (also in the register dialog). */
export function LabelsAndProperties(props: {
  owner: string;
  values: { labels: string[]; properties: IPropertyRow[] };
  labelErrors: Record<number, string>;
  propertyErrors: Record<number, string>;
  onChange: (change: {
    labels?: string[];
    properties?: IPropertyRow[];
  }) => void;
}): JSX.Element {
  const { owner, values, onChange } = props;
  return (
    <>
      <fieldset className="jp-kf-registry-fieldset">
        <legend>Labels</legend>
        <LabelRows
          owner={owner}
          labels={values.labels}
          errors={props.labelErrors}
          onChange={labels => onChange({ labels })}
        />
      </fieldset>
      <fieldset className="jp-kf-registry-fieldset">
        <legend>Properties</legend>
        <PropertyRows
          owner={owner}
          rows={values.properties}
          errors={props.propertyErrors}
          onChange={properties => onChange({ properties })}
        />
      </fieldset>
    </>
  );
}

/** Editable key/value rows. */
export function PropertyRows(props: {
  rows: IPropertyRow[];
  errors: Record<number, string>;
  onChange: (rows: IPropertyRow[]) => void;
  owner: string;
}): JSX.Element {
  const { owner } = props;
  return (
    <EditableRows
      {...props}
      removeLabel={index => `Remove property ${index + 1}`}
      addText="Add property"
      blank={{ key: '', value: '' }}
      inputs={(row, index, set, invalid) => (
        <>
          <input
            className="jp-mod-styled"
            placeholder="key"
            aria-label={`Property ${index + 1} key of ${owner}`}
            aria-invalid={invalid}
            value={row.key}
            onChange={event => set({ ...row, key: event.target.value })}
          />
          <input
            className="jp-mod-styled"
            placeholder="value"
            aria-label={`Property ${index + 1} value of ${owner}`}
            value={row.value}
            onChange={event => set({ ...row, value: event.target.value })}
          />
        </>
      )}
    />
  );
}

/** Editable label rows (also the catalog register dialog's). */
export function LabelRows(props: {
  labels: string[];
  errors: Record<number, string>;
  onChange: (labels: string[]) => void;
  owner: string;
}): JSX.Element {
  const { labels, errors, onChange, owner } = props;
  return (
    <EditableRows
      rows={labels}
      errors={errors}
      onChange={onChange}
      removeLabel={index => `Remove label ${index + 1}`}
      addText="Add label"
      blank=""
      inputs={(label, index, set, invalid) => (
        <input
          className="jp-mod-styled"
          placeholder="label"
          aria-label={`Label ${index + 1} of ${owner}`}
          aria-invalid={invalid}
          value={label}
          onChange={event => set(event.target.value)}
        />
      )}
    />
  );
}
