/**
 * Notebook -> Kubeflow Pipeline in a real JupyterLab and the real server extension:
 * right-click a Kale-tagged notebook, convert, see the graph, edit a parameter, run it
 * locally with kfp.local, and see the metric computed from the edited parameter.
 */
import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

import { KfpFake } from './kfp-fake';
import { notebook } from './notebooks';
import { SCREENSHOTS } from './screenshots';

// load -> (double, square) -> report: two steps in parallel, values crossing every edge.
const TAGGED = notebook([
  { tags: ['imports'], source: 'import math' },
  { tags: ['pipeline-parameters'], source: 'factor = 2\nlabel = "demo"' },
  { tags: ['step:load'], source: '%matplotlib inline\ndata = [1, 2, 3]' },
  { tags: ['step:double'], source: 'doubled = [x * factor for x in data]' },
  {
    tags: ['step:square', 'image:python:3.12-slim', 'limit:cpu:500m'],
    source: 'squares = [x * x for x in data]'
  },
  {
    tags: ['step:report'],
    source: 'score = math.fsum(doubled) + sum(squares)\nprint(label, score)'
  },
  { tags: ['pipeline-metrics'], source: 'print(score)' }
]);

async function convertFromFileBrowser(
  page: import('@jupyterlab/galata').IJupyterLabPageFixture,
  name: string,
  screenshot?: string
): Promise<void> {
  await page.filebrowser.refresh();
  const item = page.locator(
    `.jp-DirListing-item[data-file-type="notebook"]:has-text("${name}")`
  );
  await item.click({ button: 'right' });
  const entry = page.getByRole('menuitem', {
    name: 'Convert to Kubeflow Pipeline'
  });
  await expect(entry).toBeVisible();
  if (screenshot) {
    await page.screenshot({ path: path.join(SCREENSHOTS, screenshot) });
  }
  await entry.click();
}

