/**
 * Pending updates in one step, and a restart that applies a change to a pod that is not
 * ready (issue 23 items 4 and 8), against make cluster's kube-apiserver. The Notebooks
 * controller's part (status) is played with kubectl, as it writes it: a redirect chain
 * with pendingRestart (getImageConfig), Error while the pod cannot start, Paused once
 * the pod is gone.
 */
import { expect, test } from '@jupyterlab/galata';
import * as fs from 'fs';
import {
  createWorkspace,
  deleteWorkspaces,
  getWorkspace,
  KUBECONFIG,
  kubectl,
  NAMESPACE,
  openCard,
  openPanel,
  setState
} from './workspaces-kube';

const OLD = 'jupyter-scipy:v1.9.2';
const NEW = 'jupyter-scipy:v1.10.0';

/** The controller's status of a workspace whose kind redirects OLD to NEW. */
function withUpdate(name: string, state: string): void {
  setState(name, state, `Workspace is ${state.toLowerCase()}`, {
    pendingRestart: true,
    podTemplateOptions: {
      imageConfig: {
        desired: NEW,
        redirectChain: [{ source: OLD, target: NEW }]
      },
      podConfig: { desired: 'tiny_cpu', redirectChain: [] }
    }
  });
}

test.describe('Pending updates and restarts', () => {
  test.use({ mockState: false, viewport: { width: 1024, height: 1200 } });

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
  });

  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const [stop, defer, start, broken] = ['st', 'df', 'sa', 'er'].map(
    tag => `ui-u-${suffix}-${tag}`
  );

  const plainPVC = `ui-u-${suffix}-plain`;

  test.afterAll(() => {
    deleteWorkspaces([stop, defer, start, broken]);
    kubectl(['delete', 'pvc', '--ignore-not-found', '--wait=false', plainPVC]);
  });

  test('the create form: label filters, hidden options, redirects explained, unmountable PVCs', async ({
    page
  }) => {
    // A claim made by another tool, not opted in (no can-mount label).
    kubectl(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: plainPVC, namespace: NAMESPACE },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } }
        }
      })
    );
    await page.goto();
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: '+ New', exact: true }).click();
    const form = panel.getByRole('form', {
      name: `Create a workspace in ${NAMESPACE}`
    });
    const image = form.getByLabel('Image', { exact: true });
    const pod = form.getByLabel('Pod config', { exact: true });

    // Hidden options only behind the toggle.
    const hidden = image.locator('option[value="jupyter-scipy:v1.8.0"]');
    await expect(hidden).toHaveCount(0);
    await form.getByLabel('Show hidden options (1)').check();
    await expect(hidden).toHaveText(/\(hidden\)/);

    // Options filtered by their labels (gpu=1 leaves Big GPU, and the current choice).
    const podField = form.locator('.jp-KubeflowWorkspaces-field', {
      has: page.getByLabel('Pod config', { exact: true })
    });
    await podField.getByText('Filter by label').click();
    await podField.getByRole('button', { name: 'gpu=1' }).click();
    await expect(pod.locator('option')).toHaveText([/Tiny CPU/, /Big GPU/]);

    // A redirected option is explained before it is chosen; its target may be taken.
    await image.selectOption('jupyter-scipy:v1.9.2');
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('redirects this image to');
    await dialog
      .getByRole('button', { name: 'Choose jupyter-scipy:v1.10.0' })
      .click();
    await expect(image).toHaveValue('jupyter-scipy:v1.10.0');

    // A PVC that may not be mounted is marked, and cannot be chosen.
    await form.getByRole('button', { name: '+ Add data volume' }).click();
    const plain = form
      .getByLabel('Data volume 1 PVC')
      .locator(`option[value="${plainPVC}"]`);
    await expect(plain).toHaveAttribute('data-can-mount', 'false');
    await expect(plain).toBeDisabled();
    await expect(plain).toContainText('may not be mounted');
  });

  test('"Update and stop", "Stop and defer updates" and "Update and start"', async ({
    page
  }) => {
    const old = { imageConfig: OLD };
    createWorkspace(stop, 'To update and stop', false, old);
    createWorkspace(defer, 'To stop only', false, old);
    createWorkspace(start, 'To update and start', true, old);
    withUpdate(stop, 'Running');
    withUpdate(defer, 'Running');
    withUpdate(start, 'Paused');

    await page.goto();
    const panel = await openPanel(page);
    const dialog = page.locator('.jp-Dialog');

    const stopCard = await openCard(panel, stop);
    await expect(stopCard).toContainText('Update available');
    await stopCard.getByRole('button', { name: `Pause ${stop}` }).click();
    await expect(dialog).toContainText(`${OLD} → ${NEW}`);
    await dialog
      .getByRole('button', { name: `Update and stop ${stop}` })
      .click();
    await expect.poll(() => getWorkspace(stop)?.spec?.paused).toBe(true);
    expect(getWorkspace(stop).spec.podTemplate.options.imageConfig).toBe(NEW);

    const deferCard = await openCard(panel, defer);
    await deferCard.getByRole('button', { name: `Pause ${defer}` }).click();
    await dialog
      .getByRole('button', { name: `Stop and defer updates ${defer}` })
      .click();
    await expect.poll(() => getWorkspace(defer)?.spec?.paused).toBe(true);
    expect(getWorkspace(defer).spec.podTemplate.options.imageConfig).toBe(OLD);

    const startCard = await openCard(panel, start);
    await startCard.getByRole('button', { name: `Resume ${start}` }).click();
    await expect(dialog).toContainText(`${OLD} → ${NEW}`);
    await dialog
      .getByRole('button', { name: `Update and start ${start}` })
      .click();
    await expect.poll(() => getWorkspace(start)?.spec?.paused).toBe(false);
    expect(getWorkspace(start).spec.podTemplate.options.imageConfig).toBe(NEW);
  });

  test('an edit of a workspace in Error says so, and Save and restart applies it', async ({
    page
  }) => {
    createWorkspace(broken, 'Broken image');
    setState(broken, 'Error', 'Back-off pulling image "jupyter-scipy:v9"');

    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, broken);
    await expect(card.locator('[data-changes-apply="restart"]')).toBeVisible();
    await expect(
      card.getByRole('button', { name: `Restart ${broken}` })
    ).toBeVisible();

    await card.getByRole('button', { name: `Edit ${broken}` }).click();
    const edit = panel.getByRole('form', { name: `Edit workspace ${broken}` });
    await edit.getByLabel('Pod config').selectOption('small_cpu');
    // The truth: not "Saving restarts the workspace now".
    await expect(edit.locator('[data-changes-apply="restart"]')).toContainText(
      'its pod is not ready'
    );
    await expect(edit).not.toContainText('Saving restarts the workspace now');
    await edit.getByRole('button', { name: 'Save and restart' }).click();
    await expect(edit).toHaveCount(0);
    await expect
      .poll(() => getWorkspace(broken)?.spec?.podTemplate?.options?.podConfig)
      .toBe('small_cpu');
    expect(getWorkspace(broken).spec.paused).toBe(true);
    const badge = card.locator('.jp-KubeflowWorkspaces-badge');
    await expect(badge).toHaveText('Restarting…');

    // The controller: the pod is gone (Paused); the Jupyter server resumes it.
    setState(broken, 'Paused', 'Workspace is paused');
    await expect.poll(() => getWorkspace(broken)?.spec?.paused).toBe(false);
    await expect(badge).toHaveText('Starting…');
  });
});
