/**
 * A table read from its columns: each column's heading stands beside how it shows a
 * row (its cell: a <td>, or a row heading <th scope="row">), so a heading and its
 * cells cannot drift apart; a row's own attributes (key, data-*, class, click) come
 * from `rowProps`.
 */
import * as React from 'react';

import { TableHead } from './TableHead';

export interface IColumn<T> {
  heading: React.ReactNode;
  /** The row's cell: a <td>, or a <th scope="row">. */
  cell: (row: T) => JSX.Element;
}

export type RowProps = React.ComponentProps<'tr'> & {
  key: React.Key;
  [data: `data-${string}`]: string;
};

export function DataTable<T>(props: {
  className: string;
  caption?: React.ReactNode;
  columns: IColumn<T>[];
  rows: T[];
  rowProps: (row: T) => RowProps;
}): JSX.Element {
  return (
    <table className={props.className}>
      {props.caption !== undefined ? <caption>{props.caption}</caption> : null}
      <TableHead columns={props.columns.map(column => column.heading)} />
      <tbody>
        {props.rows.map(row => {
          const { key, ...attributes } = props.rowProps(row);
          return (
            <tr key={key} {...attributes}>
              {props.columns.map((column, index) => (
                <React.Fragment key={index}>{column.cell(row)}</React.Fragment>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
