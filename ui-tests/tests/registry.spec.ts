/**
 * The model registry tab in a real JupyterLab against the real embedded registry: find a
 * model made through the registry's own REST API, register a file from the file browser,
 * archive and restore a version.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { callAPI, REGISTRY_API } from './api';
import { SCREENSHOTS } from './screenshots';
import { freePort, ISecondLab, startLab, stopLab } from './second-lab';

/** Right-click an item of the file browser and choose Register as Model… */
async function registerFromFileBrowser(
  page: IJupyterLabPageFixture,
  selector: string
): Promise<void> {
  const item = page.locator(selector);
  const menuItem = page.getByRole('menuitem', { name: 'Register as Model…' });
  // the listing may re-render under the pointer right after an upload: retry the menu
  await expect(async () => {
    if (await menuItem.isVisible()) {
      return;
    }
    await page.keyboard.press('Escape');
    await item.click({ button: 'right' });
    await expect(menuItem).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 30000 });
  await menuItem.click();
}

/** The registry plugin's commands exist once JupyterLab has activated it. */
async function registryReady(page: IJupyterLabPageFixture): Promise<void> {
  await page.waitForFunction(() =>
    (window as any).jupyterapp.commands.hasCommand('kubeflow:open-registry')
  );
}

/**
 * In the lab at `url`: write a small file `<prefix>-<time>.onnx` and open the register
 * dialog on it (the command, as the file browser's menu runs it); the file's name.
 */
async function openRegisterDialog(
  page: IJupyterLabPageFixture,
  url: string,
  prefix: string
): Promise<string> {
  await page.goto(url);
  await registryReady(page);
  const file = `${prefix}-${Date.now()}.onnx`;
  const put = await page.evaluate(
    async name =>
      (
        await fetch(`/api/contents/${name}`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            type: 'file',
            format: 'text',
            content: 'weights'
          })
        })
      ).status,
    file
  );
  expect(put).toBe(201);
  void page.evaluate(
    name =>
      (window as any).jupyterapp.commands.execute('kubeflow:register-model', {
        path: name
      }),
    file
  );
  return file;
}

async function openRegistry(page: IJupyterLabPageFixture) {
  await registryReady(page);
  await page.evaluate(async () => {
    await (window as any).jupyterapp.commands.execute('kubeflow:open-registry');
  });
  const tab = page.locator('[id^="kubeflow-registry"]');
  await expect(tab).toBeVisible();
  return tab;
}

async function findModel(
  tab: ReturnType<IJupyterLabPageFixture['locator']>,
  name: string
) {
  await tab.getByLabel('Model state').selectOption('ALL');
  await tab.getByLabel('Search models by name').fill(name);
  const models = tab.getByRole('listbox', { name: 'Models' });
  // the search is debounced: only the searched model remains
  await expect(models.getByRole('option')).toHaveCount(1);
  const option = models.getByRole('option', { name, exact: true });
  await option.click();
  return option;
}

