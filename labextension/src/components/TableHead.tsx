/** A table's header row: one column header (`scope="col"`) a column. */
import * as React from 'react';

export function TableHead(props: { columns: React.ReactNode[] }): JSX.Element {
  return (
    <thead>
      <tr>
        {props.columns.map((column, index) => (
          <th key={index} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
