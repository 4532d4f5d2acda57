/**
 * Labels and properties of a model, version or artifact: read-only chips and a table,
 * editable inline; Save PATCHes the whole customProperties map and shows server errors.
 */
import * as React from 'react';

import { EditableRows } from '../components/EditableRows';
import { SaveActions } from '../components/InlineEdit';
import { useAction } from '../components/useAction';
import { useTrans } from '../trans';
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
  const trans = useTrans();
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

  const rowErrors = editing ? validatePropertyRows(rows, labels, trans) : {};
  const labelErrors = editing ? validateLabels(labels, trans) : {};
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
          <h4>{trans.__('Labels and properties')}</h4>
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            onClick={startEditing}
            aria-label={trans.__('Edit labels and properties of %1', owner)}
          >
            {trans.__('Edit')}
          </button>
        </div>
        {split.labels.length === 0 && shown.length === 0 ? (
          <p className="jp-kf-registry-muted">
            {trans.__('No labels or properties. Choose Edit to add some.')}
          </p>
        ) : null}
        {split.labels.length > 0 ? (
          <ul
            className="jp-kf-registry-labels"
            aria-label={trans.__('Labels of %1', owner)}
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
            aria-label={trans.__('Properties of %1', owner)}
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
  const trans = useTrans();
  const { owner, values, onChange } = props;
  return (
    <>
      <LabelRows
        legend={trans.__('Labels')}
        owner={owner}
        labels={values.labels}
        errors={props.labelErrors}
        onChange={labels => onChange({ labels })}
      />
      <EditableRows
        legend={trans.__('Properties')}
        rows={values.properties}
        errors={props.propertyErrors}
        onChange={properties => onChange({ properties })}
        removeLabel={index => trans.__('Remove property %1', index + 1)}
        removeTitle={trans.__('Remove this property')}
        addText={trans.__('Add property')}
        blank={{ key: '', value: '' }}
        fields={[
          {
            placeholder: trans.__('key'),
            label: index => trans.__('Property %1 key of %2', index + 1, owner),
            marksError: true,
            get: row => row.key,
            set: (row, key) => ({ ...row, key })
          },
          {
            placeholder: trans.__('value'),
            label: index =>
              trans.__('Property %1 value of %2', index + 1, owner),
            marksError: false,
            get: row => row.value,
            set: (row, value) => ({ ...row, value })
          }
        ]}
      />
    </>
  );
}

/** Editable label rows (also the catalog register dialog's). */
export function LabelRows(props: {
  legend: string;
  labels: string[];
  errors: Record<number, string>;
  onChange: (labels: string[]) => void;
  owner: string;
}): JSX.Element {
  const trans = useTrans();
  const { labels, owner } = props;
  return (
    <EditableRows
      {...props}
      rows={labels}
      removeLabel={index => trans.__('Remove label %1', index + 1)}
      removeTitle={trans.__('Remove this label')}
      addText={trans.__('Add label')}
      blank=""
      fields={[
        {
          placeholder: trans.__('label'),
          label: index => trans.__('Label %1 of %2', index + 1, owner),
          marksError: true,
          get: label => label,
          set: (_, label) => label
        }
      ]}
    />
  );
}
