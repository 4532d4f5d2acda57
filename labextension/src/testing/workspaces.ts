/**
 * Builders of the workspaces contract's shapes for the unit tests: a plausible item or
 * kind, with what a test is about given as overrides (so each test says only that).
 */
import type { IKindUsage } from '../workspaces/kindTypes';
import type {
  IKindOption,
  IOptionStatus,
  IWorkspaceItem,
  IWorkspaceKind
} from '../workspaces/types';

/** A builder of `T`: fresh defaults each time, with the overrides given laid over them. */
function builder<T>(defaults: () => T): (overrides?: Partial<T>) => T {
  return (overrides = {}) => ({ ...defaults(), ...overrides });
}

/** An option as chosen and applied (no redirect). */
export function optionStatus(id: string): IOptionStatus {
  return { current: id, desired: id, redirectChain: [] };
}

/** A running workspace `ws1` of kind jupyterlab in team-a. */
export const workspaceItem = builder<IWorkspaceItem>(() => ({
  name: 'ws1',
  namespace: 'team-a',
  kind: 'jupyterlab',
  displayName: 'ws1',
  state: 'Running',
  stateMessage: '',
  paused: false,
  pausedTime: null,
  pendingRestart: false,
  imageConfig: optionStatus('img'),
  podConfig: optionStatus('pod'),
  homeVolume: null,
  dataVolumes: [],
  url: '',
  isCurrent: false,
  created: '',
  resourceVersion: '1'
}));

/** An option of a kind: shown, not redirected, without labels. */
export function kindOption(
  id: string,
  overrides: Partial<IKindOption> = {}
): IKindOption {
  return {
    id,
    displayName: id,
    description: '',
    hidden: false,
    redirect: null,
    labels: [],
    ...overrides
  };
}

/** The kind jupyterlab, shown, with the options given. */
export const workspaceKind = builder<IWorkspaceKind>(() => ({
  name: 'jupyterlab',
  displayName: 'JupyterLab',
  description: '',
  deprecated: false,
  deprecationMessage: '',
  hidden: false,
  icon: null,
  imageConfig: { default: 'img', options: [kindOption('img')] },
  podConfig: { default: 'pod', options: [kindOption('pod')] }
}));

/** A kind's use: 3 workspaces (2 running), 1 of 2 requested GPUs in use, no sample. */
export const kindUsage = builder<IKindUsage>(() => ({
  workspaces: 3,
  running: 2,
  byPhase: {},
  gpusInUse: 1,
  gpusRequested: 2,
  idleGpuWorkspaces: 1,
  sample: []
}));
