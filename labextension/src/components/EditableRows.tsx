/**
 * Rows a person adds, edits and removes (labels, key/value properties, a pod's labels
 * and annotations), in a fieldset named by its legend: each row's inputs, a remove
 * button named by the row's number, the row's error (or each input's) under it, the
 * list's own error, and an add button.
 */
import * as React from 'react';

import { AddRowButton } from './AddRowButton';
import { FieldError, useId } from './FormField';
import { RemoveRowButton } from './RemoveRowButton';
import { removeRow } from './rows';

/** One text input of each row: what it shows, what it is named, how it reads and sets the row. */
export interface IRowField<T> {
  placeholder: string;
  /** row N's input's name for screen readers: "Label 2 of …" */
  label: (index: number) => string;
  /** the row's error marks this input invalid */
  marksError: boolean;
  /**
   * Where the rows are checked input by input (a form's `field.N.part` errors): this
   * input's error in row N, shown under the row with its id, and marking the input.
   */
  error?: (index: number) => { id: string; message?: string };
  get: (row: T) => string;
  /** the row with this input's new value */
  set: (row: T, value: string) => T;
}

export interface IEditableRowsProps<T> {
  /** the fieldset's legend */
  legend: React.ReactNode;
  rows: T[];
  /** messages by row index */
  errors: Record<number, string>;
  onChange: (rows: T[]) => void;
  /** what a new row holds */
  blank: T;
  /** the name of row N's remove button: "Remove property N" */
  removeLabel: (index: number) => string;
  /** the remove button's tooltip: "Remove this property" */
  removeTitle: string;
  /** what the add button says: "Add property" */
  addText: string;
  /** the row's inputs, in order */
  fields: IRowField<T>[];
  /** an error of the whole list, above the add button */
  listError?: { id: string; message?: string };
}

export function EditableRows<T>(props: IEditableRowsProps<T>): JSX.Element {
  const { rows, errors, onChange } = props;
  const id = useId('jp-kf-rows');
  const set = (index: number) => (row: T) =>
    onChange(rows.map((old, i) => (i === index ? row : old)));
  return (
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>{props.legend}</legend>
      {rows.map((row, index) => (
        <div key={index} className="jp-KubeflowWorkspaces-row">
          {props.fields.map((field, i) => (
            <RowInput
              key={i}
              placeholder={field.placeholder}
              label={field.label(index)}
              invalid={
                (field.marksError && !!errors[index]) ||
                !!field.error?.(index).message
              }
              value={field.get(row)}
              onChange={value => set(index)(field.set(row, value))}
            />
          ))}
          <RemoveRowButton
            label={props.removeLabel(index)}
            title={props.removeTitle}
            onClick={() => onChange(removeRow(rows, index))}
          />
          <FieldError id={`${id}-${index}`} message={errors[index]} />
          {props.fields.map((field, i) =>
            field.error ? <FieldError key={i} {...field.error(index)} /> : null
          )}
        </div>
      ))}
      {props.listError ? <FieldError {...props.listError} /> : null}
      <AddRowButton onClick={() => onChange([...rows, props.blank])}>
        {props.addText}
      </AddRowButton>
    </fieldset>
  );
}

/** One input of a row, named for screen readers by its row ("Label 2 of …"). */
function RowInput(props: {
  label: string;
  placeholder: string;
  invalid: boolean;
  value: string;
  onChange: (value: string) => void;
}): JSX.Element {
  return (
    <input
      className="jp-KubeflowWorkspaces-input"
      placeholder={props.placeholder}
      aria-label={props.label}
      aria-invalid={props.invalid}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
    />
  );
}
