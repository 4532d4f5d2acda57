/**
 * The workspaces UI tests' cluster helpers (shared by the workspaces specs): the
 * `make cluster` kube-apiserver driven with its pinned kubectl, the way a user's other
 * tools and the Notebooks controller would, and opening the sidebar on a namespace.
 */
import { expect } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
export const KUBECONFIG = path.join(REPO, '.cluster', 'kubeconfig');
export const NAMESPACE = 'team-a';

/** The pinned kubectl that `make cluster` built (cluster/versions.sh says where). */
export const KUBECTL = execFileSync(
  'bash',
  ['-c', 'source cluster/versions.sh && printf %s "$KUBECTL"'],
  { cwd: REPO, encoding: 'utf8' }
);

/** kubectl as the cluster admin, in a namespace (team-a unless said). */
export function kubectl(
  args: string[],
  input?: string,
  namespace: string = NAMESPACE
): string {
  return execFileSync(
    KUBECTL,
    [
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      'admin',
      '-n',
      namespace,
      ...args
    ],
    { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }
  );
}

/** A Workspace of the sample WorkspaceKind, as a user would apply it. */
export function createWorkspace(
  name: string,
  displayName: string,
  paused = false,
  options: {
    kind?: string;
    imageConfig?: string;
    podConfig?: string;
    namespace?: string;
  } = {}
): void {
  const namespace = options.namespace ?? NAMESPACE;
  kubectl(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Workspace',
      metadata: { name, namespace },
      spec: {
        paused,
        displayName,
        kind: options.kind ?? 'jupyterlab',
        podTemplate: {
          volumes: { data: [] },
          options: {
            imageConfig: options.imageConfig ?? 'jupyter-scipy:v1.10.0',
            podConfig: options.podConfig ?? 'tiny_cpu'
          }
        }
      }
    }),
    namespace
  );
}

/** Set status.state through the status subresource, as the Notebooks controller does. */
export function setState(
  name: string,
  state: string,
  stateMessage: string,
  extra: Record<string, unknown> = {},
  namespace: string = NAMESPACE
): void {
  const status = {
    activity: { lastActivity: 0, lastUpdate: 0 },
    lastRunningTime: 0,
    pauseTime: 0,
    pendingRestart: false,
    podTemplateOptions: {
      imageConfig: { desired: 'jupyter-scipy:v1.10.0', redirectChain: [] },
      podConfig: { desired: 'tiny_cpu', redirectChain: [] }
    },
    podTemplatePod: { name: `ws-${name}-0`, nodeName: 'node-1' },
    state,
    stateMessage,
    ...extra
  };
  kubectl(
    [
      'patch',
      'workspace',
      name,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status })
    ],
    undefined,
    namespace
  );
}

export function getWorkspace(
  name: string,
  namespace: string = NAMESPACE
): any | null {
  const out = kubectl(
    ['get', 'workspace', name, '--ignore-not-found', '-o', 'json'],
    undefined,
    namespace
  );
  return out.trim() ? JSON.parse(out) : null;
}

export function deleteWorkspaces(
  names: string[],
  namespace: string = NAMESPACE
): void {
  kubectl(
    ['delete', 'workspace', '--ignore-not-found', '--wait=false', ...names],
    undefined,
    namespace
  );
}

/** Open the sidebar and pick a namespace (team-a unless said). */
export async function openPanel(page: Page, namespace: string = NAMESPACE) {
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
  );
  const panel = page.locator('#kubeflow-workspaces');
  await expect(panel).toBeVisible();
  await panel.getByLabel('Namespace').selectOption(namespace);
  return panel;
}