test.describe('model registry', () => {
  test.use({ autoGoto: true });

  test('a model made through the REST API is found by search, with its version', async ({
    page,
    tmpPath
  }) => {
    const name = `iris-api-${Date.now()}`;
    const notebookPath = `${tmpPath}/train.ipynb`;
    await page.contents.uploadContent(
      JSON.stringify({
        cells: [],
        metadata: {},
        nbformat: 4,
        nbformat_minor: 5
      }),
      'text',
      notebookPath
    );
    const uri = `s3://models/${name}/model.onnx`;
    const model = await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/registered_models`,
      {
        name,
        description: 'made by the UI test'
      }
    );
    const version = await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/registered_models/${model.id}/versions`,
      {
        name: 'v1',
        registeredModelId: model.id,
        author: 'ui-test',
        customProperties: {
          accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.97 },
          production: { metadataType: 'MetadataStringValue', string_value: '' },
          'kubeflow.notebook': {
            metadataType: 'MetadataStringValue',
            string_value: notebookPath
          }
        }
      }
    );
    await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/model_versions/${version.id}/artifacts`,
      {
        artifactType: 'model-artifact',
        name: 'model',
        uri,
        modelFormatName: 'onnx',
        modelFormatVersion: '1'
      }
    );

    const tab = await openRegistry(page);
    await findModel(tab, name);
    const versions = tab.getByRole('listbox', { name: `Versions of ${name}` });
    // keyboard: focus the version row and press Enter
    await versions.getByRole('option', { name: 'v1', exact: true }).focus();
    await page.keyboard.press('Enter');

    const details = tab.locator('.jp-kf-registry-version');
    await expect(details.getByLabel('Artifact URI')).toHaveText(uri);
    await expect(
      details.locator('.jp-kf-registry-facts').first()
    ).toContainText('ui-test');
    await expect(
      details.getByLabel('Labels of version v1', { exact: true })
    ).toContainText('production');
    await expect(
      details.getByLabel('Properties of version v1', { exact: true })
    ).toContainText('0.97');
    await expect(
      details.getByRole('button', { name: 'train.ipynb' })
    ).toBeVisible();

    // edit a property inline: saved by PATCH, read back from the server
    await details
      .getByRole('button', { name: 'Edit labels and properties of version v1' })
      .click();
    await details.getByLabel('Property 1 value of version v1').fill('0.98');
    await details.getByRole('button', { name: 'Save' }).click();
    await expect(
      details.getByLabel('Properties of version v1', { exact: true })
    ).toContainText('0.98');
    const saved = await callAPI(
      page,
      'GET',
      `${REGISTRY_API}/model_versions/${version.id}`
    );
    expect(saved.customProperties.accuracy).toEqual({
      metadataType: 'MetadataDoubleValue',
      double_value: 0.98
    });
    expect(saved.customProperties.production.string_value).toBe('');

    // and the description
    await details
      .getByRole('button', { name: 'Edit description of version v1' })
      .click();
    await details
      .getByLabel('Description of version v1', { exact: true })
      .fill('trained on iris, 150 rows');
    await details
      .getByRole('button', { name: 'Save description of version v1' })
      .click();
    await expect(details.getByText('trained on iris, 150 rows')).toBeVisible();
    const described = await callAPI(
      page,
      'GET',
      `${REGISTRY_API}/model_versions/${version.id}`
    );
    expect(described.description).toBe('trained on iris, 150 rows');

    // lineage: the notebook link opens the notebook in JupyterLab
    await details.getByRole('button', { name: 'train.ipynb' }).click();
    await expect(
      page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
        hasText: 'train.ipynb'
      })
    ).toBeVisible();
    await expect(page.locator('.jp-NotebookPanel:visible')).toHaveCount(1);
  });

  test('register a file from the file browser, then archive and restore its version', async ({
    page,
    tmpPath
  }) => {
    const stamp = Date.now();
    const file = `weights-${stamp}.onnx`;
    const name = `uploaded-${stamp}`;
    await page.contents.uploadContent(
      'not really onnx, but bytes',
      'text',
      `${tmpPath}/${file}`
    );
    await page.filebrowser.refresh();
    await registerFromFileBrowser(
      page,
      `.jp-DirListing-item[data-isdir]:has-text("${file}")`
    );

    const dialog = page.locator('.jp-Dialog');
    await expect(
      dialog.getByRole('form', { name: 'Register as model' })
    ).toBeVisible();
    const modelName = dialog.locator('input[name="modelName"]');
    // validation as you type
    await modelName.fill('');
    await expect(dialog.getByText('Model name is required.')).toBeVisible();
    await modelName.fill(name);
    await expect(dialog.locator('input[name="versionName"]')).toHaveValue('v1');
    await expect(dialog.locator('input[name="modelFormatName"]')).toHaveValue(
      'onnx'
    );
    await dialog.locator('input[name="modelFormatVersion"]').fill('1');
    await dialog
      .locator('textarea[name="description"]')
      .fill('registered from the file browser');
    await dialog.getByRole('button', { name: 'Add property' }).click();
    await dialog
      .getByLabel('Property 1 key of the new version')
      .fill('dataset');
    await dialog.getByLabel('Property 1 value of the new version').fill('iris');
    await dialog.getByRole('button', { name: 'Add label' }).click();
    await dialog.getByLabel('Label 1 of the new version').fill('candidate');
    await page.setViewportSize({ width: 1400, height: 1000 });
    await dialog
      .locator('.jp-Dialog-body')
      .evaluate(node => (node.scrollTop = 0));
    await dialog
      .locator('.jp-Dialog-content')
      .screenshot({ path: path.join(SCREENSHOTS, 'registry-register.png') });
    // the author defaults to the signed-in Jupyter user
    const author = await dialog.locator('input[name="author"]').inputValue();
    expect(author).not.toBe('');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toHaveCount(0);

    // when the upload is done the tab opens at the new version
    const tab = page.locator('[id^="kubeflow-registry"]');
    const details = tab.locator('.jp-kf-registry-version');
    // (the upload job runs on the server; give a loaded machine time)
    await expect(details.locator('h3')).toContainText(`${name} / v1`, {
      timeout: 90000
    });
    await expect(details.getByLabel('Artifact URI')).toContainText(file);
    const copy = details.getByRole('button', { name: /^Copy URI of / });
    await copy.click();
    await expect(copy).toHaveText('Copied');
    await expect(
      details.locator('.jp-kf-registry-facts').first()
    ).toContainText(author);
    await expect(
      details.getByLabel('Properties of version v1', { exact: true })
    ).toContainText('iris');
    await expect(
      details.getByLabel('Labels of version v1', { exact: true })
    ).toContainText('candidate');
    await expect(details.locator('.jp-kf-registry-artifact')).toContainText(
      'onnx 1'
    );
    // the picture: a roomier window, the side bar folded, the toast gone
    await page.setViewportSize({ width: 1400, height: 800 });
    await page.sidebar.close('left');
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'apputils:dismiss-notification',
        {}
      );
    });
    await page.locator('.Toastify__toast').waitFor({ state: 'detached' });
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'registry.png') });
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'apputils:change-theme',
        {
          theme: 'JupyterLab Dark'
        }
      );
    });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    await page.locator('#jupyterlab-splash').waitFor({ state: 'detached' });
    await tab.screenshot({ path: path.join(SCREENSHOTS, 'registry-dark.png') });
    await page.evaluate(async () => {
      await (window as any).jupyterapp.commands.execute(
        'apputils:change-theme',
        {
          theme: 'JupyterLab Light'
        }
      );
    });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'true'
    );
    await page.sidebar.open('left');

    // a second registration of the same model proposes v2 and refuses a taken v1
    await registerFromFileBrowser(
      page,
      `.jp-DirListing-item[data-isdir]:has-text("${file}")`
    );
    await dialog.locator('input[name="modelName"]').fill(name);
    await expect(dialog.locator('input[name="versionName"]')).toHaveValue('v2');
    await dialog.locator('input[name="versionName"]').fill('v1');
    await expect(
      dialog.getByText('Version "v1" already exists in this model')
    ).toBeVisible();
    // v2 taken meanwhile (through the REST API): the server's 409 shows at the field
    await dialog.locator('input[name="versionName"]').fill('v2');
    const created = await callAPI(
      page,
      'GET',
      `${REGISTRY_API}/registered_model?name=${encodeURIComponent(name)}`
    );
    await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/registered_models/${created.id}/versions`,
      { name: 'v2', registeredModelId: created.id }
    );
    await dialog.getByRole('button', { name: 'Register' }).click();
    // the refusal shows at the field it names (and describes it)
    await expect(
      dialog.locator('input[name="versionName"]')
    ).toHaveAccessibleDescription(/already has a version 'v2'/);
    await expect(dialog).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);

    // archive (asks first), see Archived; restore, see Live
    const badge = details.locator(
      '.jp-kf-registry-header .jp-kf-registry-badge'
    );
    await expect(badge).toHaveText('Live');
    await details.getByRole('button', { name: 'Archive version v1' }).click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Archive' })
      .click();
    await expect(badge).toHaveText('Archived');
    const versionRow = tab
      .getByRole('listbox', { name: `Versions of ${name}` })
      .getByRole('option', { name: 'v1', exact: true });
    await expect(versionRow.locator('.jp-kf-registry-badge')).toHaveText(
      'Archived'
    );
    await details.getByRole('button', { name: 'Restore version v1' }).click();
    await expect(badge).toHaveText('Live');
    await expect(versionRow.locator('.jp-kf-registry-badge')).toHaveText(
      'Live'
    );
  });

  test('deploy: name checked as you type, YAML preview, Deploy applies it to the cluster', async ({
    page
  }) => {
    const name = `deployable-${Date.now()}`;
    const uri = `s3://models/${name}/model.onnx`;
    const model = await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/registered_models`,
      { name }
    );
    const version = await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/registered_models/${model.id}/versions`,
      { name: 'v1', registeredModelId: model.id }
    );
    await callAPI(
      page,
      'POST',
      `${REGISTRY_API}/model_versions/${version.id}/artifacts`,
      {
        artifactType: 'model-artifact',
        name: 'model',
        uri,
        modelFormatName: 'onnx'
      }
    );
    // `make test` starts the cluster (`make cluster`): Deploy has one path, the real one.
    // A just-started API server answers 429 while its storage initializes, so the status
    // may take a moment to say connected; if it never does, the test fails.
    await expect
      .poll(
        async () =>
          (await callAPI(page, 'GET', '/kubeflow/api/status')).workspaces,
        {
          message: 'no Kubernetes cluster is connected: run `make cluster`',
          timeout: 60000
        }
      )
      .toMatchObject({ connected: true });

    await registryReady(page);
    await page.evaluate(
      async ({ modelId, versionId }) => {
        await (window as any).jupyterapp.commands.execute(
          'kubeflow:open-registry',
          {
            modelId,
            versionId
          }
        );
      },
      { modelId: model.id, versionId: version.id }
    );
    const tab = page.locator('[id^="kubeflow-registry"]');
    await tab.getByRole('button', { name: 'Deploy…' }).click();

    const dialog = page.locator('.jp-Dialog');
    const nameInput = dialog.locator('input[name="name"]');
    await expect(nameInput).toHaveValue(`${name}-v1`);
    await nameInput.fill('Bad_Name');
    await expect(
      dialog.getByText('is not a valid DNS-1123 label')
    ).toBeVisible();
    await expect(
      dialog.getByRole('button', { name: 'Preview' })
    ).toBeDisabled();
    await nameInput.fill('iris-serving');
    await expect(dialog.locator('input[name="runtime"]')).toHaveValue(
      'kserve-tritonserver'
    );
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const yaml = dialog.getByLabel('InferenceService YAML');
    await expect(yaml).toContainText('kind: InferenceService');
    await expect(yaml).toContainText('name: iris-serving');
    await expect(yaml).toContainText(`storageUri: ${uri}`);
    await expect(
      dialog.getByRole('button', { name: 'Copy YAML' })
    ).toBeVisible();
    await dialog
      .locator('.jp-Dialog-content')
      .screenshot({ path: path.join(SCREENSHOTS, 'registry-deploy.png') });

    const deploy = dialog.locator('.jp-Dialog-footer .jp-mod-accept');
    await expect(deploy).toBeEnabled();
    await deploy.click();
    // make cluster has the InferenceService CRD (a stand-in for KServe's): the
    // InferenceService is applied, the dialog closes, and the registry records it.
    await expect(dialog).toHaveCount(0);
    await expect(
      tab.getByRole('region', { name: 'Deployments' })
    ).toContainText('iris-serving (kserve-tritonserver) — DEPLOYED');
    // The deploy ends in the notification centre (where it stays after its toast has
    // gone), the version one click away.
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute(
        'apputils:display-notifications'
      )
    );
    const deployed = page
      .locator('.jp-Notification-Center .Toastify__toast')
      .filter({ hasText: /as InferenceService [a-z0-9-]+\/iris-serving\./ });
    await expect(deployed).toContainText('Deployed');
    await expect(
      deployed.getByRole('button', { name: 'Open version' })
    ).toBeVisible();
    const services = await callAPI(
      page,
      'GET',
      `${REGISTRY_API}/inference_services?pageSize=1000`
    );
    expect(
      services.items.filter(
        (service: any) =>
          service.name === 'iris-serving' &&
          service.modelVersionId === version.id
      )
    ).toHaveLength(1);
  });

  test('sorting and the state filter', async ({ page }) => {
    const stamp = `sort-${Date.now()}`;
    const ids: Record<string, string> = {};
    for (const suffix of ['b', 'a', 'c']) {
      const model = await callAPI(
        page,
        'POST',
        `${REGISTRY_API}/registered_models`,
        {
          name: `${stamp}-${suffix}`
        }
      );
      ids[suffix] = model.id;
    }
    await callAPI(page, 'PATCH', `${REGISTRY_API}/registered_models/${ids.c}`, {
      state: 'ARCHIVED'
    });

    const tab = await openRegistry(page);
    const models = tab.getByRole('listbox', { name: 'Models' });
    const names = models.locator('.jp-kf-registry-itemName');
    await tab.getByLabel('Search models by name').fill(stamp);
    await tab.getByLabel('Sort by').selectOption('NAME');
    const ascending = tab.getByRole('button', { name: /switch to descending/ });
    const descending = tab.getByRole('button', { name: /switch to ascending/ });
    if (await descending.isVisible()) {
      await descending.click();
    }
    await expect(ascending).toBeVisible();
    // Live only: the archived one is hidden
    await expect(names).toHaveText([`${stamp}-a`, `${stamp}-b`]);
    await ascending.click();
    await expect(names).toHaveText([`${stamp}-b`, `${stamp}-a`]);
    await tab.getByLabel('Model state').selectOption('ARCHIVED');
    await expect(names).toHaveText([`${stamp}-c`]);
    await expect(models.locator('.jp-kf-registry-badge')).toHaveText(
      'Archived'
    );
    await tab.getByLabel('Model state').selectOption('ALL');
    await expect(names).toHaveText([`${stamp}-c`, `${stamp}-b`, `${stamp}-a`]);

    // restore the archived model from its view: it is Live again
    await models
      .getByRole('option', { name: `${stamp}-c`, exact: true })
      .click();
    await tab.getByRole('button', { name: `Restore model ${stamp}-c` }).click();
    await tab.getByLabel('Model state').selectOption('LIVE');
    await expect(names).toHaveText([`${stamp}-c`, `${stamp}-b`, `${stamp}-a`]);
  });

  test('an empty search says so; Refresh picks up new models', async ({
    page
  }) => {
    const tab = await openRegistry(page);
    await expect(tab.getByLabel('Registry', { exact: true })).toContainText(
      'Embedded registry'
    );
    const name = `late-${Date.now()}`;
    await tab.getByLabel('Search models by name').fill(name);
    await expect(
      tab.getByText('No models match this search or filter.')
    ).toBeVisible();
    await expect(
      tab.getByText('Select a model to see its versions.')
    ).toBeVisible();
    // made elsewhere (the REST API): shown after Refresh
    await callAPI(page, 'POST', `${REGISTRY_API}/registered_models`, { name });
    await tab.getByRole('button', { name: 'Refresh' }).click();
    await expect(
      tab
        .getByRole('listbox', { name: 'Models' })
        .getByRole('option', { name, exact: true })
    ).toBeVisible();
  });

  test('paging with next and previous', async ({ page }) => {
    const stamp = `page-${Date.now()}`;
    // 52 models: one page of 50 and a second one of 2
    for (let start = 0; start < 52; start += 13) {
      await Promise.all(
        Array.from({ length: 13 }, (_, i) =>
          callAPI(page, 'POST', `${REGISTRY_API}/registered_models`, {
            name: `${stamp}-${String(start + i).padStart(2, '0')}`
          })
        )
      );
    }
    const tab = await openRegistry(page);
    const names = tab
      .getByRole('listbox', { name: 'Models' })
      .locator('.jp-kf-registry-itemName');
    await tab.getByLabel('Search models by name').fill(stamp);
    await tab.getByLabel('Sort by').selectOption('NAME');
    const descending = tab.getByRole('button', { name: /switch to ascending/ });
    if (await descending.isVisible()) {
      await descending.click();
    }
    await expect(names).toHaveCount(50);
    await expect(names.first()).toHaveText(`${stamp}-00`);
    const pages = tab.getByRole('navigation', { name: 'Model pages' });
    await expect(
      pages.getByRole('button', { name: 'Previous' })
    ).toBeDisabled();
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(names).toHaveText([`${stamp}-50`, `${stamp}-51`]);
    await expect(pages).toContainText('Page 2');
    await expect(pages.getByRole('button', { name: 'Next' })).toBeDisabled();
    await pages.getByRole('button', { name: 'Previous' }).click();
    await expect(names).toHaveCount(50);
    await expect(names.last()).toHaveText(`${stamp}-49`);
  });

  test('a registration in progress is cancelled from its notification', async ({
    page,
    tmpPath
  }) => {
    // A 4 GiB model (sparse: its size is real, its blocks are not), so the copy lasts.
    const config = JSON.parse(
      await page.locator('#jupyter-config-data').textContent()
    );
    const file = `${tmpPath}/large.bin`;
    const full = path.join(config.serverRoot, file);
    fs.writeFileSync(full, '');
    fs.truncateSync(full, 4 * 1024 ** 3);
    void page.evaluate(
      name =>
        (window as any).jupyterapp.commands.execute('kubeflow:register-model', {
          path: name
        }),
      file
    );
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input[name="modelName"]').fill('large-cancelled');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toHaveCount(0);
    const toast = page.locator('.Toastify__toast', {
      hasText: 'Registering large.bin'
    });
    await toast.getByRole('button', { name: 'Cancel' }).click();
    await expect(toast).toContainText(
      'Registering large.bin: cancelled, nothing was registered.'
    );
    const found = await page.evaluate(
      async url => (await fetch(url, { cache: 'no-store' })).status,
      `${REGISTRY_API}/registered_model?name=large-cancelled`
    );
    expect(found).toBe(404);
  });

  test('a folder registers too, and the launcher opens the tab', async ({
    page,
    tmpPath
  }) => {
    const folder = `bundle-${Date.now()}`;
    await page.contents.createDirectory(`${tmpPath}/${folder}`);
    await page.contents.uploadContent(
      '{"w": [1, 2]}',
      'text',
      `${tmpPath}/${folder}/weights.json`
    );
    await page.contents.uploadContent(
      '{"cfg": true}',
      'text',
      `${tmpPath}/${folder}/config.json`
    );
    await page.filebrowser.refresh();
    await registerFromFileBrowser(
      page,
      `.jp-DirListing-item[data-isdir="true"]:has-text("${folder}")`
    );
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('input[name="modelName"]')).toHaveValue(folder);
    await expect(dialog.locator('input[name="versionName"]')).toHaveValue('v1');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toHaveCount(0);
    const tab = page.locator('[id^="kubeflow-registry"]');
    const details = tab.locator('.jp-kf-registry-version');
    await expect(details.locator('h3')).toContainText(`${folder} / v1`, {
      timeout: 90000
    });
    await expect(details.getByLabel('Artifact URI')).toContainText(folder);

    // close the tab; the launcher card opens it again
    await page.evaluate(async () => {
      const app = (window as any).jupyterapp;
      for (const widget of Array.from(app.shell.widgets('main')) as any[]) {
        if (widget.id.startsWith('kubeflow-registry')) {
          widget.close();
        }
      }
      await app.commands.execute('launcher:create');
    });
    await expect(tab).toHaveCount(0);
    await page
      .locator('.jp-LauncherCard:visible', { hasText: 'Open Model Registry' })
      .click();
    await expect(tab.locator('.jp-kf-registry-layout')).toBeVisible();
  });

  test('a model already in storage, with its run lineage, registers by URI', async ({
    page
  }) => {
    // what a pipeline run view does: the command with a URI and the run's lineage
    const name = `from-run-${Date.now()}`;
    const uri = `s3://pipelines/${name}/model.onnx`;
    await registryReady(page);
    void page.evaluate(
      async ({ uri, name }) => {
        await (window as any).jupyterapp.commands.execute(
          'kubeflow:register-model',
          {
            uri,
            modelName: name,
            lineage: {
              notebook: 'train.ipynb',
              pipeline: 'train',
              runId: 'run-1234'
            }
          }
        );
      },
      { uri, name }
    );
    const dialog = page.locator('.jp-Dialog');
    await expect(
      dialog.getByText('already in storage: no upload')
    ).toBeVisible();
    await expect(dialog.locator('input[name="modelName"]')).toHaveValue(name);
    await expect(dialog.getByLabel('Lineage')).toContainText('run run-1234');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toHaveCount(0);

    const details = page.locator(
      '[id^="kubeflow-registry"] .jp-kf-registry-version'
    );
    await expect(details.locator('h3')).toContainText(`${name} / v1`, {
      timeout: 90000
    });
    await expect(details.getByLabel('Artifact URI')).toHaveText(uri);
    const lineage = details.getByRole('region', { name: 'Lineage' });
    await expect(lineage).toContainText('run-1234');
    await expect(lineage).toContainText('train');
    await expect(
      lineage.getByRole('button', { name: 'train.ipynb' })
    ).toBeVisible();
  });
});

