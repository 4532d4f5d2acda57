/**
 * The Workspace kinds view (issue 23 item 3) against make cluster's kube-apiserver: the
 * kinds with their images, pod configs and ports, their workspaces and GPUs; a kind
 * created from YAML in JupyterLab's code editor, the API server's refusal shown at its
 * line; an unused kind deleted, a used one refused.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { SCREENSHOTS } from './screenshots';
import {
  createWorkspace,
  deleteWorkspaces,
  KUBECONFIG,
  kubectl,
  setState
} from './workspaces-kube';

const KIND = 'jupyterlab';

function kindJSON(name: string): any {
  return JSON.parse(kubectl(['get', 'workspacekind', name, '-o', 'json']));
}

/** The sample kind under another name, with a one-GPU pod config. */
function gpuKind(name: string): any {
  const kind = kindJSON(KIND);
  kind.metadata = { name };
  delete kind.status;
  kind.spec.podTemplate.options.podConfig.values.push({
    id: 'gpu_1',
    spawner: { displayName: '1 GPU', labels: [{ key: 'gpu', value: '1' }] },
    spec: {
      resources: { requests: { cpu: '1' }, limits: { 'nvidia.com/gpu': '1' } }
    }
  });
  return kind;
}

/** YAML of an object (JSON is YAML): what an administrator would paste. */
function asYaml(obj: unknown): string {
  return JSON.stringify(obj, null, 2);
}

async function openKinds(page: Page) {
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('kubeflow:open-workspace-kinds')
  );
  const view = page.getByRole('region', { name: 'Workspace kinds' });
  await expect(view).toBeVisible();
  return view;
}

/** Replace the editor's text, as a paste would. */
async function setEditorText(page: Page, editor: any, text: string) {
  await editor.locator('.cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}

test.describe('Workspace kinds view', () => {
  test.use({ mockState: false, viewport: { width: 1280, height: 1200 } });

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
  });

  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const used = `ui-kind-${suffix}`;
  const made = `ui-kind-${suffix}-new`;
  const workspaces = [`ui-k-${suffix}-run`, `ui-k-${suffix}-idle`];

  test.afterAll(() => {
    deleteWorkspaces(workspaces);
    kubectl(['delete', 'workspacekind', '--ignore-not-found', used, made]);
  });

  test('shows each kind with images, pod configs, ports, workspaces and GPUs', async ({
    page
  }) => {
    kubectl(['create', '-f', '-'], asYaml(gpuKind(used)));
    const gpu = { kind: used, podConfig: 'gpu_1' };
    createWorkspace(workspaces[0], 'Training', false, gpu);
    createWorkspace(workspaces[1], 'Idle GPU', true, gpu);
    setState(workspaces[0], 'Running', 'ok');
    setState(workspaces[1], 'Paused', 'paused');

    await page.goto();
    const view = await openKinds(page);
    const sample = view.locator(`[data-kind="${KIND}"]`);
    await expect(sample).toContainText('JupyterLab Notebook');
    const images = sample.getByRole('table', { name: `Images of ${KIND}` });
    await expect(
      images.locator('[data-image="jupyter-scipy:v1.10.0"]')
    ).toContainText(
      'ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0'
    );
    await expect(
      images.locator('[data-image="jupyter-scipy:v1.9.2"]')
    ).toContainText('↪ jupyter-scipy:v1.10.0');
    const configs = sample.getByRole('table', {
      name: `Pod configs of ${KIND}`
    });
    await expect(
      configs.locator('[data-pod-config="tiny_cpu"] [data-resources]')
    ).toHaveText('100m CPU, 128Mi memory');
    await expect(sample.locator('[data-detail="ports"]')).toContainText(
      'JupyterLab (jupyterlab, HTTP)'
    );

    // The kind with GPU workspaces: one running (in use), one paused (idle).
    const card = view.locator(`[data-kind="${used}"]`);
    await expect(card.locator('[data-detail="workspaces"]')).toHaveText(
      '2 workspaces (1 running)'
    );
    await expect(card.locator('[data-detail="gpus"]')).toHaveText(
      '1 in use of 2 requested, 1 idle GPU workspace'
    );
    await card.getByText('Its workspaces').click();
    await expect(
      card.locator(`[data-kind-workspace="${workspaces[0]}"]`)
    ).toContainText('Running, gpu_1, 1 GPU');
    // In use: Delete says why and does nothing.
    const remove = card.getByRole('button', { name: `Delete kind ${used}` });
    await expect(remove).toHaveAttribute('aria-disabled', 'true');
    await expect(remove).toHaveAttribute('title', /Used by 2 workspaces/);
    await card.screenshot({
      path: path.join(SCREENSHOTS, 'workspaces-kinds.png')
    });
  });

  test('creates a kind from YAML, shows the refusal at its line, deletes it', async ({
    page
  }) => {
    await page.goto();
    const view = await openKinds(page);
    await view
      .locator(`[data-kind="${KIND}"]`)
      .getByRole('button', { name: `Copy kind ${KIND}` })
      .click();
    const pane = view.getByRole('region', { name: 'Edit new kind as YAML' });
    const editor = pane.locator('.jp-KubeflowKinds-editor');
    await expect(editor).toContainText(`name: ${KIND}-copy`);

    // An image option without its image: the API server's schema refuses it.
    const broken = gpuKind(made);
    delete broken.spec.podTemplate.options.imageConfig.values[1].spec.image;
    await setEditorText(page, editor, asYaml(broken));
    await pane.getByRole('button', { name: 'Create' }).click();
    const field = 'spec.podTemplate.options.imageConfig.values[1].spec.image';
    await expect(
      pane.locator(`.jp-KubeflowKinds-errors [data-error-field="${field}"]`)
    ).toContainText('Required value');
    // At its place in the text: under the "spec" of that image option.
    const marked = editor.locator('.jp-KubeflowKinds-errorLine');
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText('"spec": {');
    await expect(editor.locator('.jp-KubeflowKinds-lineError')).toContainText(
      `${field}: Required value`
    );
    expect(kubectl(['get', 'workspacekind', '--ignore-not-found', made])).toBe(
      ''
    );

    await setEditorText(page, editor, asYaml(gpuKind(made)));
    await pane.getByRole('button', { name: 'Check' }).click();
    await expect(pane).toContainText('The cluster accepts it');
    await pane.getByRole('button', { name: 'Create' }).click();
    await expect(pane).toHaveCount(0);
    const card = view.locator(`[data-kind="${made}"]`);
    await expect(card).toBeVisible();
    expect(
      kindJSON(made).spec.podTemplate.options.podConfig.values
    ).toHaveLength(4);

    // Unused: deleted once confirmed.
    await card.getByRole('button', { name: `Delete kind ${made}` }).click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: `Delete kind ${made}` })
      .click();
    await expect(card).toHaveCount(0);
    expect(kubectl(['get', 'workspacekind', '--ignore-not-found', made])).toBe(
      ''
    );
  });
});
