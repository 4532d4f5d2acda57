/** The workspaces sidebar's preferences (schema/workspaces.json). */
import { SettingsStore } from '../settings';
import { DEFAULT_TABLE_COLUMNS } from './columns';

export type ListView = 'table' | 'cards' | 'compact';

export type WorkspacesSettings = {
  /** '' : the connection's namespace; '*': all namespaces. */
  defaultNamespace: string;
  listView: ListView;
  /** The table's columns, comma separated (columns.ts). */
  tableColumns: string;
  confirmDelete: boolean;
  confirmRestart: boolean;
};

export const workspacesSettings = new SettingsStore<WorkspacesSettings>(
  'jupyter-kubeflow:workspaces',
  {
    defaultNamespace: '',
    listView: 'table',
    tableColumns: DEFAULT_TABLE_COLUMNS,
    confirmDelete: true,
    confirmRestart: true
  }
);

/**
 * The namespace the sidebar opens in: the preferred one ('*' only where namespaces may
 * be listed), else the connection's own.
 */
export function startNamespace(
  preferred: string,
  listed: { current: string; canList: boolean }
): string {
  if (preferred === '*') {
    return listed.canList ? preferred : listed.current;
  }
  return preferred || listed.current;
}
