/**
 * The workspaces HTTP contract (`/kubeflow/api/...`), as the server sends it.
 * Pure types: shared by the React views and the node unit tests.
 */

/** A Workspace's `status.state`. */
export type WorkspaceState =
  'Running' | 'Terminating' | 'Paused' | 'Pending' | 'Error' | 'Unknown';

export interface IRedirectStep {
  source: string;
  target: string;
}

/** The chosen option of a pod template setting, as the controller sees it. */
export interface IOptionStatus {
  current: string;
  desired: string;
  redirectChain: IRedirectStep[];
}

export interface IDataVolume {
  pvcName: string;
  mountPath: string;
  readOnly: boolean;
}

/** One workspace, as `GET workspaces/{namespace}` lists it. */
export interface IWorkspaceItem {
  name: string;
  namespace: string;
  kind: string;
  displayName: string;
  state: WorkspaceState | string;
  stateMessage: string;
  paused: boolean;
  pausedTime: number | null;
  pendingRestart: boolean;
  imageConfig: IOptionStatus;
  podConfig: IOptionStatus;
  homeVolume: string | null;
  dataVolumes: IDataVolume[];
  url: string;
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

export interface INamespaces {
  namespaces: string[];
  current: string;
  canList: boolean;
}

export interface IKindOption {
  id: string;
  displayName: string;
  description: string;
  hidden: boolean;
  redirect: { to: string; message: string } | null;
  labels: { key: string; value: string }[];
}

export interface IKindOptions {
  default: string;
  options: IKindOption[];
}

export interface IWorkspaceKind {
  name: string;
  displayName: string;
  description: string;
  deprecated: boolean;
  deprecationMessage: string;
  hidden: boolean;
  icon: string | null;
  imageConfig: IKindOptions;
  podConfig: IKindOptions;
}

export interface IPVC {
  name: string;
  storage: string | null;
  accessModes: string[];
}

export interface ISecretName {
  name: string;
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
}

/** A server-sent event of `GET workspaces/{namespace}?watch=1`. */
export type WorkspaceEvent =
  | { type: 'snapshot'; items: IWorkspaceItem[] }
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; item: IWorkspaceItem };
