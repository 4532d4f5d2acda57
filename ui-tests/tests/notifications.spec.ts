/**
 * Long work in JupyterLab's notification centre (issue 25): a local run shows its
 * progress there and ends there, also when its pipeline view was closed, and the
 * notification's action brings the run back.
 */
import { expect, test } from '@jupyterlab/galata';

import { notebook } from './notebooks';

test.describe('notifications', () => {
  test.use({ autoGoto: true });

  test('a local run ends in the notification centre after its view was closed; Show run reopens it', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(180000);
    const path = `${tmpPath}/noted.ipynb`;
    await page.contents.uploadContent(
      notebook([
        { tags: ['step:make'], source: 'import time\ntime.sleep(2)\nx = 20' },
        { tags: ['step:double'], source: 'y = x * 2\nprint(y)' }
      ]),
      'text',
      path
    );
    await page.evaluate(async p => {
      await (window as any).jupyterapp.commands.execute(
        'kubeflow:convert-notebook',
        { path: p }
      );
    }, path);
    const view = page.locator('.jp-kubeflow-pipeline');
    await view.getByRole('button', { name: 'Run locally' }).click();

    // The run is going: its notification says so, with the steps done so far.
    const toasts = page.locator(
      '.jp-Notification-Toast-in-progress, .Toastify__toast'
    );
    await expect(
      toasts.filter({ hasText: /noted pipeline: local run/ }).first()
    ).toBeVisible();
    // Close the view while the run goes: the notification follows it to its end.
    await page
      .locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
        hasText: 'noted pipeline'
      })
      .locator('.lm-TabBar-tabCloseIcon')
      .click();
    await expect(view).toHaveCount(0);
    const done = page
      .locator('.Toastify__toast')
      .filter({ hasText: /noted pipeline: local run succeeded in [\d.]+ s\./ });
    await expect(done).toBeVisible({ timeout: 120000 });

    // It is in the notification centre, where its action opens the view again, on
    // that run (an action taken dismisses the notification, as JupyterLab does).
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'apputils:display-notifications'
      );
    });
    const entry = page
      .locator('.jp-Notification-Center .Toastify__toast')
      .filter({ hasText: /noted pipeline: local run succeeded/ });
    await expect(entry).toBeVisible();
    await entry.getByRole('button', { name: 'Show run' }).click();
    const run = page.locator('.jp-kubeflow-pipeline .jp-kubeflow-run');
    await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED');
    await expect(run).toContainText('2 of 2 steps done');
  });
});
