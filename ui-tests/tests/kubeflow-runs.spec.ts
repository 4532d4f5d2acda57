/**
 * A Kubeflow run followed from the pipeline view (issue 21): submitted to the KFP
 * contract FAKE (tests/pipelines/kfp_fake.py, started here as a process: no KFP API
 * server can run in the test environment), its steps go from RUNNING to SUCCEEDED as the
 * fake moves them, a step's log is asked for, and a second run is terminated.
 */
import { expect, IJupyterLabPageFixture, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { KfpFake } from './kfp-fake';

const REPO = path.resolve(__dirname, '..', '..');
// KFP's artifact store: the folder of the S3 server jupyter_server_test_config.py starts
// (versitygw serves files written there as objects; playwright.config.js names it), its
// bucket `mlpipeline`.
const KFP_STORE = path.join(
  process.env.KUBEFLOW_UI_KFP_STORE ??
    path.join(REPO, 'ui-tests', '.kfp-store'),
  's3-data',
  'mlpipeline'
);

const NOTEBOOK = JSON.stringify({
  cells: [
    ['pipeline-parameters', 'factor = 2'],
    ['step:load', 'data = [1, 2, 3]'],
    ['step:double', 'doubled = [x * factor for x in data]'],
    ['step:report', 'score = sum(doubled)']
  ].map(([tag, source]) => ({
    cell_type: 'code',
    execution_count: null,
    metadata: { tags: [tag] },
    outputs: [],
    source
  })),
  metadata: {
    kernelspec: {
      display_name: 'Python 3',
      language: 'python',
      name: 'python3'
    },
    language_info: { name: 'python' }
  },
  nbformat: 4,
  nbformat_minor: 5
});

/** Write the notebook, convert it as the context menu does, and return its pipeline view. */
async function openPipeline(
  page: IJupyterLabPageFixture,
  notebookPath: string,
  text: string
): Promise<Locator> {
  await page.contents.uploadContent(text, 'text', notebookPath);
  await page.evaluate(async where => {
    await window.jupyterapp.commands.execute('kubeflow:convert-notebook', {
      path: where
    });
  }, notebookPath);
  return page.locator('.jp-kubeflow-pipeline');
}

test.describe('a Kubeflow run, followed', () => {
  test.use({ autoGoto: true });

  test('steps go from running to succeeded, a step log is asked for, a run is terminated', async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(240000);
    const fake = new KfpFake();
    await fake.start();
    try {
      await fake.post('/_fake/hold', { hold: true });
      const view = await openPipeline(page, `${tmpPath}/kf.ipynb`, NOTEBOOK);
      await expect(
        view.locator('.jp-kubeflow-node[data-step="report"]')
      ).toBeVisible();

      const submit = async (): Promise<void> => {
        await view.getByRole('button', { name: 'Submit to Kubeflow' }).click();
        const dialog = page.locator('.jp-Dialog');
        await dialog.locator('input[name="host"]').fill(fake.url);
        await dialog.locator('input[name="namespace"]').fill('');
        await dialog.locator('.jp-Dialog-footer .jp-mod-accept').click();
        await expect(dialog).toHaveCount(0);
      };
      await submit();
      const run = view.locator('.jp-kubeflow-run');
      await expect(run).toContainText('Kubeflow run');
      const step = (name: string) =>
        run.locator(`[data-kfp-step="${name}"] .jp-kubeflow-badge`);

      // The fake moves one task at a time; the view asks KFP every few seconds.
      await fake.post('/_fake/runs/run-1/advance');
      await expect(step('load')).toHaveText('RUNNING', { timeout: 30000 });
      await expect(step('report')).toHaveText('PENDING');
      // A Kubeflow run going does not hold the view (KFP runs many at once): another
      // can be submitted, or run here, meanwhile.
      for (const name of ['Submit to Kubeflow', 'Run locally']) {
        await expect(view.getByRole('button', { name })).toBeEnabled();
      }
      await expect(
        view.locator('.jp-kubeflow-node[data-step="load"]')
      ).toHaveAttribute('data-status', 'RUNNING');

      // The running step's log: this server reads the test cluster, where no Argo ran
      // this step, so the answer says which step's pod it looked for.
      await run.getByRole('button', { name: 'Log of step load' }).click();
      await run
        .locator('[data-step-log="load"]')
        .getByRole('button', { name: 'Show log' })
        .click();
      await expect(run.locator('[data-step-log="load"]')).toContainText(
        /No pod of step 'step-load'|cannot read the cluster/,
        { timeout: 30000 }
      );

      for (let i = 0; i < 6; i++) {
        await fake.post('/_fake/runs/run-1/advance');
      }
      await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED', {
        timeout: 30000
      });
      for (const name of ['load', 'double', 'report']) {
        await expect(step(name)).toHaveText('SUCCEEDED');
      }

      // A second run, terminated while its first step runs.
      await submit();
      await expect(run).toHaveAttribute('data-run-status', /PENDING|RUNNING/);
      await fake.post('/_fake/runs/run-2/advance');
      await expect(step('load')).toHaveText('RUNNING', { timeout: 30000 });
      await view.getByRole('button', { name: 'Terminate run' }).click();
      await expect(run).toHaveAttribute('data-run-status', 'CANCELLED', {
        timeout: 30000
      });
      await expect(step('load')).toHaveText('CANCELLED');
      await expect(step('report')).toHaveText('SKIPPED');
      const requests = await fake.requests();
      expect(
        requests
          .filter((r: any) => r.path.endsWith(':terminate'))
          .map((r: any) => r.path)
      ).toEqual(['/apis/v2beta1/runs/run-2:terminate']);

      // The notebook's pipeline kept on Kubeflow: uploaded, then a second version once
      // the notebook changed; a recurring run made and disabled.
      const kept = view.locator('.jp-kubeflow-kfp-pipeline');
      await kept.getByRole('button', { name: 'Upload to Kubeflow' }).click();
      await expect(kept.locator('.jp-kubeflow-uploaded')).toContainText(
        'Uploaded kf, version'
      );
      await expect(kept.locator('[data-version]')).toHaveCount(1);
      await kept.getByRole('button', { name: 'Upload to Kubeflow' }).click();
      await expect(kept.locator('.jp-kubeflow-uploaded')).toContainText(
        'Unchanged'
      );
      await page.contents.uploadContent(
        NOTEBOOK.replace('data = [1, 2, 3]', 'data = [1, 2, 3, 4]'),
        'text',
        `${tmpPath}/kf.ipynb`
      );
      await kept.getByRole('button', { name: 'Upload to Kubeflow' }).click();
      await expect(kept.locator('[data-version]')).toHaveCount(2);
      await expect(kept.locator('[data-version]').first()).toContainText(
        'from notebook'
      );

      // Recurring runs go into an experiment: the namespace's, listed here.
      await kept
        .locator('select[name="kfp-experiment-choice"]')
        .selectOption('Default');
      await expect(kept.locator('input[name="kfp-experiment"]')).toHaveValue(
        'Default'
      );
      await kept.locator('input[name="schedule"]').fill('3600');
      await kept.locator('input[name="max_concurrency"]').fill('2');
      await kept.getByRole('button', { name: 'Schedule', exact: true }).click();
      const made = kept.locator('[data-schedule]');
      await expect(made).toHaveCount(1);
      await expect(made).toContainText('every 3600 s, at most 2 at once');
      await expect(made.locator('[data-schedule-state]')).toHaveText(
        '(enabled)'
      );
      await made.getByRole('button', { name: 'Disable' }).click();
      await expect(made.locator('[data-schedule-state]')).toHaveText(
        '(disabled)'
      );
      const scheduleId = await made.getAttribute('data-schedule');
      const sent = await fake.requests();
      const created = sent.find(
        (r: any) =>
          r.path === '/apis/v2beta1/recurringruns' && r.method === 'POST'
      );
      expect(created.body.trigger.periodic_schedule.interval_second).toBe(3600);
      expect(created.body.max_concurrency).toBe(2);
      const runInto = sent.find(
        (r: any) => r.path === '/apis/v2beta1/runs' && r.method === 'POST'
      ).body.experiment_id;
      expect(created.body.experiment_id).toBe(runInto); // the submits' Default
      expect(sent.map((r: any) => r.path)).toContain(
        `/apis/v2beta1/recurringruns/${scheduleId}:disable`
      );
    } finally {
      fake.stop();
    }
  });

  test("a Kubeflow run's metrics and outputs, from the store; two runs compared", async ({
    page,
    tmpPath
  }) => {
    test.setTimeout(180000);
    const fake = new KfpFake();
    await fake.start();
    try {
      // What KFP's launcher leaves in the store for each run of pipeline "kfm" (the
      // driver's URI: <root>/<pipeline>/<run>/<task>/<salt>/<output>): the report step's
      // metrics file and the double step's value. The fake finishes each run at once.
      const scores: Record<string, number> = { 'run-1': 12, 'run-2': 18 };
      for (const [runId, score] of Object.entries(scores)) {
        const base = path.join(KFP_STORE, 'v2', 'artifacts', 'kfm', runId);
        const metrics = path.join(base, 'step-report', 'a1b2c3');
        const value = path.join(base, 'step-double', 'a1b2c3', 'out__doubled');
        fs.mkdirSync(metrics, { recursive: true });
        fs.mkdirSync(value, { recursive: true });
        fs.writeFileSync(
          path.join(metrics, 'kfp_metrics'),
          JSON.stringify({ score })
        );
        fs.writeFileSync(path.join(value, 'value.pkl'), `pickled ${runId}`);
      }
      // run-2's value is a folder of two files, as the launcher uploads a directory
      // artifact: it downloads as one tar of them.
      fs.writeFileSync(
        path.join(
          KFP_STORE,
          'v2',
          'artifacts',
          'kfm',
          'run-2',
          'step-double',
          'a1b2c3',
          'out__doubled',
          'notes.txt'
        ),
        'written beside the value'
      );
      const notebook = JSON.parse(NOTEBOOK);
      notebook.cells.push({
        ...notebook.cells[3],
        metadata: { tags: ['pipeline-metrics'] },
        source: 'score'
      });
      const view = await openPipeline(
        page,
        `${tmpPath}/kfm.ipynb`,
        JSON.stringify(notebook)
      );
      const run = view.locator('.jp-kubeflow-run');
      const submit = async (): Promise<void> => {
        await view.getByRole('button', { name: 'Submit to Kubeflow' }).click();
        const dialog = page.locator('.jp-Dialog');
        await dialog.locator('input[name="host"]').fill(fake.url);
        await dialog.locator('input[name="namespace"]').fill('');
        await dialog.locator('.jp-Dialog-footer .jp-mod-accept').click();
        await expect(dialog).toHaveCount(0);
        await expect(run).toHaveAttribute('data-run-status', 'SUCCEEDED', {
          timeout: 30000
        });
      };
      await submit();
      await expect(run.locator('tr[data-metric="score"] td')).toHaveText('12');
      await run.locator('.jp-kubeflow-outputs summary').click();
      const doubled = run.locator('.jp-kubeflow-outputs li', {
        hasText: 'doubled'
      });
      await expect(doubled).toContainText(
        'minio://mlpipeline/v2/artifacts/kfm/run-1/step-double/a1b2c3/out__doubled'
      );
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        doubled.getByRole('link', { name: /Download/ }).click()
      ]);
      expect(download.suggestedFilename()).toBe('value.pkl');
      expect(fs.readFileSync(await download.path(), 'utf-8')).toBe(
        'pickled run-1'
      );

      // The model output registers by the URI a model server reads (s3://, the same
      // MinIO bucket), the run as its source; the metrics file is no model.
      await expect(
        run
          .locator('.jp-kubeflow-outputs li', { hasText: 'kfp_metrics' })
          .getByRole('button', { name: 'Register as model…' })
      ).toHaveCount(0);
      await doubled.getByRole('button', { name: 'Register as model…' }).click();
      const register = page.locator('.jp-Dialog');
      await expect(register).toContainText(
        'Registers s3://mlpipeline/v2/artifacts/kfm/run-1/step-double/a1b2c3/out__doubled'
      );
      await register.getByRole('button', { name: 'Cancel' }).click();
      await expect(register).toHaveCount(0);

      // A second run, and the two compared as local runs are: metric by metric.
      await submit();
      await expect(run.locator('tr[data-metric="score"] td')).toHaveText('18');
      await run.locator('.jp-kubeflow-outputs summary').click();
      const folder = run
        .locator('.jp-kubeflow-outputs li', { hasText: 'doubled' })
        .getByRole('link', { name: /Download as \.tar \(2 files, / });
      const [tar] = await Promise.all([
        page.waitForEvent('download'),
        folder.click()
      ]);
      expect(tar.suggestedFilename()).toBe('out__doubled.tar');
      const tarred = fs.readFileSync(await tar.path());
      expect(tarred.length % 10240).toBe(0); // tar records
      expect(tarred.includes('pickled run-2')).toBe(true);
      expect(tarred.includes('out__doubled/notes.txt')).toBe(true);
      const runs = view.locator('.jp-kubeflow-runs');
      await runs.getByRole('button', { name: 'Refresh' }).click();
      const boxes = runs.getByRole('checkbox', { name: /Compare run/ });
      await expect(boxes).toHaveCount(2);
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      const score = runs.locator('[data-compare="metric:score"]');
      await expect(score.locator('td')).toHaveText(['12', '18', '+6']);

      // A third run the launcher left nothing of in the store: the view says so and
      // where to read them, never an empty table as if the run had none.
      await submit();
      await expect(run.locator('.jp-kubeflow-outputs-where')).toContainText(
        'No metrics or outputs of this run under minio://mlpipeline/v2/artifacts/kfm/run-3'
      );
      await expect(run.locator('.jp-kubeflow-outputs-where')).toContainText(
        '/#/runs/details/run-3'
      );
      await expect(run.locator('.jp-kubeflow-metrics')).toHaveCount(0);
    } finally {
      fake.stop();
    }
  });
});
