/** The registry surface's preferences (schema/registry.json). */
import { SettingsStore } from '../settings';

export type RegistrySettings = {
  pageSize: number;
  confirmArchive: boolean;
};

export const registrySettings = new SettingsStore<RegistrySettings>(
  'jupyter-kubeflow:registry',
  { pageSize: 50, confirmArchive: true }
);
