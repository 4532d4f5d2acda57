/**
 * Preferences in JupyterLab's own Settings Editor (issue 25): a setting changed there
 * takes effect at once in the open surface, with no reload.
 */
import { expect, galata, test } from '@jupyterlab/galata';
import * as fs from 'fs';

import { callAPI, REGISTRY_API } from './api';
import {
  createWorkspace,
  deleteWorkspaces,
  KUBECONFIG,
  setState
} from './workspaces-kube';

test.describe('settings', () => {
  test.use({ autoGoto: true });

  test("the registry's page size, changed in the Settings Editor, pages the open tab", async ({
    page
  }) => {
    const stamp = `pagesize-${Date.now()}`;
    for (const i of [0, 1, 2]) {
      await callAPI(page, 'POST', `${REGISTRY_API}/registered_models`, {
        name: `${stamp}-${i}`
      });
    }
    await page.waitForFunction(() =>
      (window as any).jupyterapp.commands.hasCommand('kubeflow:open-registry')
    );
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'kubeflow:open-registry'
      );
    });
    const tab = page.locator('[id^="kubeflow-registry"]');
    await tab.getByLabel('Search models by name').fill(stamp);
    const names = tab
      .getByRole('listbox', { name: 'Models' })
      .locator('.jp-kf-registry-itemName');
    const pages = tab.getByRole('navigation', { name: 'Model pages' });
    // the default, 50 a page: all three on one page
    await expect(names).toHaveCount(3);
    await expect(pages.getByRole('button', { name: 'Next' })).toBeDisabled();

    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute('settingeditor:open', {
        query: 'Kubeflow Model Registry'
      });
    });
    // The editor's form names each field by plugin and setting.
    const field = page.locator(
      '[id="jp-SettingsEditor-jupyter-kubeflow:registry_pageSize"]'
    );
    await expect(page.locator('.jp-SettingsPanel')).toContainText(
      'Models per page'
    );
    await expect(field).toHaveValue('50');
    await field.fill('2');
    // the editor saves by itself; the registry tab follows without a reload
    await page.locator('.lm-TabBar-tab', { hasText: 'Model Registry' }).click();
    await expect(names).toHaveCount(2);
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(names).toHaveCount(1);
    await expect(pages).toContainText('Page 2');
  });
});

test.describe('workspaces settings', () => {
  // Galata's in-memory JupyterLab state answers every URL matching /api/workspaces/,
  // which would swallow this extension's /kubeflow/api/workspaces/... routes. The lab
  // starts with the workspaces' settings a user saved: team-b, compact.
  test.use({
    mockState: false,
    mockSettings: {
      ...galata.DEFAULT_SETTINGS,
      'jupyter-kubeflow:workspaces': {
        defaultNamespace: 'team-b',
        listView: 'compact'
      }
    }
  });
  const name = `ui-set-${Date.now().toString(36)}`;

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
  });

  test.afterAll(() => deleteWorkspaces([name], 'team-b'));

  test('the sidebar opens in the default namespace, compact; cards, then the table once changed', async ({
    page
  }) => {
    createWorkspace(name, 'Settings check', false, { namespace: 'team-b' });
    setState(name, 'Running', '', {}, 'team-b');
    await page.goto();
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
    );
    const panel = page.locator('#kubeflow-workspaces');
    await expect(panel.getByLabel('Namespace')).toHaveValue('team-b');
    const card = panel.locator(`[data-workspace="${name}"]`);
    await expect(card).toBeVisible();
    // compact: the state and the actions, not the kind, image and pod config lines
    await expect(card.locator('[data-action="connect"]')).toBeVisible();
    await expect(card.getByText('Kind:')).toBeHidden();
    await expect(card.locator('[data-option="imageConfig"]')).toBeHidden();

    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute('settingeditor:open', {
        query: 'Kubeflow Workspaces'
      });
    });
    await page
      .locator('[id="jp-SettingsEditor-jupyter-kubeflow:workspaces_listView"]')
      .selectOption('cards');
    await expect(card.getByText('Kind:')).toBeVisible();
    await expect(card.locator('[data-option="imageConfig"]')).toBeVisible();

    // the table (the default): the workspace is a row; its card opens from the row
    await page
      .locator('[id="jp-SettingsEditor-jupyter-kubeflow:workspaces_listView"]')
      .selectOption('table');
    const row = panel.locator(`tr[data-workspace-row="${name}"]`);
    await expect(row).toBeVisible();
    await expect(card).toHaveCount(0);
    await row.click();
    await expect(card.getByText('Kind:')).toBeVisible();
  });
});
