/**
 * The workspaces table (issue 23) against make cluster's API server: a namespace of its
 * own with 120 workspaces, sorted, searched and filtered by the server, the page holding
 * only the rows on screen; keyboard use; a status change reaching its row; the
 * namespace picker that searches.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';

import {
  KUBECONFIG,
  kubectl,
  openPanel,
  pickNamespace,
  setState,
  workspaceRow
} from './workspaces-kube';

const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const NAMESPACE = `ui-table-${SUFFIX}`;
const KIND = `ui-table-kind-${SUFFIX}`;
const COUNT = 120;

function name(n: number): string {
  return `t-${String(n).padStart(3, '0')}`;
}

/** 120 workspaces, made in one request: every 4th of a second kind, every 10th on an
 * older image, every 7th with a GPU pod config, labels team=a / team=b alternating. */
function makeWorkspaces(): void {
  const sample = JSON.parse(
    kubectl(['get', 'workspacekind', 'jupyterlab', '-o', 'json'])
  );
  sample.metadata = { name: KIND };
  delete sample.status;
  sample.spec.spawner.displayName = `Table kind ${SUFFIX}`;
  kubectl(['create', '-f', '-'], JSON.stringify(sample));
  kubectl(['create', 'namespace', NAMESPACE]);
  const items = Array.from({ length: COUNT }, (_, n) => ({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Workspace',
    metadata: {
      name: name(n),
      namespace: NAMESPACE,
      labels: { team: n % 2 ? 'b' : 'a' }
    },
    spec: {
      displayName: `Table ${n}`,
      kind: n % 4 === 3 ? KIND : 'jupyterlab',
      podTemplate: {
        volumes: { data: [] },
        options: {
          imageConfig:
            n % 10 === 5 ? 'jupyter-scipy:v1.9.2' : 'jupyter-scipy:v1.10.0',
          podConfig: n % 7 === 6 ? 'big_gpu' : 'tiny_cpu'
        }
      }
    }
  }));
  kubectl(
    ['create', '-f', '-'],
    JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
    NAMESPACE
  );
}

/** A column chosen in the table's Columns picker (closed again after). */
async function showColumn(panel: Locator, label: string): Promise<void> {
  const button = panel.getByRole('button', { name: 'Columns' });
  await button.click();
  await panel
    .getByRole('group', { name: 'Columns' })
    .getByRole('checkbox', { name: label })
    .check();
  await button.click();
  await expect(panel.getByRole('columnheader', { name: label })).toBeVisible();
}

/** The names of the rows the page holds, top to bottom. */
async function rowNames(panel: Locator): Promise<string[]> {
  return panel
    .locator('tr[data-workspace-row]')
    .evaluateAll(rows =>
      rows.map(row => row.getAttribute('data-workspace-row')!)
    );
}