test.describe('model registry, its S3 endpoint unreachable', () => {
  // A real failure of the upload job, after the dialog's checks passed: a second
  // `jupyter lab` whose S3 storage is an endpoint nothing listens on (port 9).
  let lab: ISecondLab | undefined;
  test.beforeAll(async () => {
    lab = await startLab(
      [
        '--KubeflowExtension.registry_s3_endpoint=http://127.0.0.1:9',
        '--KubeflowExtension.registry_s3_bucket=unreachable-models'
      ],
      { AWS_ACCESS_KEY_ID: 'ui-test', AWS_SECRET_ACCESS_KEY: 'ui-test-secret' }
    );
  });
  test.afterAll(() => stopLab(lab));

  test('the registration FAILS and its notification says why, whole under Details', async ({
    page
  }) => {
    const file = await openRegisterDialog(page, lab!.url, 'weights');
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('select[name="storage"]').selectOption('s3');
    const modelName = await dialog
      .locator('input[name="modelName"]')
      .inputValue();
    expect(modelName).not.toBe('');
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toHaveCount(0);

    const failed = page.locator('.Toastify__toast', {
      hasText: `Registering ${file} failed:`
    });
    await expect(failed).toContainText(
      "upload to S3 bucket 'unreachable-models' failed"
    );
    await expect(failed).toHaveClass(/Toastify__toast--error/);
    // a toast shows 140 characters (a folder's reason is often past them): Details
    // shows the message whole
    await failed.getByRole('button', { name: 'Details' }).click();
    const details = page.locator('.jp-Dialog');
    await expect(details).toContainText(
      `Registering ${file} failed: upload to S3 bucket 'unreachable-models' failed: `
    );
    await details.getByRole('button', { name: /Dismiss|Ok|Close/ }).click();
    await expect(details).toHaveCount(0);
    // nothing was registered, and no registry tab opened on a half-made version
    const found = await page.evaluate(
      async url => (await fetch(url, { cache: 'no-store' })).status,
      `${REGISTRY_API}/registered_model?name=${encodeURIComponent(modelName)}`
    );
    expect(found).toBe(404);
    await expect(page.locator('[id^="kubeflow-registry"]')).toHaveCount(0);
  });
});

