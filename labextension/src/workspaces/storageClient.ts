/**
 * The volumes and secrets routes of the server (issue 13 contract). Every call goes
 * through `requestAPI` (auth and XSRF).
 */
import { requestAPI } from '../api';
import type {
  ISecret,
  ISecretList,
  IVolume,
  IVolumeCreate,
  IVolumeList
} from './storage';

const enc = encodeURIComponent;

export function fetchVolumes(namespace: string): Promise<IVolumeList> {
  return requestAPI<IVolumeList>(`volumes/${enc(namespace)}`);
}

export function createVolume(
  namespace: string,
  body: IVolumeCreate
): Promise<IVolume> {
  return requestAPI<IVolume>(`volumes/${enc(namespace)}`, {
    method: 'POST',
    body
  });
}

export async function deleteVolume(
  namespace: string,
  name: string
): Promise<void> {
  await requestAPI<unknown>(`volumes/${enc(namespace)}/${enc(name)}`, {
    method: 'DELETE'
  });
}

export function fetchSecretList(namespace: string): Promise<ISecretList> {
  return requestAPI<ISecretList>(`secrets/${enc(namespace)}`);
}

export function createSecret(
  namespace: string,
  name: string,
  data: Record<string, string | null>
): Promise<ISecret> {
  return requestAPI<ISecret>(`secrets/${enc(namespace)}`, {
    method: 'POST',
    body: { name, data, type: 'Opaque' }
  });
}

/** Replace a secret's data: every key kept is sent, null keeps a stored value. */
export function updateSecret(
  namespace: string,
  name: string,
  data: Record<string, string | null>
): Promise<ISecret> {
  return requestAPI<ISecret>(`secrets/${enc(namespace)}/${enc(name)}`, {
    method: 'PUT',
    body: { data }
  });
}

export async function deleteSecret(
  namespace: string,
  name: string
): Promise<void> {
  await requestAPI<unknown>(`secrets/${enc(namespace)}/${enc(name)}`, {
    method: 'DELETE'
  });
}
