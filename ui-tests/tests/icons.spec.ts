/**
 * Kubeflow's marks on each surface (issue 25), following JupyterLab's theme: the
 * sidebar, the launcher card, the registry and pipeline tabs.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebook } from './notebooks';

test.describe('icons', () => {
  test.use({ autoGoto: true });

  test('each surface shows its mark, and the marks follow the dark theme', async ({
    page,
    tmpPath
  }) => {
    const sidebarIcon = page.locator(
      '.jp-SideBar [data-id="kubeflow-workspaces"] svg[data-icon="jupyter-kubeflow:kubeflow"]'
    );
    await expect(sidebarIcon).toBeVisible();
    await expect(
      page
        .locator('.jp-LauncherCard', { hasText: 'Open Model Registry' })
        .locator('svg[data-icon="jupyter-kubeflow:registry-launcher"]')
    ).toBeVisible();

    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'kubeflow:open-registry'
      );
    });
    await expect(
      page
        .locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
          hasText: 'Model Registry'
        })
        .locator('svg[data-icon="jupyter-kubeflow:registry"]')
    ).toBeVisible();

    const path = `${tmpPath}/marked.ipynb`;
    await page.contents.uploadContent(
      notebook([{ source: 'x = 1' }]),
      'text',
      path
    );
    await page.evaluate(async p => {
      await (window as any).jupyterapp.commands.execute(
        'kubeflow:convert-notebook',
        { path: p }
      );
    }, path);
    await expect(
      page
        .locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
          hasText: 'marked pipeline'
        })
        .locator('svg[data-icon="jupyter-kubeflow:pipeline"]')
    ).toBeVisible();

    // The mark's colour is the theme's icon colour: it changes with the theme.
    const fill = () =>
      sidebarIcon
        .locator('.jp-icon3')
        .first()
        .evaluate(el => getComputedStyle(el).fill);
    const light = await fill();
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'apputils:change-theme',
        {
          theme: 'JupyterLab Dark'
        }
      );
    });
    await expect.poll(fill, { timeout: 30000 }).not.toBe(light);
  });
});
