/**
 * The kinds view's server calls (through `requestAPI`: auth and XSRF).
 */
import { requestAPI } from '../api';
import type { IKindsOverview, IKindText } from './kindTypes';

const enc = encodeURIComponent;

export function fetchKindsOverview(): Promise<IKindsOverview> {
  return requestAPI<IKindsOverview>('workspacekinds?usage=1');
}

export function fetchKindText(name: string): Promise<IKindText> {
  return requestAPI<IKindText>(`workspacekinds/${enc(name)}`);
}

/** Create (name null) or replace a kind from YAML; `dryRun`: only checked by the cluster. */
export function saveKind(
  name: string | null,
  yaml: string,
  dryRun: boolean
): Promise<IKindText> {
  const query = dryRun ? '?dryRun=1' : '';
  return requestAPI<IKindText>(
    name ? `workspacekinds/${enc(name)}${query}` : `workspacekinds${query}`,
    { method: name ? 'PUT' : 'POST', body: { yaml } }
  );
}

export function deleteKind(name: string): Promise<void> {
  return requestAPI<void>(`workspacekinds/${enc(name)}`, { method: 'DELETE' });
}
