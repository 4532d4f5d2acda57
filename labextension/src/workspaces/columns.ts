/**
 * Which of the table's columns are shown: the `tableColumns` setting names them, comma
 * separated (schema/workspaces.json). The name is always shown, first; the namespace
 * only when all namespaces are listed. By default only the name, the state and the
 * namespace, so that a sidebar of default width shows each row's state without a
 * sideways scroll; the others are chosen in the table's Columns picker.
 * Pure: no JupyterLab imports (unit-tested in columns.test.ts).
 */
import { COLUMNS, ColumnId } from './table';

export const DEFAULT_TABLE_COLUMNS = 'name,namespace,state';

/** The name column's narrowest: it takes what the other columns leave. */
export const NAME_MIN_WIDTH = 110;

/** The columns offered in the picker (all but the name, which is always shown). */
export function offeredColumns(allNamespaces: boolean): ColumnId[] {
  return COLUMNS.map(column => column.id).filter(
    id => id !== 'name' && (allNamespaces || id !== 'namespace')
  );
}

/** The columns a setting shows, in the table's order: unknown names are passed over. */
export function shownColumns(
  setting: string,
  allNamespaces: boolean
): ColumnId[] {
  const named = new Set(setting.split(',').map(name => name.trim()));
  return COLUMNS.map(column => column.id).filter(
    id =>
      id === 'name' ||
      (named.has(id) && offeredColumns(allNamespaces).includes(id))
  );
}

/** The setting with one column shown or hidden (the name stays). */
export function withColumn(
  setting: string,
  id: ColumnId,
  shown: boolean
): string {
  const named = new Set(
    setting
      .split(',')
      .map(name => name.trim())
      .filter(name => COLUMNS.some(column => column.id === name))
  );
  named.add('name');
  if (shown) {
    named.add(id);
  } else if (id !== 'name') {
    named.delete(id);
  }
  return COLUMNS.map(column => column.id)
    .filter(name => named.has(name))
    .join(',');
}

/**
 * The table's least width: the name's narrowest and the others' own. The table is as
 * wide as its panel when that is more; the name column takes what is left.
 */
export function tableMinWidth(columns: ColumnId[]): number {
  return COLUMNS.filter(column => columns.includes(column.id)).reduce(
    (sum, column) =>
      sum + (column.id === 'name' ? NAME_MIN_WIDTH : column.width),
    0
  );
}
