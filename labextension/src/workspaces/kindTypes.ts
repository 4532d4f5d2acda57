/**
 * The kinds view's contract (`GET workspacekinds?usage=1`, `GET/PUT/DELETE
 * workspacekinds/{name}`, `POST workspacekinds`). Pure types.
 */
import type { IKindSummary, IPermissions } from './types';

export interface IKindRedirect {
  to: string;
  message: string;
  level: string;
}

/** What an image and a pod config option both have. */
export interface IKindOptionBase {
  id: string;
  displayName: string;
  description: string;
  hidden: boolean;
  redirect: IKindRedirect | null;
  labels: { key: string; value: string }[];
}

export interface IKindImage extends IKindOptionBase {
  /** The container image it runs. */
  image: string;
  ports: { id: string; port: number | null; displayName: string }[];
}

export interface IKindPodConfig extends IKindOptionBase {
  requests: Record<string, string>;
  limits: Record<string, string>;
  gpus: number;
}

/** A kind's workspaces, counted across the namespaces the user may list. */
export interface IKindUsage {
  workspaces: number;
  running: number;
  byPhase: Record<string, number>;
  gpusInUse: number;
  gpusRequested: number;
  idleGpuWorkspaces: number;
  sample: {
    namespace: string;
    name: string;
    phase: string;
    podConfig: string;
    gpus: number;
  }[];
}

export interface IKindOverview extends IKindSummary {
  ports: { id: string; displayName: string; protocol: string }[];
  defaults: { imageConfig: string; podConfig: string };
  images: IKindImage[];
  podConfigs: IKindPodConfig[];
  /** The controller's count of the kind's workspaces (null without a controller). */
  controllerCount?: number | null;
  resourceVersion: string;
  created: string;
  /** Null when the user may not list workspaces in all namespaces. */
  usage?: IKindUsage | null;
}

export interface IKindsOverview {
  items: IKindOverview[];
  /** Cluster-scoped: create, update, delete of WorkspaceKinds. */
  permissions: IPermissions;
  usageError: string | null;
}

export interface IKindText {
  item: IKindOverview;
  yaml: string;
  dryRun?: boolean;
}

/** One refusal of a kind's YAML, at its field and line (1-based). */
export interface IKindError {
  field: string;
  message: string;
  line: number | null;
}