test.describe('Kubeflow Workspaces table', () => {
  // Galata's in-memory JupyterLab state answers every URL matching /api/workspaces/,
  // which would swallow this extension's /kubeflow/api/workspaces/... routes.
  test.use({ mockState: false, viewport: { width: 1400, height: 900 } });

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
    makeWorkspaces();
  });

  test.afterAll(() => {
    kubectl(
      ['delete', 'workspace', '--all', '--wait=false'],
      undefined,
      NAMESPACE
    );
    kubectl([
      'delete',
      'workspacekind',
      KIND,
      '--ignore-not-found',
      '--wait=false'
    ]);
    // (a bare API server never finishes deleting a namespace: left for the next cluster)
  });

  test('sorts, searches and filters on the server, holding only the rows on screen', async ({
    page
  }) => {
    setState(name(3), 'Error', 'Back-off pulling image', {}, NAMESPACE);
    setState(name(40), 'Error', 'Unschedulable', {}, NAMESPACE);
    setState(name(41), 'Running', 'Workspace is running', {}, NAMESPACE);
    await page.goto();
    const panel = await openPanel(page, NAMESPACE);
    const count = panel.locator('.jp-KubeflowWorkspaces-count');
    const grid = panel.getByRole('grid', {
      name: `Workspaces in ${NAMESPACE}`
    });
    await expect(count).toHaveText(`${COUNT} workspaces`);
    await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
    // Virtualized: the page holds a screenful of rows, not 120.
    await expect(workspaceRow(panel, name(0))).toBeVisible();
    const held = (await rowNames(panel)).length;
    expect(held).toBeGreaterThan(5);
    expect(held).toBeLessThan(60);
    expect((await rowNames(panel))[0]).toBe(name(0));

    // Sort: the name column again reverses it; the header says so.
    const nameHeader = panel.getByRole('columnheader', { name: 'Name' });
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    await nameHeader.getByRole('button').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(async () => (await rowNames(panel))[0]).toBe(name(119));
    // By GPU, most first: the big_gpu ones (every 7th) lead, with their count.
    await showColumn(panel, 'GPU');
    const gpuHeader = panel.getByRole('columnheader', { name: 'GPU' });
    await gpuHeader.getByRole('button').click();
    await gpuHeader.getByRole('button').click();
    await expect(gpuHeader).toHaveAttribute('aria-sort', 'descending');
    await expect
      .poll(async () => (await rowNames(panel)).slice(0, 3))
      .toEqual([name(118), name(111), name(104)]);
    await expect(
      workspaceRow(panel, name(118)).locator('[data-column="gpu"]')
    ).toHaveText('1');
    // By state: Error first.
    await panel
      .getByRole('columnheader', { name: 'State' })
      .getByRole('button')
      .click();
    await expect
      .poll(async () => (await rowNames(panel)).slice(0, 3))
      .toEqual([name(3), name(40), name(41)]);

    // Search: the server narrows, the count says how many match.
    const search = panel.getByRole('searchbox', { name: 'Search workspaces' });
    await search.fill('T-11');
    await expect(count).toHaveText('10 workspaces match');
    await search.fill('Table 42');
    await expect(count).toHaveText('1 workspace matches');
    await expect.poll(() => rowNames(panel)).toEqual([name(42)]);
    await search.fill('');
    await expect(count).toHaveText(`${COUNT} workspaces`);

    // Filters: state, kind, image, labels; each narrows on the server.
    await panel.getByRole('button', { name: 'Filters' }).click();
    const filters = panel.getByRole('group', { name: 'Filters' });
    await filters.getByLabel('State').selectOption('Error');
    await expect(count).toHaveText('2 workspaces match');
    await expect(
      panel.getByRole('button', { name: 'Filters (1)' })
    ).toBeVisible();
    await filters.getByLabel('State').selectOption('');
    await filters.getByLabel('Kind').selectOption(KIND);
    await expect(count).toHaveText('30 workspaces match');
    await filters.getByLabel('Image').fill('v1.9.2');
    await expect(count).toHaveText('6 workspaces match'); // 15, 35, ..., 115
    await filters.getByLabel('Image').fill('');
    await filters.getByLabel('Kind').selectOption('');
    await filters.getByLabel('Labels').fill('team=b');
    await expect(count).toHaveText('60 workspaces match');
    // A selector the server cannot read is refused at its field.
    await filters.getByLabel('Labels').fill('team in (a)');
    await expect(filters.getByRole('alert')).toContainText(
      "labels: cannot read 'team in (a)'"
    );
    await expect(filters.getByLabel('Labels')).toHaveAttribute(
      'aria-invalid',
      'true'
    );
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count).toHaveText(`${COUNT} workspaces`);
    await expect(filters.getByRole('alert')).toHaveCount(0);
  });

  test('scrolls through the rows, the keyboard opens a card, a status change reaches its row', async ({
    page
  }) => {
    await page.goto();
    const panel = await openPanel(page, NAMESPACE);
    await expect(workspaceRow(panel, name(0))).toBeVisible();
    // Scrolled to the end: the last rows come from the server, the first ones go.
    const scroller = panel.locator('.jp-KubeflowWorkspaces-tableScroll');
    await scroller.evaluate(
      element => (element.scrollTop = element.scrollHeight)
    );
    await expect(workspaceRow(panel, name(COUNT - 1))).toBeVisible();
    await expect(workspaceRow(panel, name(0))).toHaveCount(0);
    expect((await rowNames(panel)).length).toBeLessThan(60);
    await scroller.evaluate(element => (element.scrollTop = 0));
    await expect(workspaceRow(panel, name(0))).toBeVisible();

    // Keyboard: Tab reaches the rows, arrows move, Enter opens the card.
    await workspaceRow(panel, name(0)).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(workspaceRow(panel, name(2))).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(workspaceRow(panel, name(2))).toHaveAttribute(
      'aria-selected',
      'true'
    );
    const card = panel.locator(
      `.jp-KubeflowWorkspaces-card[data-workspace="${name(2)}"]`
    );
    await expect(card).toContainText('Table 2');
    await page.keyboard.press('End');
    await expect(workspaceRow(panel, name(COUNT - 1))).toBeFocused();
    await page.keyboard.press('Home');
    await expect(workspaceRow(panel, name(0))).toBeFocused();

    // The controller reports a state: the row and the open card follow, live.
    setState(name(2), 'Running', 'Workspace is running', {}, NAMESPACE);
    await expect(
      workspaceRow(panel, name(2)).locator('[data-column="state"]')
    ).toHaveText('Running');
    await expect(card.locator('.jp-KubeflowWorkspaces-badge')).toHaveText(
      'Running'
    );
  });

  test("at the sidebar's default width the state is in sight; the Columns picker changes the columns, kept in the settings", async ({
    page
  }) => {
    await page.goto();
    const panel = await openPanel(page, NAMESPACE);
    const scroller = panel.locator('.jp-KubeflowWorkspaces-tableScroll');
    const state = workspaceRow(panel, name(0)).locator('[data-column="state"]');
    await expect(state).toBeVisible();
    // Name and state fill the panel: no sideways scroll, the state cell inside the view.
    const fits = () =>
      scroller.evaluate(element => element.scrollWidth <= element.clientWidth);
    expect(await fits()).toBe(true);
    const view = (await scroller.boundingBox())!;
    const cell = (await state.boundingBox())!;
    expect(view.width).toBeLessThan(300); // JupyterLab's default sidebar width
    expect(cell.x + cell.width).toBeLessThanOrEqual(view.x + view.width);
    await expect(panel.getByRole('columnheader')).toHaveText([/Name/, /State/]);

    // The picker by keyboard: a column shown with Space, another hidden.
    const button = panel.getByRole('button', { name: 'Columns' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    const picker = panel.getByRole('group', { name: 'Columns' });
    const kind = picker.getByRole('checkbox', { name: 'Kind' });
    await expect(kind).not.toBeChecked();
    await kind.focus();
    await page.keyboard.press('Space');
    await expect(kind).toBeChecked();
    await expect(panel.getByRole('columnheader')).toHaveText([
      /Name/,
      /Kind/,
      /State/
    ]);
    await expect(
      workspaceRow(panel, name(3)).locator('[data-column="kind"]')
    ).toHaveText(KIND);
    // Three columns need more than the sidebar: the table scrolls sideways.
    expect(await fits()).toBe(false);
    await picker.getByRole('checkbox', { name: 'State' }).uncheck();
    await expect(panel.getByRole('columnheader')).toHaveText([/Name/, /Kind/]);
    await expect(state).toHaveCount(0);

    // Kept in the extension's settings: a reloaded lab shows the same columns.
    await page.reload();
    const again = await openPanel(page, NAMESPACE);
    await expect(workspaceRow(again, name(0))).toBeVisible();
    await expect(again.getByRole('columnheader')).toHaveText([/Name/, /Kind/]);
  });

  test('the namespace picker searches', async ({ page }) => {
    await page.goto();
    const panel = await openPanel(page, NAMESPACE);
    const picker = panel.getByRole('combobox', { name: 'Namespace' });
    await picker.fill('no-such-namespace');
    await expect(panel.getByRole('option')).toHaveText([
      'No namespace matches “no-such-namespace”.'
    ]);
    await picker.press('Escape');
    await expect(picker).toHaveValue(NAMESPACE);
    // Typed in part, chosen with the arrows: exact matches first, then by prefix.
    await picker.fill('team-');
    await expect(panel.getByRole('option').first()).toHaveText('team-a');
    await picker.press('ArrowDown');
    await expect(panel.getByRole('option', { name: 'team-b' })).toHaveAttribute(
      'aria-selected',
      'true'
    );
    await picker.press('Enter');
    await expect(picker).toHaveValue('team-b');
    await expect(
      panel
        .getByRole('grid', { name: 'Workspaces in team-b' })
        .or(panel.getByText('No workspaces in team-b yet.'))
    ).toBeVisible();
    await pickNamespace(panel, '*');
    await expect(
      panel.getByRole('columnheader', { name: 'Namespace' })
    ).toBeVisible();
  });
});
