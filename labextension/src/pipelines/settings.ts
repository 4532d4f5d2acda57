/** The pipeline surface's preferences (schema/pipelines.json). */
import { SettingsStore } from '../settings';
import { SplitMode } from './types';

export type PipelinesSettings = {
  /** 'auto': the server's choice (tags if any, else one step). */
  defaultSplit: SplitMode | 'auto';
  defaultExperiment: string;
  runRefreshSeconds: number;
  confirmDeleteRun: boolean;
};

export const pipelinesSettings = new SettingsStore<PipelinesSettings>(
  'jupyter-kubeflow:pipelines',
  {
    defaultSplit: 'auto',
    defaultExperiment: '',
    runRefreshSeconds: 1,
    confirmDeleteRun: true
  }
);

/** The split a new conversion asks for; undefined lets the server choose. */
export function defaultSplit(): SplitMode | undefined {
  const split = pipelinesSettings.current.defaultSplit;
  return split === 'auto' ? undefined : split;
}
