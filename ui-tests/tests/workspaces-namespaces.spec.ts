/**
 * The Workspaces sidebar across namespaces, with container logs and pod details, against
 * the real kube-apiserver of `make cluster` (issue 13). As upstream's Notebooks 2.0 UI
 * (kubeflow/notebooks notebooks-v2 `workspaces/frontend`), the namespace picker has an
 * "All namespaces" entry backed by `GET /api/v1/workspaces`; each workspace then shows its
 * namespace and its actions go to that namespace.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';

import {
  createWorkspace,
  deleteWorkspaces,
  getWorkspace,
  KUBECONFIG,
  kubectl,
  openCard,
  openPanel,
  setState,
  workspaceRow
} from './workspaces-kube';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

test.describe('Kubeflow Workspaces across namespaces', () => {
  // Galata's in-memory JupyterLab state answers every URL matching /api/workspaces/,
  // which would swallow this extension's /kubeflow/api/workspaces/... routes.
  test.use({ mockState: false, viewport: { width: 1024, height: 1200 } });

  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  // The same name in both namespaces: a workspace is its namespace and its name.
  const shared = `ui-ns-${suffix}`;
  const lateB = `ui-ns-${suffix}-late`;
  const noPod = `ui-ns-${suffix}-nopod`;
  const ruledKind = `ui-fr-${suffix}`;

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
  });

  test.afterAll(() => {
    deleteWorkspaces([shared, noPod], TEAM_A);
    deleteWorkspaces([shared, lateB], TEAM_B);
    kubectl(['delete', 'workspacekind', ruledKind, '--ignore-not-found']);
  });

  test('all namespaces: both listed with their namespace, live, actions in the right one', async ({
    page
  }) => {
    createWorkspace(shared, 'Team A analysis', false, { namespace: TEAM_A });
    setState(shared, 'Pending', 'Pod is being scheduled', {}, TEAM_A);
    createWorkspace(shared, 'Team B analysis', false, { namespace: TEAM_B });
    setState(shared, 'Pending', 'Pod is being scheduled', {}, TEAM_B);

    await page.goto();
    const panel = await openPanel(page, TEAM_A);
    await panel
      .getByRole('searchbox', { name: 'Search workspaces' })
      .fill(shared);
    const rows = panel.locator(`tr[data-workspace-row="${shared}"]`);
    const rowA = workspaceRow(panel, shared, TEAM_A);
    const rowB = workspaceRow(panel, shared, TEAM_B);
    // One namespace: only team-a's row, no Namespace column, no namespace on the card.
    await expect(rowA).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(
      panel.getByRole('columnheader', { name: 'Namespace' })
    ).toHaveCount(0);
    const first = await openCard(panel, shared, TEAM_A);
    await expect(first.locator('[data-card-namespace]')).toHaveCount(0);

    // "All namespaces", chosen with the keyboard as a screen-reader user would.
    const picker = panel.getByRole('combobox', { name: 'Namespace' });
    await picker.focus();
    await page.keyboard.type('all');
    await expect(panel.getByRole('option').first()).toHaveText(
      'All namespaces'
    );
    await page.keyboard.press('Enter');
    await expect(picker).toHaveValue('All namespaces');
    await expect(rows).toHaveCount(2);
    await expect(rowA.locator('[data-column="namespace"]')).toHaveText(TEAM_A);
    await expect(rowB.locator('[data-column="namespace"]')).toHaveText(TEAM_B);
    await expect(rowA).toContainText('Team A analysis');
    await expect(rowB).toContainText('Team B analysis');
    await expect(
      panel.getByRole('grid', { name: 'Workspaces in all namespaces' })
    ).toBeVisible();

    // A change in team-b reaches its row live (the all-namespaces window), and only
    // team-b's row changes.
    const stateA = rowA.locator('[data-column="state"]');
    const stateB = rowB.locator('[data-column="state"]');
    await expect(stateB).toHaveText('Starting…');
    await page.evaluate(() => ((window as any).__kfNoReload = true));
    setState(shared, 'Running', 'Workspace is running', {}, TEAM_B);
    await expect(stateB).toHaveText('Running');
    await expect(stateA).toHaveText('Starting…');
    // A workspace created in team-b arrives too (the search finds it: same prefix).
    createWorkspace(lateB, 'Arrived later', false, { namespace: TEAM_B });
    await expect(workspaceRow(panel, lateB, TEAM_B)).toBeVisible();
    expect(await page.evaluate(() => (window as any).__kfNoReload)).toBe(true);

    // Each row's card says its namespace.
    const cardA = await openCard(panel, shared, TEAM_A);
    await expect(cardA).toContainText('Team A analysis');
    await expect(cardA.locator('[data-card-namespace]')).toHaveText(
      `Namespace: ${TEAM_A}`
    );
    const cardB = await openCard(panel, shared, TEAM_B);
    await expect(cardB).toContainText('Team B analysis');
    await expect(cardB.locator('[data-card-namespace]')).toHaveText(
      `Namespace: ${TEAM_B}`
    );

    // Pause from team-b's card pauses team-b's workspace, not team-a's of the same name.
    await cardB.getByRole('button', { name: `Pause ${shared}` }).click();
    await expect
      .poll(() => getWorkspace(shared, TEAM_B)?.spec?.paused)
      .toBe(true);
    expect(getWorkspace(shared, TEAM_A)?.spec?.paused).toBe(false);

    // Details of team-b's: the pod the controller reports, its node, who created it.
    const details = cardB.getByRole('button', { name: `Details of ${shared}` });
    await expect(details).toHaveAttribute('aria-expanded', 'false');
    await details.click();
    await expect(details).toHaveAttribute('aria-expanded', 'true');
    const region = cardB.getByRole('region', { name: `Details of ${shared}` });
    await expect(region.locator('[data-detail="pod"]')).toHaveText(
      `ws-${shared}-0`
    );
    await expect(region.locator('[data-detail="node"]')).toHaveText('node-1');
    await expect(region.locator('[data-detail="created"]')).toContainText(
      'kubectl'
    );
  });

  test('logs of a workspace with no pod say so, not an empty box', async ({
    page
  }) => {
    createWorkspace(noPod, 'Never started', true, { namespace: TEAM_A });

    await page.goto();
    const panel = await openPanel(page, TEAM_A);
    const card = await openCard(panel, noPod);
    const tab = page.getByRole('region', {
      name: `Logs of workspace ${noPod} in ${TEAM_A}`
    });
    await expect(tab).toHaveCount(0);

    await card.getByRole('button', { name: `Logs ${noPod}` }).click();
    await expect(tab).toBeVisible();
    const alert = tab.getByRole('alert');
    await expect(alert).toContainText(
      `Workspace ${TEAM_A}/${noPod} has no pod yet (Paused)`
    );
    await expect(alert).toContainText('resume it first');
    await expect(tab.locator('.jp-KubeflowLogs-text')).toHaveCount(0);
    await expect(tab.getByLabel('Follow')).toBeDisabled();
  });

  test('an option the namespace may not use is not offered, with the reason and its usage', async ({
    page
  }) => {
    // A copy of the sample kind whose filter rule (as upstream's filterRules) denies the
    // GPU pod config in team-b, with the controller's per-option counts in its status.
    const kind = JSON.parse(
      kubectl(['get', 'workspacekind', 'jupyterlab', '-o', 'json'])
    );
    kind.metadata = { name: ruledKind };
    delete kind.status;
    kind.spec.spawner.displayName = `Filtered ${suffix}`;
    kind.spec.filterRules = [
      {
        scope: 'POD_CONFIG',
        effect: {
          api: {
            deny: true,
            denyMessage: { text: 'GPUs are for team-a only' }
          }
        },
        match: [
          {
            matchNamespace: {
              selector: {
                matchLabels: { 'kubernetes.io/metadata.name': TEAM_B }
              }
            }
          },
          { matchPodConfig: { selector: { matchLabels: { gpu: '1' } } } }
        ]
      }
    ];
    kubectl(['create', '-f', '-'], JSON.stringify(kind));
    kubectl([
      'patch',
      'workspacekind',
      ruledKind,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: {
          podTemplateOptions: {
            imageConfig: [],
            podConfig: [{ id: 'big_gpu', workspaces: 2 }]
          },
          spawnerIcon: {},
          spawnerLogo: {},
          workspaces: 2
        }
      })
    ]);

    await page.goto();
    // The server lists the new kind (its kind index refreshes on its own schedule).
    await expect
      .poll(() =>
        page.evaluate(async (k: string) => {
          const r = await fetch('/kubeflow/api/workspacekinds');
          return JSON.stringify(await r.json()).includes(`"${k}"`);
        }, ruledKind)
      )
      .toBe(true);

    const pickGpu = async (namespace: string) => {
      const panel = await openPanel(page, namespace);
      await panel.getByRole('button', { name: '+ New' }).click();
      const form = panel.getByRole('form', {
        name: `Create a workspace in ${namespace}`
      });
      await form.getByLabel('Kind').selectOption(ruledKind);
      const gpu = form
        .getByLabel('Pod config')
        .locator('option[value="big_gpu"]');
      await expect(gpu).toContainText('2 workspaces');
      return { form, gpu };
    };

    // team-a may use it.
    const inA = await pickGpu(TEAM_A);
    await expect(inA.gpu).toBeEnabled();
    await expect(inA.gpu).not.toContainText('not allowed');
    await inA.form.getByRole('button', { name: 'Cancel' }).click();

    // team-b may not: listed disabled, with the kind's message; the default stays chosen.
    const inB = await pickGpu(TEAM_B);
    await expect(inB.gpu).toBeDisabled();
    await expect(inB.gpu).toContainText(
      'not allowed: GPUs are for team-a only'
    );
    await expect(inB.form.getByLabel('Pod config')).toHaveValue('tiny_cpu');
    await expect(
      inB.form.getByLabel('Pod config').locator('option[value="small_cpu"]')
    ).toBeEnabled();
  });
});