test.describe('model registry, an external one', () => {
  // A second `jupyter lab` whose registry is external: the standalone registry
  // (`jupyter-kubeflow registry serve`), as a real Kubeflow Model Registry would be.
  let lab: ISecondLab | undefined;
  let registry: ChildProcess | undefined;
  test.beforeAll(async () => {
    const port = await freePort();
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'external-registry-'));
    registry = spawn(
      'jupyter-kubeflow',
      ['registry', 'serve', '--port', String(port), '--data-dir', data],
      { stdio: 'ignore' }
    );
    lab = await startLab([
      `--KubeflowExtension.registry_url=http://127.0.0.1:${port}`
    ]);
  });
  test.afterAll(async () => {
    await stopLab(lab);
    registry?.kill('SIGTERM');
  });

  test('a local file: the form says its file:// URI is of no use to the cluster, and asks', async ({
    page
  }) => {
    await openRegisterDialog(page, lab!.url, 'external');
    const dialog = page.locator('.jp-Dialog');
    const warning = dialog.getByLabel('Local file URI');
    await expect(warning).toContainText(
      'KServe in the cluster cannot read it, so this version cannot be deployed.'
    );
    await expect(warning).toContainText('No S3 or OCI storage is configured');
    await expect(
      dialog.locator('select[name="storage"] option[value="local"]')
    ).toHaveText('Local folder on this Jupyter server (file://)');
    const register = dialog.getByRole('button', { name: 'Register' });
    await register.click();
    // not sent: the form asks first
    await expect(dialog.getByRole('alert').first()).toContainText(
      'Choose S3 or OCI storage, or register it with a file:// URI all the same.'
    );
    await warning
      .getByLabel('Register it with a file:// URI all the same')
      .check();
    await register.click();
    await expect(dialog).toHaveCount(0);
    const tab = page.locator('[id^="kubeflow-registry"]');
    const details = tab.getByRole('region', { name: 'Version' });
    await expect(details.getByLabel('Artifact URI')).toContainText('file://', {
      timeout: 90000
    });
    // one model: the registry has not shown it sorts by name, so Name is said, not offered
    await expect(
      tab.getByLabel('Sort by').locator('option[value="NAME"]')
    ).toHaveText('Name (not applied by this registry)');
    await expect(
      tab.getByLabel('Sort by').locator('option[value="NAME"]')
    ).toBeDisabled();
  });
});