test.describe('notebook to pipeline', () => {
  test.use({ autoGoto: true });

  test('convert from the file browser, edit a parameter, run locally, see the metric', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(240000);
    await page.contents.uploadContent(TAGGED, 'text', `${tmpPath}/demo.ipynb`);
    await convertFromFileBrowser(page, 'demo.ipynb', 'pipelines-menu.png');

    // The view opens in the main area with the steps and the values between them.
    const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
      hasText: 'demo pipeline'
    });
    await expect(tab).toBeVisible();
    const view = page.locator('.jp-kubeflow-pipeline');
    await expect(view).toBeVisible();
    expect(
      await view.evaluate(
        el => el.closest('[id^="kubeflow-pipeline-"]') !== null
      )
    ).toBe(true);
    for (const step of ['load', 'double', 'square', 'report']) {
      await expect(
        view.locator(`.jp-kubeflow-node[data-step="${step}"]`)
      ).toBeVisible();
    }
    await expect(
      view.locator(
        '.jp-kubeflow-edge[data-source="load"][data-target="double"]'
      )
    ).toContainText('data');
    await expect(
      view.locator(
        '.jp-kubeflow-edge[data-source="square"][data-target="report"]'
      )
    ).toContainText('squares');

    // The magic line is dropped, and the view says so, naming the cell (the third); the
    // step tagged with another Python's image is warned that its pins may not install.
    const warnings = view.locator('.jp-kubeflow-warnings li');
    await expect(warnings).toHaveCount(2);
    await expect(warnings.nth(0)).toContainText(/cell 3: .*%matplotlib inline/);
    await expect(warnings.nth(1)).toContainText(
      /cell 5: step 'square' runs in python:3\.12-slim \(Python 3\.12\).*packages:none/
    );

    // Per step: its image and limits (the server's base image where none is tagged).
    await expect(view.locator('tr[data-step-row="square"]')).toContainText(
      'python:3.12-slim'
    );
    await expect(view.locator('tr[data-step-row="square"]')).toContainText(
      'cpu=500m'
    );
    await expect(view.locator('tr[data-step-row="load"]')).toContainText(
      /\S+ \(default\)/
    );

    // Parallel steps stand in one column: same x, different y.
    const box = async (step: string) =>
      (await view
        .locator(`.jp-kubeflow-node[data-step="${step}"]`)
        .boundingBox())!;
    const [double, square, load] = [
      await box('double'),
      await box('square'),
      await box('load')
    ];
    expect(double.x).toBeCloseTo(square.x, 0);
    expect(double.y).not.toBeCloseTo(square.y, 0);
    expect(double.x).toBeGreaterThan(load.x + load.width);

    // The compiled pipeline appears beside the notebook.
    await page.filebrowser.refresh();
    await expect(
      page.locator('.jp-DirListing-itemText', { hasText: 'demo.pipeline.yaml' })
    ).toBeVisible();

    // Validation as you type: a non-integer is refused and running is disabled.
    const factor = view.locator('input[data-parameter="factor"]');
    await expect(factor).toHaveValue('2');
    const runLocally = view.getByRole('button', { name: 'Run locally' });
    await factor.fill('two');
    await expect(view.locator('.jp-kubeflow-field-error')).toContainText(
      'factor must be a whole number'
    );
    await expect(runLocally).toBeDisabled();
    await factor.fill('5');
    await expect(view.locator('.jp-kubeflow-field-error')).toHaveCount(0);
    await expect(runLocally).toBeEnabled();

    await runLocally.click();
    const run = view.locator('.jp-kubeflow-run');
    await expect(run).toBeVisible();
    await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED', {
      timeout: 180000
    });
    for (const step of ['load', 'double', 'square', 'report']) {
      await expect(
        view.locator(`.jp-kubeflow-node[data-step="${step}"]`)
      ).toHaveAttribute('data-status', 'SUCCEEDED');
    }
    // score = (1+2+3) * factor + (1+4+9): 44 with factor 5 (20 with the default 2).
    await expect(run.locator('tr[data-metric="score"] td')).toHaveText('44');
    await expect(run.locator('.jp-kubeflow-log')).not.toBeEmpty();
    // The edited parameter is kept for the next run.
    await expect(factor).toHaveValue('5');

    // One click from a value the run produced to a model version carrying the run's
    // lineage (the registry's own dialog and tab, against the embedded registry).
    await run.locator('.jp-kubeflow-outputs summary').click();
    const output = run.locator('.jp-kubeflow-outputs li', {
      hasText: 'squares'
    });
    await output.getByRole('button', { name: 'Register as model…' }).click();
    const register = page.locator('.jp-Dialog');
    await expect(register.locator('input[name="modelName"]')).toHaveValue(
      'demo-squares'
    );
    await expect(register.getByLabel('Lineage')).toContainText('demo.ipynb');
    await register.getByRole('button', { name: 'Register' }).click();
    await expect(register).toHaveCount(0);
    const version = page.locator(
      '[id^="kubeflow-registry"] .jp-kf-registry-version'
    );
    await expect(version.locator('h3')).toContainText('demo-squares / v1', {
      timeout: 90000
    });
    const lineage = version.getByRole('region', { name: 'Lineage' });
    await expect(lineage).toContainText('demo');
    await expect(
      lineage.getByRole('button', { name: /demo\.ipynb$/ })
    ).toBeVisible();
    await page.activity.activateTab('demo pipeline');

    // Screenshots for the README: the whole view, light theme, then dark.
    await page.sidebar.close('left');
    await page.setViewportSize({ width: 1200, height: 1250 });
    await view.locator('.jp-kubeflow-node[data-step="report"]').click();
    await view.screenshot({ path: path.join(SCREENSHOTS, 'pipelines.png') });
    await page.theme.setDarkTheme();
    await view.screenshot({
      path: path.join(SCREENSHOTS, 'pipelines-dark.png')
    });
    await page.theme.setLightTheme();

    // The compiled file opens from the view: KFP v2 IR YAML.
    await view.getByRole('button', { name: /demo\.pipeline\.yaml$/ }).click();
    await expect(
      page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
        hasText: 'demo.pipeline.yaml'
      })
    ).toBeVisible();
    await expect(page.locator('.jp-FileEditor .cm-content')).toContainText(
      '# PIPELINE DEFINITION# Name: demo'
    );
  });

  test('the notebook toolbar converts the open notebook; a run can be cancelled; closing stops the view polling', async ({
    page,
    tmpPath
  }) => {
    const slow = notebook([
      { tags: ['step:prepare'], source: 'n = 3' },
      { tags: ['step:wait'], source: 'import time\ntime.sleep(120)\nm = n + 1' }
    ]);
    await page.contents.uploadContent(slow, 'text', `${tmpPath}/slow.ipynb`);
    await page.notebook.openByPath(`${tmpPath}/slow.ipynb`);
    // An unsaved edit is converted too: the command saves the notebook first.
    await page.notebook.setCell(0, 'code', 'n = 4');
    await page
      .locator(
        '.jp-NotebookPanel-toolbar [data-jp-item-name="kubeflow-convert"] button'
      )
      .click();

    const view = page.locator('.jp-kubeflow-pipeline');
    await expect(view).toBeVisible();
    await view.locator('.jp-kubeflow-node[data-step="prepare"]').click();
    await expect(view.locator('.jp-kubeflow-source pre')).toContainText(
      'n = 4'
    );
    await expect(
      view.locator('.jp-kubeflow-edge[data-source="prepare"]')
    ).toContainText('n');
    await view.getByRole('button', { name: 'Run locally' }).click();
    const wait = view.locator('.jp-kubeflow-node[data-step="wait"]');
    await expect(wait).toHaveAttribute('data-status', 'RUNNING', {
      timeout: 60000
    });
    // A real button, reachable by keyboard.
    const cancel = view.getByRole('button', { name: 'Cancel run' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    await expect(view.locator('.jp-kubeflow-run')).toHaveAttribute(
      'data-run-status',
      'CANCELLED'
    );
    await expect(cancel).toHaveCount(0);
    await expect(
      view.getByRole('button', { name: 'Run locally' })
    ).toBeEnabled();

    // Closing the view while a run goes on stops following it (no more polls).
    await view.getByRole('button', { name: 'Run locally' }).click();
    await expect(wait).toHaveAttribute('data-status', 'RUNNING', {
      timeout: 60000
    });
    const runId = await view
      .locator('.jp-kubeflow-run')
      .getAttribute('data-run-id');
    expect(runId).toBeTruthy();
    const polls: string[] = [];
    page.on('request', request => {
      if (request.url().includes(`/kubeflow/api/pipelines/runs/${runId}`)) {
        polls.push(request.url());
      }
    });
    await expect.poll(() => polls.length).toBeGreaterThan(0);
    // No sleeping to show polling stopped: the page's clock jumps 10 s (ten poll
    // intervals), then a marker request: a poll the jump fired was sent before it.
    const pollsInTenSeconds = async (): Promise<number> => {
      const before = polls.length;
      await page.clock.fastForward(10000);
      const marker = page.waitForRequest(r => r.url().includes('?marker'));
      await page.evaluate(() => fetch('/kubeflow/api/status?marker'));
      await marker;
      return polls.length - before;
    };
    await page.clock.install();
    // While the view is open the jump fires one poll: the view's (the run's
    // notification reads the view's answers rather than asking again).
    await expect.poll(pollsInTenSeconds).toBe(1);
    await page
      .locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
        hasText: 'slow pipeline'
      })
      .locator('.lm-TabBar-tabCloseIcon')
      .click();
    await expect(view).toHaveCount(0);
    // Closed, the view polls no more; the run's notification follows it alone (issue 25).
    expect(await pollsInTenSeconds()).toBe(1);
    await expect(
      page
        .locator('.Toastify__toast')
        .filter({ hasText: /slow pipeline: local run, 1 of 2 steps done/ })
    ).toBeVisible();
    // Converting again picks the run up where it is, and it can still be cancelled.
    await page
      .locator(
        '.jp-NotebookPanel-toolbar [data-jp-item-name="kubeflow-convert"] button'
      )
      .click();
    const resumed = page.locator('.jp-kubeflow-pipeline .jp-kubeflow-run');
    await expect(resumed).toHaveAttribute('data-run-id', runId!);
    await expect(resumed).toHaveAttribute('data-run-status', 'RUNNING');
    await page
      .locator('.jp-kubeflow-pipeline')
      .getByRole('button', { name: 'Cancel run' })
      .click();
    await expect(resumed).toHaveAttribute('data-run-status', 'CANCELLED');
  });

  test('an untagged notebook is one step, or one per heading when asked; runs so; survives a reload', async ({
    page,
    tmpPath
  }) => {
    const plain = notebook([
      { tags: [], markdown: true, source: '# Load data' },
      { tags: [], source: 'rows = list(range(10))' },
      { tags: [], markdown: true, source: '# Summarise' },
      { tags: [], source: 'total = sum(rows)\nprint("total is", total)' }
    ]);
    await page.contents.uploadContent(plain, 'text', `${tmpPath}/plain.ipynb`);
    await convertFromFileBrowser(page, 'plain.ipynb');
    const view = page.locator('.jp-kubeflow-pipeline');
    await expect(view.locator('.jp-kubeflow-node')).toHaveCount(1);

    await view.getByLabel('Steps from').selectOption('headings');
    await expect(view.locator('.jp-kubeflow-node')).toHaveCount(2);
    await expect(
      view.locator(
        '.jp-kubeflow-edge[data-source="load-data"][data-target="summarise"]'
      )
    ).toContainText('rows');

    // The run uses the same cut: both heading steps get a status. Meanwhile the user goes
    // back to the notebook; a notification says when the run is over.
    await view.getByRole('button', { name: 'Run locally' }).click();
    await view.getByRole('button', { name: /plain\.ipynb$/ }).click();
    await expect(view).toBeHidden();
    const toast = page.locator('.jp-toast-message', {
      hasText: /plain pipeline: local run succeeded in [\d.]+ s\./
    });
    await expect(toast).toBeVisible({ timeout: 180000 });
    await page
      .locator('.Toastify__toast', { has: toast })
      .getByRole('button', { name: 'Show run' })
      .click();
    await expect(view).toBeVisible();
    await expect(view.locator('.jp-kubeflow-run')).toHaveAttribute(
      'data-run-status',
      'SUCCEEDED',
      {
        timeout: 180000
      }
    );
    for (const step of ['load-data', 'summarise']) {
      await expect(
        view.locator(`.jp-kubeflow-node[data-step="${step}"]`)
      ).toHaveAttribute('data-status', 'SUCCEEDED');
    }
    await expect(view.locator('.jp-kubeflow-log')).toContainText('total is 45');

    // After a page reload the view is back, cut the same way, with its last run.
    // (Galata's own readiness check waits for a Launcher, which a restored layout lacks.)
    await page.reload({ waitForIsReady: false });
    await page
      .locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
        hasText: 'plain pipeline'
      })
      .click();
    await expect(view).toBeVisible();
    await expect(view.locator('.jp-kubeflow-node')).toHaveCount(2);
    await expect(view.locator('.jp-kubeflow-run')).toHaveAttribute(
      'data-run-status',
      'SUCCEEDED'
    );
  });

  test('Submit to Kubeflow asks for a host, says when it cannot be reached, then submits and follows the run (KFP contract fake)', async ({
    page,
    tmpPath
  }) => {
    await page.contents.uploadContent(
      TAGGED,
      'text',
      `${tmpPath}/submit.ipynb`
    );
    // The command, as the palette and other extensions run it, with an explicit path.
    await page.evaluate(async notebookPath => {
      await window.jupyterapp.commands.execute('kubeflow:convert-notebook', {
        path: notebookPath
      });
    }, `${tmpPath}/submit.ipynb`);
    const view = page.locator('.jp-kubeflow-pipeline');
    await expect(
      view.locator('.jp-kubeflow-node[data-step="report"]')
    ).toBeVisible();

    await view.getByRole('button', { name: 'Submit to Kubeflow' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('Submit to Kubeflow');
    // This test server has no KFP host configured: Submit waits for one, and says why.
    const submit = dialog.locator('.jp-Dialog-footer .jp-mod-accept');
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveAttribute(
      'title',
      /No Kubeflow Pipelines host is configured/
    );
    const host = dialog.locator('input[name="host"]');
    await expect(host).toBeFocused();
    // Enter while Submit is disabled reaches the dialog and sends nothing: every run
    // creation from here on is counted, and only the valid Enter below may send one.
    const created: any[] = [];
    page.on('request', r => {
      if (
        new URL(r.url()).pathname.endsWith('/kubeflow/api/pipelines/runs') &&
        r.method() === 'POST'
      ) {
        created.push(r.postDataJSON());
      }
    });
    await dialog.evaluate(node => {
      (window as any).keysSeen = [];
      node.addEventListener(
        'keydown',
        event => (window as any).keysSeen.push((event as KeyboardEvent).key),
        true
      );
    });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (window as any).keysSeen)).toEqual([
      'Enter'
    ]);
    await expect(dialog).toBeVisible();

    // The namespace field shows the one the server would use (GET status), and is sent.
    const status = await page.evaluate(async () => {
      const r = await fetch('/kubeflow/api/status');
      return (await r.json()).pipelines as { namespace: string };
    });
    const namespace = dialog.locator('input[name="namespace"]');
    await expect(namespace).toHaveValue(status.namespace);
    await namespace.fill('team-ui');
    await dialog.locator('input[name="cache"]').uncheck();

    // Nothing listens on port 9 here: the server's error comes back into the view.
    await host.fill('http://127.0.0.1:9');
    await dialog.locator('input[name="experiment"]').fill('ui-tests');
    // Its experiments cannot be listed: the dialog says so, and the typed name still goes.
    await expect(dialog.locator('[data-experiments]')).toHaveAttribute(
      'data-experiments',
      'error'
    );
    await expect(dialog.locator('[data-experiments]')).toContainText(
      '127.0.0.1:9'
    );
    await expect(submit).toBeEnabled();
    await page.setViewportSize({ width: 1200, height: 800 });
    await dialog.screenshot({
      path: path.join(SCREENSHOTS, 'pipelines-submit.png')
    });
    const sent = page.waitForRequest(
      r =>
        new URL(r.url()).pathname.endsWith('/kubeflow/api/pipelines/runs') &&
        r.method() === 'POST'
    );
    await page.keyboard.press('Enter');
    const request = await sent;
    expect(request.postDataJSON()).toMatchObject({
      mode: 'kfp',
      host: 'http://127.0.0.1:9',
      experiment: 'ui-tests',
      namespace: 'team-ui',
      cache: false
    });
    const answer = await (await request.response())!.json();
    await expect(dialog).toHaveCount(0);
    // the disabled Enter sent nothing: this is the one run creation
    expect(created).toEqual([request.postDataJSON()]);
    await expect(view.locator('.jp-kubeflow-error')).toContainText(
      '127.0.0.1:9',
      {
        timeout: 90000
      }
    );
    // The server's message whole, not cut or replaced.
    await expect(view.locator('.jp-kubeflow-error')).toContainText(
      answer.message
    );
    await expect(view.locator('.jp-kubeflow-run')).toHaveCount(0);

    // Against the KFP contract fake: the run is created with the form's values, and the
    // view follows it to the end and links to it.
    const kfp = new KfpFake();
    const kfpUrl = await kfp.start();
    try {
      await view.locator('input[data-parameter="factor"]').fill('7');
      await view.getByRole('button', { name: 'Submit to Kubeflow' }).click();
      await expect(host).toHaveValue('http://127.0.0.1:9'); // the last host typed
      await expect(dialog.locator('input[name="experiment"]')).toHaveValue(
        'ui-tests'
      );
      await host.fill(kfpUrl);
      await page.keyboard.press('Enter');
      const run = view.locator('.jp-kubeflow-run');
      await expect(run).toContainText('Kubeflow run');
      await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED');
      await expect(
        run.getByRole('link', { name: /Open the run in Kubeflow/ })
      ).toHaveAttribute('href', `${kfpUrl}/#/runs/details/run-1`);
      const requests = await kfp.requests();
      const created = requests
        .filter(r => r.method === 'POST')
        .map(r => r.path);
      expect(created).toEqual([
        '/apis/v2beta1/experiments',
        '/apis/v2beta1/runs'
      ]);
      const experiment = requests.find(
        r => r.path === '/apis/v2beta1/experiments' && r.method === 'POST'
      );
      expect(experiment!.body.display_name).toBe('ui-tests');
      const createRun = requests.find(r => r.path === '/apis/v2beta1/runs')!;
      expect(createRun.body.runtime_config.parameters).toEqual({
        factor: 7,
        label: 'demo'
      });
      expect(createRun.body.pipeline_spec.pipelineInfo.name).toBe('submit');
    } finally {
      kfp.stop();
    }
  });

  test("Submit to Kubeflow lists the namespace's experiments: one chosen gets the run, a new name is created (KFP contract fake, multi-user)", async ({
    page,
    tmpPath
  }) => {
    const kfp = new KfpFake();
    const kfpUrl = await kfp.start({ multiUser: true });
    try {
      // Made through KFP's own API, as the KFP UI or another client would.
      const made: Record<string, string> = {};
      for (const [name, namespace] of [
        ['nightly', 'team-a'],
        ['weekly', 'team-a'],
        ['theirs', 'team-b']
      ]) {
        const answer = await kfp.post('/apis/v2beta1/experiments', {
          display_name: name,
          namespace
        });
        made[name] = answer.experiment_id;
      }
      await page.contents.uploadContent(
        TAGGED,
        'text',
        `${tmpPath}/chosen.ipynb`
      );
      await page.evaluate(async notebookPath => {
        await window.jupyterapp.commands.execute('kubeflow:convert-notebook', {
          path: notebookPath
        });
      }, `${tmpPath}/chosen.ipynb`);
      const view = page.locator('.jp-kubeflow-pipeline');
      await expect(
        view.locator('.jp-kubeflow-node[data-step="report"]')
      ).toBeVisible();

      const dialog = page.locator('.jp-Dialog');
      const choice = dialog.locator('select[name="experiment-choice"]');
      const name = dialog.locator('input[name="experiment"]');
      const hint = dialog.locator('[data-experiments]');
      const options = () =>
        choice
          .locator('option')
          .evaluateAll(nodes =>
            nodes.map(node => (node as HTMLOptionElement).text)
          );
      const open = async (): Promise<void> => {
        await view.getByRole('button', { name: 'Submit to Kubeflow' }).click();
        await dialog.locator('input[name="host"]').fill(kfpUrl);
        await dialog.locator('input[name="namespace"]').fill('team-a');
        await expect(hint).toHaveAttribute('data-experiments', 'loaded');
      };
      const runs = async () =>
        (await kfp.requests()).filter(
          r => r.method === 'POST' && r.path === '/apis/v2beta1/runs'
        );

      // The namespace's experiments, newest first; another namespace, its own.
      await open();
      await expect
        .poll(options)
        .toEqual(['New experiment…', 'weekly', 'nightly']);
      await dialog.locator('input[name="namespace"]').fill('team-b');
      await expect.poll(options).toEqual(['New experiment…', 'theirs']);
      await dialog.locator('input[name="namespace"]').fill('team-a');
      await expect
        .poll(options)
        .toEqual(['New experiment…', 'weekly', 'nightly']);

      // Chosen with the keyboard: the name follows, and the run goes into it.
      await choice.focus();
      await page.keyboard.press('ArrowDown'); // weekly
      await page.keyboard.press('ArrowDown'); // nightly
      await expect(name).toHaveValue('nightly');
      await expect(hint).toContainText(
        'Runs go into the experiment nightly of namespace team-a'
      );
      await dialog.locator('.jp-Dialog-footer .jp-mod-accept').click();
      await expect(dialog).toHaveCount(0);
      await expect(view.locator('.jp-kubeflow-run')).toHaveAttribute(
        'data-run-status',
        'SUCCEEDED'
      );
      expect((await runs()).map(r => r.body.experiment_id)).toEqual([
        made.nightly
      ]);

      // A new name: "New experiment…" empties the field for it; it is created on submit.
      await open();
      await expect(name).toHaveValue('nightly'); // the last one chosen
      await choice.selectOption({ label: 'New experiment…' });
      await expect(name).toHaveValue('');
      await expect(name).toBeFocused();
      await page.keyboard.type('fresh');
      await expect(hint).toContainText(
        'New experiment: fresh is created in namespace team-a on submit'
      );
      await expect(choice).toHaveValue('');
      await dialog.locator('.jp-Dialog-footer .jp-mod-accept').click();
      await expect(dialog).toHaveCount(0);
      await expect.poll(async () => (await runs()).length).toBe(2);
      const created = (await kfp.requests()).filter(
        r => r.method === 'POST' && r.path === '/apis/v2beta1/experiments'
      );
      // the three made above, then 'fresh' in team-a: 'nightly' was not made again
      expect(created.map(r => [r.body.display_name, r.body.namespace])).toEqual(
        [
          ['nightly', 'team-a'],
          ['weekly', 'team-a'],
          ['theirs', 'team-b'],
          ['fresh', 'team-a']
        ]
      );
      const fresh = (await runs())[1].body.experiment_id;
      expect(Object.values(made)).not.toContain(fresh);

      // Listed again, the new experiment is there and chosen.
      await open();
      await expect
        .poll(options)
        .toEqual(['New experiment…', 'fresh', 'weekly', 'nightly']);
      await expect(choice).toHaveValue('fresh');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    } finally {
      kfp.stop();
    }
  });

  test('Run from here reuses the steps before it (409 said whole until a run has them); Run all again runs every step', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(180000);
    await page.contents.uploadContent(TAGGED, 'text', `${tmpPath}/again.ipynb`);
    await page.evaluate(async notebookPath => {
      await window.jupyterapp.commands.execute('kubeflow:convert-notebook', {
        path: notebookPath
      });
    }, `${tmpPath}/again.ipynb`);
    const view = page.locator('.jp-kubeflow-pipeline');
    const node = (step: string) =>
      view.locator(`.jp-kubeflow-node[data-step="${step}"]`);
    await expect(node('report')).toBeVisible();
    const run = view.locator('.jp-kubeflow-run');
    const statuses = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        await Promise.all(
          ['load', 'double', 'square', 'report'].map(async step => [
            step,
            (await node(step).getAttribute('data-status')) ?? ''
          ])
        )
      );

    // No earlier run has load/double/square's outputs: the server's 409, shown whole.
    await node('report').click();
    const runFrom = view.getByRole('button', { name: 'Run from here' });
    const refused = page.waitForResponse(
      r =>
        new URL(r.url()).pathname.endsWith('/kubeflow/api/pipelines/runs') &&
        r.request().method() === 'POST'
    );
    await runFrom.click();
    const conflict = await refused;
    expect(conflict.status()).toBe(409);
    expect(conflict.request().postDataJSON()).toMatchObject({
      mode: 'local',
      from_step: 'report'
    });
    const message = (await conflict.json()).message as string;
    expect(message).toContain('load');
    await expect(view.locator('.jp-kubeflow-error')).toHaveText(message);
    await expect(run).toHaveCount(0);

    await view.getByRole('button', { name: 'Run locally' }).click();
    await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED', {
      timeout: 90000
    });
    const first = await run.getAttribute('data-run-id');

    // From the last step: the three before it are reused from the first run.
    await runFrom.click();
    await expect(run).not.toHaveAttribute('data-run-id', first ?? '');
    await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED', {
      timeout: 90000
    });
    expect(await statuses()).toEqual({
      load: 'CACHED',
      double: 'CACHED',
      square: 'CACHED',
      report: 'SUCCEEDED'
    });
    await expect(node('load')).toHaveAttribute('aria-label', /CACHED/);

    // Run all again: the cache is ignored (the body says so), every step runs.
    const second = await run.getAttribute('data-run-id');
    const again = page.waitForRequest(
      r =>
        new URL(r.url()).pathname.endsWith('/kubeflow/api/pipelines/runs') &&
        r.method() === 'POST'
    );
    await view.getByRole('button', { name: 'Run all again' }).click();
    expect((await again).postDataJSON()).toMatchObject({
      mode: 'local',
      cache: false
    });
    await expect(run).not.toHaveAttribute('data-run-id', second ?? '');
    await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED', {
      timeout: 90000
    });
    expect(await statuses()).toEqual({
      load: 'SUCCEEDED',
      double: 'SUCCEEDED',
      square: 'SUCCEEDED',
      report: 'SUCCEEDED'
    });
  });

  test('from the palette, a syntax error is refused with a dialog naming the cell', async ({
    page,
    tmpPath
  }) => {
    const broken = notebook([
      { tags: ['step:load'], source: 'data = [1, 2, 3]' },
      { tags: ['step:train'], source: 'model = fit(data' }
    ]);
    await page.contents.uploadContent(
      broken,
      'text',
      `${tmpPath}/broken.ipynb`
    );
    // This time from the command palette, on the notebook selected in the file browser.
    await page.filebrowser.refresh();
    await page
      .locator('.jp-DirListing-item[data-file-type="notebook"]', {
        hasText: 'broken.ipynb'
      })
      .click();
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#command-palette');
    await palette.locator('input').fill('Convert to Kubeflow');
    await palette
      .locator('.lm-CommandPalette-item', {
        hasText: 'Convert to Kubeflow Pipeline'
      })
      .click();

    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Cannot convert broken.ipynb');
    // Cells are counted from 1 among all the notebook's cells, as a person counts them.
    await expect(dialog).toContainText(/cell 2\b/);
    await dialog.getByRole('button', { name: /close|dismiss|ok/i }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('.jp-kubeflow-pipeline')).toHaveCount(0);
    await page.filebrowser.refresh();
    await expect(
      page.locator('.jp-DirListing-itemText', {
        hasText: 'broken.pipeline.yaml'
      })
    ).toHaveCount(0);
  });
});
