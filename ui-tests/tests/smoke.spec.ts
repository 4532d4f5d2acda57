/**
 * Smoke tests, one per surface, against whatever `jupyter lab` this run starts.
 *
 * `make dist-test` runs them against the release wheel installed in fresh virtualenvs
 * (the newest JupyterLab pip resolves, and the oldest we support), with
 * JUPYTER_LAB_COMMAND naming that environment's `jupyter lab` (see playwright.config.js).
 * So they use Playwright alone, not galata's fixtures (galata follows the newest
 * JupyterLab), and go the user's way: the file browser's context menu, the
 * launcher, the left sidebar.
 */
import { expect, Page, test } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { notebook } from './notebooks';

const REPO = path.resolve(__dirname, '..', '..');
const KUBECONFIG = path.join(REPO, '.cluster', 'kubeconfig');
const NAMESPACE = 'team-a';
const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** JupyterLab is up and this extension's three plugins have registered their commands. */
async function openLab(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', error => errors.push(String(error)));
  page.on('console', message => {
    if (message.type() === 'error' && /kubeflow/i.test(message.text())) {
      errors.push(message.text());
    }
  });
  await page.goto('/lab');
  await page.waitForFunction(() => {
    const app = (window as any).jupyterapp;
    return (
      app !== undefined &&
      ['kubeflow:convert-notebook', 'kubeflow:open-registry'].every(id =>
        app.commands.hasCommand(id)
      )
    );
  });
  return errors;
}

/** A JSON call to the server from the page (the test server checks no token). */
async function callServer(
  page: Page,
  method: string,
  url: string,
  body?: unknown
): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const response = await fetch(url, {
        method,
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, url, body }
  );
}

test('pipelines: a notebook converts from the file browser, and the pipeline opens', async ({
  page
}) => {
  const errors = await openLab(page);
  const stem = `smoke-${SUFFIX}`;
  const saved = await callServer(page, 'PUT', `/api/contents/${stem}.ipynb`, {
    type: 'notebook',
    format: 'json',
    content: JSON.parse(
      notebook([
        { tags: ['step:load'], source: 'data = [1, 2, 3]' },
        { tags: ['step:total'], source: 'total = sum(data)\nprint(total)' }
      ])
    )
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('filebrowser:refresh')
  );

  const item = page.locator('.jp-DirListing-item[data-file-type="notebook"]', {
    hasText: `${stem}.ipynb`
  });
  await item.click({ button: 'right' });
  await page
    .getByRole('menuitem', { name: 'Convert to Kubeflow Pipeline' })
    .click();

  const view = page.locator('.jp-kubeflow-pipeline');
  await expect(view).toBeVisible();
  for (const step of ['load', 'total']) {
    await expect(
      view.locator(`.jp-kubeflow-node[data-step="${step}"]`)
    ).toBeVisible();
  }
  // The KFP v2 IR YAML, written beside the notebook by the installed kfp compiler.
  const listing = await callServer(page, 'GET', '/api/contents/?content=1');
  const written = (listing.body.content as { name: string }[])
    .map(entry => entry.name)
    .filter(name => name.startsWith(stem) && name.endsWith('.pipeline.yaml'));
  expect(written).toHaveLength(1);
  const yaml = await callServer(
    page,
    'GET',
    `/api/contents/${encodeURIComponent(written[0])}?content=1&type=file&format=text`
  );
  expect(yaml.body.content).toContain('pipelineInfo');
  expect(errors).toEqual([]);
});

test('registry: the tab opens from the launcher and lists a model', async ({
  page
}) => {
  const errors = await openLab(page);
  const name = `smoke-model-${SUFFIX}`;
  const made = await callServer(
    page,
    'POST',
    '/kubeflow/registry/api/model_registry/v1/registered_models',
    { name, description: 'made by the smoke test' }
  );
  expect(made.status, JSON.stringify(made.body)).toBeLessThan(300);

  // A new Launcher (the file browser's button), and the registry's card on it.
  await page
    .getByRole('button', { name: /New Launcher/ })
    .first()
    .click();
  await page
    .locator('.jp-LauncherCard:visible', { hasText: 'Open Model Registry' })
    .first()
    .click();

  const tab = page.locator('[id^="kubeflow-registry"]');
  await expect(tab).toBeVisible();
  await expect(
    tab
      .getByRole('listbox', { name: 'Models' })
      .getByRole('option', { name, exact: true })
  ).toBeVisible();
  expect(errors).toEqual([]);
});

/** The pinned kubectl that `make cluster` built (cluster/versions.sh says where). */
function kubectl(args: string[], input?: string): string {
  const binary = execFileSync(
    'bash',
    ['-c', 'source cluster/versions.sh && printf %s "$KUBECTL"'],
    { cwd: REPO, encoding: 'utf8' }
  );
  return execFileSync(
    binary,
    [
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      'admin',
      '-n',
      NAMESPACE,
      ...args
    ],
    { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }
  );
}

test('workspaces: the sidebar shows a workspace of the cluster', async ({
  page
}) => {
  if (!fs.existsSync(KUBECONFIG)) {
    throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
  }
  const name = `smoke-${SUFFIX}`;
  kubectl(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Workspace',
      metadata: { name, namespace: NAMESPACE },
      spec: {
        paused: true,
        displayName: 'Smoke test',
        kind: 'jupyterlab',
        podTemplate: {
          volumes: { data: [] },
          options: {
            imageConfig: 'jupyter-scipy:v1.10.0',
            podConfig: 'tiny_cpu'
          }
        }
      }
    })
  );
  try {
    const errors = await openLab(page);
    await page
      .locator(
        '.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="kubeflow-workspaces"]'
      )
      .click();
    const panel = page.locator('#kubeflow-workspaces');
    await expect(panel).toBeVisible();
    // The namespace picker searches: type the namespace, choose it (unless shown).
    const picker = panel.getByRole('combobox', { name: 'Namespace' });
    await expect(picker).toBeVisible();
    if ((await picker.inputValue()) !== NAMESPACE) {
      await picker.fill(NAMESPACE);
      await panel.getByRole('option', { name: NAMESPACE, exact: true }).click();
    }
    // The table: searched for the workspace, its row shows.
    await panel
      .getByRole('searchbox', { name: 'Search workspaces' })
      .fill(name);
    await expect(
      panel.locator(`tr[data-workspace-row="${name}"]`)
    ).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    kubectl(['delete', 'workspace', name, '--wait=false']);
  }
});
