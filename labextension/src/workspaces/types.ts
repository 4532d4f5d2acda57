/**
 * The workspaces HTTP contract (`/kubeflow/api/...`), as the server sends it.
 * Pure types: shared by the React views and the node unit tests.
 */

/** A Workspace's `status.state`. */
export type WorkspaceState =
  'Running' | 'Terminating' | 'Paused' | 'Pending' | 'Error' | 'Unknown';

/** What the panel shows: the controller's state, read with the spec's `paused`. */
export type WorkspacePhase =
  WorkspaceState | 'Pausing' | 'Starting' | 'Restarting';

export interface IRedirectStep {
  source: string;
  target: string;
  /** The kind's message for this redirect: its text and level (Info, Warning, Danger). */
  message?: { text: string; level: string };
}

/**
 * A pod template option: `current` is chosen in the spec and is what the pod runs;
 * `desired` is where the kind's redirects lead from it (applied only when chosen).
 */
export interface IOptionStatus {
  current: string;
  desired: string;
  /** False while the controller has not yet seen the option chosen now. */
  reconciled?: boolean;
  redirectChain: IRedirectStep[];
}

/** A port the workspace serves, with its connect URL. */
export interface IService {
  id: string;
  displayName: string;
  url: string;
}

/** Whether the controller really mounts it (it leaves out a mount whose path is taken). */
export interface IMountState {
  mounted?: boolean;
  /** Why not, when `mounted` is false. */
  reason?: string;
}

export interface ISecretMount extends IMountState {
  secretName: string;
  mountPath: string;
  defaultMode?: number | null;
}

/** Activity as the controller's probe saw it; times in ms since the epoch. */
export interface IActivity {
  lastActivity: number | null;
  lastUpdate: number | null;
  lastProbe: { result: string; message: string; endTime: number | null } | null;
  lastRunningTime: number | null;
  pauseEligibleAfter: number | null;
  autoPaused: boolean;
  /** When the controller pauses it if it stays idle (its first probe past the limit). */
  autoPauseAt?: number | null;
  idleLimitSeconds: number | null;
  probe: {
    probeIntervalSeconds?: number | null;
    minProbeIntervalSeconds?: number | null;
    kind: string;
  } | null;
}

export interface IDataVolume extends IMountState {
  pvcName: string;
  mountPath: string;
  readOnly: boolean;
}

/**
 * When a change of image, pod config, mounts or pod metadata reaches the pod: `now` (a
 * ready pod is replaced at once), `restart` (a Pending or Error pod is left alone by the
 * StatefulSet controller: only pause and resume applies it), `resume` (paused), `start`
 * (the next pod has it).
 */
export type ChangesApply = 'now' | 'restart' | 'resume' | 'start';

/** One workspace, as `GET workspaces/{namespace}` lists it. */
export interface IWorkspaceItem {
  name: string;
  namespace: string;
  kind: string;
  displayName: string;
  state: WorkspaceState | string;
  /** Absent from older servers: then the state is shown as is. */
  phase?: WorkspacePhase | string;
  stateMessage: string;
  paused: boolean;
  pausedTime: number | null;
  pendingRestart: boolean;
  /** Absent from older servers: then a change is taken to restart a running one now. */
  changesApply?: ChangesApply;
  /** A restart (pause, then resume once paused) is under way in the Jupyter server. */
  restartPending?: boolean;
  imageConfig: IOptionStatus;
  podConfig: IOptionStatus;
  homeVolume: string | null;
  dataVolumes: IDataVolume[];
  secrets?: ISecretMount[];
  /** The Workspace's own labels (what the table's label filter reads). */
  labels?: Record<string, string>;
  /** GPUs of the pod config (its `gpu` label, as the Notebooks 2.0 UI reads them). */
  gpus?: number;
  /** The pod's labels and annotations (absent from older servers: then not editable). */
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  /** One per port of the image config, at upstream's connect path. */
  services?: IService[];
  url: string;
  activity?: IActivity;
  isCurrent: boolean;
  created: string;
  resourceVersion: string;
}

export type Verb = 'create' | 'update' | 'delete';

export interface IPermissions {
  create: boolean;
  update: boolean;
  delete: boolean;
  /** Why a verb is refused, e.g. `{"delete": "You may not delete workspaces in team-a"}`. */
  reasons: Partial<Record<Verb, string>>;
}

