/**
 * The workspaces UI tests' cluster helpers (shared by the workspaces specs): the
 * `make cluster` kube-apiserver driven with its pinned kubectl, the way a user's other
 * tools and the Notebooks controller would, and opening the sidebar on a namespace.
 */
import { expect } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
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

/** The namespace picker's text for a namespace ('*': all of them). */
export function namespaceLabel(namespace: string): string {
  return namespace === '*' ? 'All namespaces' : namespace;
}

/** Choose a namespace in a picker that searches: type it, choose the match. */
export async function pickNamespace(
  scope: Locator,
  namespace: string
): Promise<void> {
  const label = namespaceLabel(namespace);
  const picker = scope.getByRole('combobox', { name: 'Namespace' });
  await expect(picker).toBeVisible();
  if ((await picker.inputValue()) === label) {
    return; // shown already (typing the same text would change nothing to choose from)
  }
  await picker.fill(namespace === '*' ? 'all' : namespace);
  await scope.getByRole('option', { name: label, exact: true }).click();
  await expect(picker).toHaveValue(label);
}

/** Open the sidebar and pick a namespace (team-a unless said; '*': all namespaces). */
export async function openPanel(page: Page, namespace: string = NAMESPACE) {
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
  );
  const panel = page.locator('#kubeflow-workspaces');
  await expect(panel).toBeVisible();
  await pickNamespace(panel, namespace);
  return panel;
}

/** A workspace's row in the table (of that namespace, when given). */
export function workspaceRow(
  panel: Locator,
  name: string,
  namespace?: string
): Locator {
  const where = namespace ? `[data-namespace="${namespace}"]` : '';
  return panel.locator(`tr[data-workspace-row="${name}"]${where}`);
}

/**
 * The card of a workspace, opened from its row: the table searched for its name (the
 * namespace may hold many), the row chosen.
 */
export async function openCard(
  panel: Locator,
  name: string,
  namespace?: string
): Promise<Locator> {
  await panel.getByRole('searchbox', { name: 'Search workspaces' }).fill(name);
  const row = workspaceRow(panel, name, namespace);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  const where = namespace ? `[data-namespace="${namespace}"]` : '';
  const card = panel.locator(
    `.jp-KubeflowWorkspaces-card[data-workspace="${name}"]${where}`
  );
  await expect(card).toBeVisible();
  return card;
}
