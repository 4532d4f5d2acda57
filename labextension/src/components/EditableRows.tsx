/**
 * Rows a person adds, edits and removes (labels, key/value properties): each row's inputs,
 * a remove button named by the row's number, the row's error under it, and an add button.
 * Styled by `registry.css`.
 */
import * as React from 'react';

export interface IEditableRowsProps<T> {
  rows: T[];
  /** messages by row index */
  errors: Record<number, string>;
  onChange: (rows: T[]) => void;
  /** what a new row holds */
  blank: T;
  /** the name of row N's remove button: "Remove property N" */
  removeLabel: (index: number) => string;
  /** what the add button says: "Add property" */
  addText: string;
  /** the row's inputs; `set` replaces the row */
  inputs: (
    row: T,
    index: number,
    set: (row: T) => void,
    invalid: true | undefined
  ) => React.ReactNode;
}

export function EditableRows<T>(props: IEditableRowsProps<T>): JSX.Element {
  const { rows, errors, onChange } = props;
  const set = (index: number) => (row: T) =>
    onChange(rows.map((old, i) => (i === index ? row : old)));
  return (
    <div className="jp-kf-registry-rows">
      {rows.map((row, index) => (
        <div key={index} className="jp-kf-registry-row">
          {props.inputs(
            row,
            index,
            set(index),
            errors[index] ? true : undefined
          )}
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            aria-label={props.removeLabel(index)}
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
        onClick={() => onChange([...rows, props.blank])}
      >
        {props.addText}
      </button>
    </div>
  );
}