export interface IWorkspaceList {
  items: IWorkspaceItem[];
  permissions: IPermissions;
}

/** `GET workspaces`: every namespace the user may list. */
export interface IAllWorkspacesList {
  items: IWorkspaceItem[];
  namespaces: string[];
  forbidden?: string[];
  permissions: Record<string, IPermissions>;
}

/** `GET workspaces/{ns}/{name}/logs` (follow=0). */
export interface IWorkspaceLogs {
  pod: string;
  container: string;
  containers: string[];
  text: string;
  truncated: boolean;
  /** The previous container's log (before its last restart). */
  previous?: boolean;
  sinceSeconds?: number | null;
}

export interface IContainerDetails {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  state: string;
}

/** What a pod config gives the main container (`spec.resources` of the option). */
export interface IPodResources {
  podConfig: string;
  displayName: string;
  requests: Record<string, string>;
  limits: Record<string, string>;
  gpus: number;
}

/** Where the live pod differs from what the workspace chooses. */
export interface IOutdated {
  what: 'image' | 'resources' | string;
  pod: unknown;
  chosen: unknown;
}

/** `GET workspaces/{ns}/{name}/details`. */
export interface IWorkspaceDetails {
  /** Absent from older servers. */
  resources?: IPodResources | null;
  outdated?: IOutdated[];
  pod: {
    name: string;
    node: string | null;
    phase: string | null;
    containers: IContainerDetails[];
    initContainers?: IContainerDetails[];
  } | null;
  mounts: {
    home: Record<string, unknown> | null;
    data: Record<string, unknown>[];
    secrets: Record<string, unknown>[];
  };
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  audit: {
    createdAt: string | null;
    createdBy: string | null;
    updatedAt: string | null;
    updatedBy: string | null;
    /** The names are field managers (tools such as kubectl), not people. */
    byManager?: boolean;
  };
}

export interface INamespaces {
  namespaces: string[];
  current: string;
  canList: boolean;
}

/** Whether a namespace may use a kind or an option (the kind's filter rules). */
export interface IRestrictions {
  deny: boolean;
  denyMessage: { text: string; level: string } | null;
}

export interface IKindOption {
  id: string;
  displayName: string;
  description: string;
  hidden: boolean;
  redirect: { to: string; message: string; level?: string } | null;
  labels: { key: string; value: string }[];
  /** With `workspacekinds?namespace=`: may that namespace use it. */
  restrictions?: IRestrictions;
  /** With `workspacekinds?namespace=`: how many workspaces use it. */
  workspacesCount?: number;
}

export interface IKindOptions {
  default: string;
  options: IKindOption[];
}

/** What every view of a WorkspaceKind says of it. */
export interface IKindSummary {
  name: string;
  displayName: string;
  description: string;
  deprecated: boolean;
  deprecationMessage: string;
  hidden: boolean;
  icon: string | null;
}

export interface IWorkspaceKind extends IKindSummary {
  imageConfig: IKindOptions;
  podConfig: IKindOptions;
  restrictions?: IRestrictions;
}

export interface IPVC {
  name: string;
  storage: string | null;
  accessModes: string[];
  /** Labelled `notebooks.kubeflow.org/can-mount: "true"` (upstream mounts only those). */
  canMount?: boolean;
}

export interface ISecretName {
  name: string;
  canMount?: boolean;
}

/** `status.workspaces` of `GET /kubeflow/api/status`. */
export interface IWorkspacesStatus {
  connected: boolean;
  server?: string;
  context?: string | null;
  namespace?: string;
  error?: string | null;
  hint?: string;
  currentWorkspace?: { namespace: string; name: string } | null;
}

/** `PATCH workspaces/{namespace}/{name}` body. */
export interface IWorkspacePatch {
  paused?: boolean;
  imageConfig?: string;
  podConfig?: string;
  displayName?: string;
  /** Each replaces the whole list or map (issue 13). */
  dataVolumes?: IDataVolume[];
  secrets?: ISecretMount[];
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
}

/** A server-sent event of `GET workspaces/{namespace}?watch=1`. */
export type WorkspaceEvent =
  | { type: 'snapshot'; items: IWorkspaceItem[] }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; item: IWorkspaceItem };
