/**
 * What `GET /kubeflow/api/status` says, put in words: one line for the status bar and
 * sections for the details dialog. Pure (the translator is passed in) so
 * `summary.test.ts` can check it. The server has already left secrets out.
 */
import { ITrans } from '../trans';

/** The parts of the status route this surface reads (each capability says more). */
export interface IConnectionStatus {
  version?: string;
  pipelines?: {
    kfp_host?: string;
    kfp_found?: string;
    token_from?: string;
    connected?: boolean;
    multi_user?: boolean | null;
    namespace?: string;
    namespace_from?: string;
    base_image?: string;
    error?: string;
  };
  registry?: {
    mode?: string;
    url?: string;
    connected?: boolean;
    error?: string;
    storage?: string[];
  };
  workspaces?: {
    connected?: boolean;
    server?: string;
    context?: string | null;
    namespace?: string;
    error?: string | null;
    currentWorkspace?: { namespace: string; name: string } | null;
  };
}

export interface ISummary {
  /** The status bar's text. */
  text: string;
  /** Its tooltip: one line per part. */
  title: string;
  /** A configured part that does not answer (the item is marked). */
  problem: boolean;
}

export interface IDetailSection {
  id: 'pipelines' | 'registry' | 'cluster';
  title: string;
  rows: [label: string, value: string][];
  /** Why this part is not connected, when it should be. */
  problem?: string;
}

/** `https://user@host:8443/pipeline` -> `host:8443`; what is not a URL stays as it is. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function clusterConfigured(status: IConnectionStatus): boolean {
  return Boolean(status.workspaces?.server);
}

export function summarize(status: IConnectionStatus, trans: ITrans): ISummary {
  const kfp = status.pipelines ?? {};
  const registry = status.registry ?? {};
  const cluster = status.workspaces ?? {};
  const kfpText = kfp.kfp_host
    ? hostOf(kfp.kfp_host)
    : trans.__('local runs only');
  const registryText =
    registry.mode === 'external' && registry.url
      ? hostOf(registry.url)
      : trans.__('embedded registry');
  const clusterText = cluster.connected
    ? (cluster.namespace ?? '')
    : clusterConfigured(status)
      ? trans.__('cluster not answering')
      : trans.__('no cluster');
  const problem =
    (Boolean(kfp.kfp_host) && kfp.connected !== true) ||
    registry.connected === false ||
    (clusterConfigured(status) && cluster.connected !== true);
  return {
    text: trans.__(
      'Kubeflow: %1 | %2 | %3',
      kfpText,
      registryText,
      clusterText
    ),
    title: [
      trans.__('Kubeflow Pipelines: %1', kfpText),
      trans.__('Model Registry: %1', registryText),
      trans.__('Cluster namespace: %1', clusterText),
      trans.__('Click for details')
    ].join('\n'),
    problem
  };
}

function yesNo(value: boolean | null | undefined, trans: ITrans): string {
  return value === true
    ? trans.__('yes')
    : value === false
      ? trans.__('no')
      : trans.__('unknown');
}

export function detailSections(
  status: IConnectionStatus,
  trans: ITrans
): IDetailSection[] {
  const kfp = status.pipelines ?? {};
  const registry = status.registry ?? {};
  const cluster = status.workspaces ?? {};
  const pipelines: IDetailSection = {
    id: 'pipelines',
    title: trans.__('Kubeflow Pipelines'),
    rows: kfp.kfp_host
      ? [
          [trans.__('Endpoint'), kfp.kfp_host],
          [
            trans.__('Found'),
            kfp.kfp_found === 'in-cluster'
              ? trans.__('in the cluster, as kfp.Client() finds it')
              : trans.__('configured')
          ],
          [trans.__('Answers'), yesNo(kfp.connected, trans)],
          [trans.__('Multi-user'), yesNo(kfp.multi_user, trans)],
          [trans.__('Token'), kfp.token_from || trans.__('none')]
        ]
      : [
          [
            trans.__('Endpoint'),
            trans.__('none: pipelines run locally (kfp.local)')
          ]
        ]
  };
  pipelines.rows.push(
    [
      trans.__('Runs go to namespace'),
      kfp.namespace
        ? kfp.namespace_from
          ? trans.__('%1 (from %2)', kfp.namespace, kfp.namespace_from)
          : kfp.namespace
        : trans.__('none found')
    ],
    [trans.__('Base image of steps'), kfp.base_image || trans.__('unknown')]
  );
  if (kfp.kfp_host && kfp.connected !== true) {
    pipelines.problem =
      kfp.error ||
      trans.__('The endpoint does not answer: runs can still go locally.');
  }
  const registrySection: IDetailSection = {
    id: 'registry',
    title: trans.__('Model Registry'),
    rows: [
      [
        trans.__('Registry'),
        registry.mode === 'external'
          ? trans.__('external')
          : trans.__('embedded (served by this Jupyter server)')
      ],
      [trans.__('REST API at'), registry.url || trans.__('unknown')],
      [trans.__('Answers'), yesNo(registry.connected, trans)],
      [
        trans.__('Model storage'),
        (registry.storage ?? []).join(', ') || trans.__('none')
      ]
    ]
  };
  if (registry.connected === false) {
    registrySection.problem =
      registry.error || trans.__('The registry does not answer.');
  }
  const clusterSection: IDetailSection = {
    id: 'cluster',
    title: trans.__('Kubernetes cluster'),
    rows: clusterConfigured(status)
      ? [
          [trans.__('API server'), cluster.server ?? ''],
          [trans.__('Context'), cluster.context || trans.__('in-cluster')],
          [trans.__('Namespace'), cluster.namespace || trans.__('unknown')],
          [trans.__('Answers'), yesNo(cluster.connected, trans)]
        ]
      : [
          [
            trans.__('API server'),
            trans.__('none: no kubeconfig and not in a pod')
          ]
        ]
  };
  if (cluster.currentWorkspace) {
    clusterSection.rows.push([
      trans.__('This JupyterLab runs in workspace'),
      `${cluster.currentWorkspace.namespace}/${cluster.currentWorkspace.name}`
    ]);
  }
  if (clusterConfigured(status) && cluster.connected !== true) {
    clusterSection.problem =
      cluster.error || trans.__('The cluster does not answer.');
  }
  return [pipelines, registrySection, clusterSection];
}
