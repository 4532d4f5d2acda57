/**
 * The model catalog in the registry tab, in a real JupyterLab against the embedded
 * catalog (Kubeflow Hub's sample catalog, the default, plus ui-tests/catalog): search and
 * filter, a model's page (README rendered by JupyterLab's Markdown renderer, sanitized),
 * register it, "Registered from" on the version, deploy it (the YAML preview).
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import * as path from 'path';

import { SCREENSHOTS } from './screenshots';

const LLM = 'certified/production-llm-8b';
const LLM_URI =
  'oci://registry.example.com/certified/production-llm-8b:validated-v1.0';

async function openCatalog(page: IJupyterLabPageFixture) {
  await page.waitForFunction(() =>
    (window as any).jupyterapp.commands.hasCommand(
      'kubeflow:open-model-catalog'
    )
  );
  await page.evaluate(async () => {
    await (window as any).jupyterapp.commands.execute(
      'kubeflow:open-model-catalog'
    );
  });
  const tab = page.locator('[id^="kubeflow-registry"]');
  await expect(tab.getByRole('tab', { name: 'Model catalog' })).toHaveAttribute(
    'aria-selected',
    'true'
  );
  return tab;
}

function cards(tab: ReturnType<IJupyterLabPageFixture['locator']>) {
  return tab
    .getByRole('list', { name: 'Catalog models' })
    .getByRole('listitem');
}

test.describe('model catalog', () => {
  test.use({ autoGoto: true });

  test('search and filter the catalog, sources with their labels', async ({
    page
  }) => {
    const tab = await openCatalog(page);
    // Hub's sample catalog (16 models) and the UI tests' one: all on the first page
    await expect(cards(tab)).toHaveCount(17);
    const filters = tab.getByRole('complementary', { name: 'Catalog filters' });
    await expect(filters.getByText('Validated AI Models')).toBeVisible();
    await expect(
      filters.locator('.jp-kf-catalog-option', {
        hasText: 'Validated AI Models'
      })
    ).toContainText('Validated AI');

    await tab.getByLabel('Search the catalog').fill('embed');
    await expect(cards(tab)).toHaveCount(3); // debounced: the search applies alone
    await tab.getByLabel('Search the catalog').fill('');
    await expect(cards(tab)).toHaveCount(17);

    await filters
      .getByRole('checkbox', { name: 'translation', exact: true })
      .check();
    await expect(cards(tab)).toHaveCount(1);
    await expect(cards(tab).first()).toHaveAttribute(
      'data-model-name',
      'alpha-labs/translation-mini-1b'
    );
    await filters
      .getByRole('checkbox', { name: 'text-embedding', exact: true })
      .check();
    await expect(cards(tab)).toHaveCount(2); // one of the tasks
    await tab.getByRole('button', { name: 'Clear filters' }).click();

    await filters.getByRole('checkbox', { name: 'MIT', exact: true }).check();
    await filters
      .getByRole('radio', { name: 'Validated AI', exact: true })
      .check();
    await expect(cards(tab)).toHaveCount(2);
    await expect(cards(tab).first()).toHaveAttribute(
      'data-model-name',
      'certified/analytics-forecaster-5b'
    );
    await filters
      .getByRole('checkbox', { name: 'Apache 2.0', exact: true })
      .check();
    await expect(cards(tab)).toHaveCount(5); // one of the licences, within the label
    await tab.getByRole('button', { name: 'Clear filters' }).click();
    await tab.getByLabel('Sort catalog by').selectOption('NAME');
    await tab.getByRole('button', { name: /Ascending; switch/ }).click();
    await expect(cards(tab).first()).toHaveAttribute(
      'data-model-name',
      'ui-tests/untrusted-readme'
    );
    await tab
      .locator('.jp-kf-catalog')
      .screenshot({ path: path.join(SCREENSHOTS, 'registry-catalog.png') });
  });

  test('a README is rendered as Markdown, and nothing in it runs', async ({
    page
  }) => {
    const tab = await openCatalog(page);
    await tab
      .getByRole('button', { name: 'Open ui-tests/untrusted-readme' })
      .click();
    const readme = tab.getByLabel('README');
    await expect(
      readme.getByRole('heading', { name: 'Untrusted README' })
    ).toBeVisible();
    await expect(readme.locator('strong')).toHaveText('Markdown');
    await expect(readme.locator('script')).toHaveCount(0);
    await expect(readme.locator('[onerror]')).toHaveCount(0);
    await expect(readme.locator('a[href^="javascript:"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as any).kubeflowCatalogXss)).toBe(
      undefined
    );
  });

  test('open a model, register it, see where it came from, deploy it', async ({
    page
  }) => {
    const tab = await openCatalog(page);
    await tab.getByLabel('Search the catalog').fill('production-llm');
    await expect(cards(tab)).toHaveCount(1);
    await tab.getByRole('button', { name: `Open ${LLM}` }).click();

    const modelPage = tab.getByRole('article', {
      name: `Catalog model ${LLM}`
    });
    const readme = modelPage.getByLabel('README');
    await expect(
      readme.getByRole('heading', { name: 'Production-LLM-8B (Validated)' })
    ).toBeVisible();
    await expect(readme.locator('pre code').first()).toContainText(
      'AutoModelForCausalLM'
    );
    await expect(modelPage.getByLabel('Artifact URI')).toHaveText(LLM_URI);
    await expect(
      modelPage.getByRole('button', { name: `Copy URI ${LLM_URI}` })
    ).toBeVisible();
    const performance = modelPage.getByRole('region', { name: 'Performance' });
    await expect(performance.locator('tbody tr')).toHaveCount(3);
    await expect(performance.locator('tbody')).toContainText('2 × H100');
    await modelPage.screenshot({
      path: path.join(SCREENSHOTS, 'registry-catalog-model.png')
    });

    await modelPage.getByRole('button', { name: 'Register…' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog.locator('input[name="modelName"]')).toHaveValue(LLM);
    await expect(dialog.locator('input[name="uri"]')).toHaveValue(LLM_URI);
    await expect(dialog.locator('input[name="modelFormatName"]')).toHaveValue(
      'huggingface'
    );
    await expect(dialog.getByLabel('Label 1 of the new version')).toHaveValue(
      'text-generation'
    );
    // a name of this run's own, so runs of the suite on one server never meet
    const name = `production-llm-${Date.now()}`;
    await dialog.locator('input[name="modelName"]').fill(name);
    await expect(dialog.locator('input[name="versionName"]')).toHaveValue(
      /^Version \d+$/
    );
    await dialog.locator('.jp-Dialog-footer .jp-mod-accept').click();
    await expect(dialog).toHaveCount(0);

    // the registry opens at the new version, which says where it came from
    await expect(
      tab.getByRole('tab', { name: 'Registered models' })
    ).toHaveAttribute('aria-selected', 'true');
    const registeredFrom = tab.getByRole('region', { name: 'Registered from' });
    await expect(registeredFrom).toContainText(LLM);
    await expect(registeredFrom).toContainText('validated_ai_models');
    await expect(
      tab.getByRole('listbox', { name: 'Models' }).getByRole('option', { name })
    ).toHaveAttribute('aria-selected', 'true');

    // Deploy works as from any version: the InferenceService YAML
    await tab.getByRole('button', { name: 'Deploy…' }).click();
    const deploy = page.locator('.jp-Dialog');
    await deploy.locator('input[name="name"]').fill('production-llm');
    await expect(deploy.locator('input[name="runtime"]')).toHaveValue(
      'kserve-huggingfaceserver'
    );
    await deploy.getByRole('button', { name: 'Preview' }).click();
    const yaml = deploy.getByLabel('InferenceService YAML');
    await expect(yaml).toContainText('kind: InferenceService');
    await expect(yaml).toContainText(`storageUri: ${LLM_URI}`);
    await expect(yaml).toContainText('name: huggingface');
    await deploy.getByRole('button', { name: 'Close' }).click();
    await expect(deploy).toHaveCount(0);

    // and the link leads back to the catalog model
    await registeredFrom.getByRole('button', { name: LLM }).click();
    await expect(
      tab.getByRole('article', { name: `Catalog model ${LLM}` })
    ).toBeVisible();
  });
});
