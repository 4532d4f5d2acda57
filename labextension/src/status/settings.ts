/** The status-bar item's preferences (schema/status.json). */
import { SettingsStore } from '../settings';

export type StatusSettings = {
  /** 0: only at start and when clicked. */
  refreshSeconds: number;
};

export const statusSettings = new SettingsStore<StatusSettings>(
  'jupyter-kubeflow:status',
  { refreshSeconds: 60 }
);
