/**
 * The sidebar's Volumes and Secrets tabs, and a workspace's mounts edited, against the
 * real kube-apiserver of `make cluster` (issue 13). What the panel does is checked on
 * the API server with the cluster's kubectl; what others do (a workspace mounting a
 * secret) is done there too, as a user's other tools would.
 *
 * No storage provisioner or controller-manager runs in `make cluster`: claims stay
 * Pending, and a deleted claim keeps Kubernetes' pvc-protection finalizer (Terminating),
 * which the cleanup removes.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

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
import { ISecondLab, startLab, stopLab } from './second-lab';
import { SCREENSHOTS } from './screenshots';

const APP_READY_MS = 60000;

/**
 * Galata gives JupyterLab 15 s to show its Launcher, which a loaded 2-core machine
 * (other suites running) can exceed: the same checks, with a longer deadline.
 */
const waitForApplication = async (
  {},
  use: (wait: (page: Page, helpers: any) => Promise<void>) => Promise<void>
): Promise<void> => {
  await use(async (page, helpers) => {
    await page
      .locator('#jupyterlab-splash')
      .waitFor({ state: 'detached', timeout: APP_READY_MS });
    await helpers.waitForCondition(
      () => helpers.activity.isTabActive('Launcher'),
      APP_READY_MS
    );
  });
};

function getObject(kind: string, name: string): any | null {
  const out = kubectl(['get', kind, name, '--ignore-not-found', '-o', 'json']);
  return out.trim() ? JSON.parse(out) : null;
}

function decoded(secret: any, key: string): string {
  return Buffer.from(secret.data[key], 'base64').toString('utf8');
}

/** Mount a secret (and optionally a PVC) in a workspace, as another tool would. */
function mountInWorkspace(
  name: string,
  mounts: { secrets?: unknown[]; data?: unknown[]; labels?: unknown }
): void {
  const podTemplate: Record<string, unknown> = {
    volumes: {
      ...(mounts.data ? { data: mounts.data } : {}),
      ...(mounts.secrets ? { secrets: mounts.secrets } : {})
    }
  };
  if (mounts.labels) {
    podTemplate.podMetadata = { labels: mounts.labels };
  }
  kubectl([
    'patch',
    'workspace',
    name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { podTemplate } })
  ]);
}

async function showTab(panel: Locator, tab: string): Promise<Locator> {
  await panel.getByRole('tab', { name: tab }).click();
  const pane = panel.getByRole('tabpanel', { name: tab });
  await expect(pane).toBeVisible();
  return pane;
}

/** Click Refresh until the condition holds (the server's cache follows a watch). */
async function refreshUntil(
  pane: Locator,
  check: () => Promise<void>
): Promise<void> {
  await expect(async () => {
    await pane.getByRole('button', { name: 'Refresh' }).click();
    await check();
  }).toPass({ timeout: 30000 });
}

test.describe('Kubeflow Workspaces panel: volumes and secrets', () => {
  // Galata's in-memory JupyterLab state would answer /kubeflow/api/workspaces/... itself.
  test.use({
    mockState: false,
    viewport: { width: 1024, height: 1200 },
    waitForApplication
  });

  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const storageClass = `jk-ui-${suffix}`;
  const pvcs = [`ui-${suffix}-pvc`, `ui-${suffix}-inline`];
  const secrets = [`ui-${suffix}-sec`, `ui-${suffix}-tok`];
  const workspaces = {
    mounted: `ui-${suffix}-mnt`,
    edited: `ui-${suffix}-edt`,
    secretUser: `ui-${suffix}-usr`
  };

  test.beforeAll(async ({ browser }, testInfo) => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
    // Galata waits 15 s for JupyterLab to start; a cold server on a loaded machine can
    // take longer the first time: load it once before the tests.
    const page = await browser.newPage();
    try {
      await page.goto(`${testInfo.project.use.baseURL}/lab`, {
        timeout: APP_READY_MS
      });
      await page.waitForFunction(
        () => (window as any).jupyterapp?.started.then(() => true),
        undefined,
        { timeout: APP_READY_MS }
      );
    } finally {
      await page.close();
    }
  });

  test.afterAll(() => {
    deleteWorkspaces(Object.values(workspaces));
    for (const pvc of pvcs) {
      // No controller-manager removes pvc-protection here: take it off for the cleanup.
      try {
        kubectl([
          'patch',
          'pvc',
          pvc,
          '--type=merge',
          '-p',
          '{"metadata":{"finalizers":null}}'
        ]);
      } catch {
        // never created
      }
    }
    kubectl(['delete', 'pvc', '--ignore-not-found', '--wait=false', ...pvcs]);
    kubectl([
      'delete',
      'secret',
      '--ignore-not-found',
      '--wait=false',
      ...secrets
    ]);
    kubectl([
      'delete',
      'storageclass',
      storageClass,
      '--ignore-not-found',
      '--wait=false'
    ]);
  });

  test('creates a volume, mounts it in a new workspace with one made from the form, and deletes it once free', async ({
    page
  }) => {
    // A storage class to choose (cluster-scoped; not the default, so choosing it counts).
    kubectl(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        // Upstream's rule: new volumes use only classes labelled can-use.
        metadata: {
          name: storageClass,
          labels: { 'notebooks.kubeflow.org/can-use': 'true' }
        },
        provisioner: 'example.com/none'
      })
    );
    const [pvc, inline] = pvcs;
    const ws = workspaces.mounted;
    expect(getObject('pvc', pvc)).toBeNull();

    await page.goto();
    const panel = await openPanel(page);
    // The tab bar is a tablist: arrow keys move between Workspaces, Volumes and Secrets.
    await panel.getByRole('tab', { name: 'Workspaces' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(panel.getByRole('tab', { name: 'Volumes' })).toHaveAttribute(
      'aria-selected',
      'true'
    );
    await expect(panel.getByRole('tab', { name: 'Volumes' })).toBeFocused();
    const volumes = await showTab(panel, 'Volumes');
    await expect(volumes.getByRole('table')).toBeVisible();
    const row = volumes.locator(`[data-volume="${pvc}"]`);
    await expect(row).toHaveCount(0);

    await volumes.getByRole('button', { name: '+ New volume' }).click();
    const group = volumes.getByRole('group', { name: /New volume/ });
    await group.getByLabel('Volume name').fill(pvc);
    await group.getByLabel('Size').fill('ten');
    await expect(group).toContainText("Size 'ten' is not a size");
    await group.getByLabel('Size').fill('2Gi');
    await group.getByLabel('Storage class').selectOption(storageClass);
    await group.getByRole('button', { name: 'Create volume' }).click();

    await expect(row).toBeVisible();
    await expect(row.locator('[data-column="size"]')).toHaveText('2Gi');
    await expect(row.locator('[data-column="storageClass"]')).toHaveText(
      storageClass
    );
    await expect(row.locator('[data-column="usedBy"]')).toHaveText('Free');
    const made = getObject('pvc', pvc);
    expect(made.spec.storageClassName).toBe(storageClass);
    expect(made.spec.resources.requests.storage).toBe('2Gi');
    expect(made.spec.accessModes).toEqual(['ReadWriteOnce']);

    // A new workspace mounts it (offered as free), and a second volume made in the form.
    await panel.getByRole('tab', { name: 'Workspaces' }).click();
    await panel.getByRole('button', { name: '+ New', exact: true }).click();
    const form = panel.getByRole('form', {
      name: `Create a workspace in ${NAMESPACE}`
    });
    await form.getByLabel('Name', { exact: true }).fill(ws);
    await form.getByRole('button', { name: '+ Add data volume' }).click();
    const choice = form.getByLabel('Data volume 1 PVC');
    await expect(choice.locator(`option[value="${pvc}"]`)).toHaveText(
      /— free$/
    );
    await choice.selectOption(pvc);
    await expect(form.getByLabel('Data volume 1 mount path')).toHaveValue(
      `/data/${pvc}`
    );
    await form.getByRole('button', { name: '+ New volume' }).click();
    const inlineGroup = form.getByRole('group', { name: /New volume/ });
    await inlineGroup.getByLabel('Volume name').fill(inline);
    await inlineGroup.getByLabel('Size').fill('1Gi');
    // Enter creates the volume; it does not submit the workspace form.
    await inlineGroup.getByLabel('Size').press('Enter');
    await expect(form.getByLabel('Data volume 2 PVC')).toHaveValue(inline);
    await expect(form.getByLabel('Data volume 2 mount path')).toHaveValue(
      `/data/${inline}`
    );
    expect(getWorkspace(ws)).toBeNull();
    expect(getObject('pvc', inline).spec.resources.requests.storage).toBe(
      '1Gi'
    );
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(form).toHaveCount(0);
    await expect
      .poll(() => getWorkspace(ws)?.spec?.podTemplate?.volumes?.data)
      .toEqual([
        { pvcName: pvc, mountPath: `/data/${pvc}`, readOnly: false },
        { pvcName: inline, mountPath: `/data/${inline}`, readOnly: false }
      ]);

    // The Volumes tab says who uses it, and refuses to delete it, saying why.
    const again = await showTab(panel, 'Volumes');
    const remove = again.getByRole('button', { name: `Delete volume ${pvc}` });
    await refreshUntil(again, async () => {
      await expect(row.locator('[data-column="usedBy"]')).toHaveText(ws, {
        timeout: 2000
      });
    });
    await expect(remove).toHaveAttribute('aria-disabled', 'true');
    await expect(remove).toHaveAttribute('title', new RegExp(ws));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await panel.screenshot({
      path: path.join(SCREENSHOTS, 'workspaces-volumes.png')
    });
    // A refused button stays focusable (its reason is readable) and does nothing.
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);

    // Once the workspace is gone the volume is free, and deleted after confirming.
    deleteWorkspaces([ws]);
    await refreshUntil(again, async () => {
      await expect(row.locator('[data-column="usedBy"]')).toHaveText('Free', {
        timeout: 2000
      });
    });
    await remove.click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(`Delete volume "${pvc}"`);
    await dialog.getByRole('button', { name: `Delete volume ${pvc}` }).click();
    await expect(row).toHaveCount(0);
    await expect
      .poll(() => {
        const left = getObject('pvc', pvc);
        return left === null || !!left.metadata.deletionTimestamp;
      })
      .toBe(true);
  });

  test("edits a running workspace's data volumes, secrets and pod labels", async ({
    page
  }) => {
    const ws = workspaces.edited;
    const token = secrets[1];
    kubectl([
      'create',
      'secret',
      'generic',
      token,
      '--from-literal=token=not-a-real-token'
    ]);
    // Upstream mounts only secrets labelled can-mount (an administrator opts it in).
    kubectl([
      'label',
      'secret',
      token,
      'notebooks.kubeflow.org/can-mount=true'
    ]);
    createWorkspace(ws, 'To remount');
    mountInWorkspace(ws, {
      secrets: [
        {
          secretName: 'workspace-secret',
          mountPath: '/secrets/old',
          defaultMode: 420
        }
      ],
      labels: { team: 'a' }
    });
    setState(ws, 'Running', 'Workspace is running');
    const before = getWorkspace(ws).spec.podTemplate;
    expect(before.volumes.data).toEqual([]);

    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, ws);
    await card.getByRole('button', { name: `Edit ${ws}` }).click();
    const edit = panel.getByRole('form', { name: `Edit workspace ${ws}` });
    await expect(edit.getByLabel('Secret 1', { exact: true })).toHaveValue(
      'workspace-secret'
    );
    await expect(edit.getByLabel('Pod label 1 key')).toHaveValue('team');

    await edit.getByRole('button', { name: '+ Add data volume' }).click();
    await edit
      .getByLabel('Data volume 1 PVC')
      .selectOption('workspace-data-pvc');
    await edit.getByLabel('Read-only').check();
    await edit.getByLabel('Secret 1', { exact: true }).selectOption(token);
    // A path two mounts share is refused as typed, naming the row.
    await edit
      .getByLabel('Secret 1 mount path')
      .fill('/data/workspace-data-pvc');
    await expect(edit).toContainText('is already mounted above');
    await expect(edit.getByRole('button', { name: 'Save' })).toBeDisabled();
    await edit.getByLabel('Secret 1 mount path').fill('/secrets/token');
    await edit.getByLabel('Pod label 1 value').fill('b');
    await edit.getByRole('button', { name: '+ Add label' }).click();
    await edit.getByLabel('Pod label 2 key').fill('tier');
    await edit.getByLabel('Pod label 2 value').fill('gpu');

    const changes = edit.getByRole('region', { name: 'What will change' });
    await expect(changes).toContainText(
      'Data volumes: (none) → workspace-data-pvc at /data/workspace-data-pvc (read-only)'
    );
    await expect(changes).toContainText(
      `Secrets: workspace-secret at /secrets/old → ${token} at /secrets/token`
    );
    await expect(changes).toContainText(
      'Pod labels: team=a → team=b, tier=gpu'
    );
    await expect(edit).toContainText('Saving restarts the workspace now');

    // The secret goes away meanwhile (another tool): the server's 422 shows at its row.
    kubectl(['delete', 'secret', token]);
    await edit.getByRole('button', { name: 'Save' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(
      'Changing its data volumes, secrets and pod labels restarts'
    );
    await dialog.getByRole('button', { name: `Restart ${ws} now` }).click();
    await expect(edit.locator('#sec-0-name')).toContainText(
      `Secret "${token}" not found in namespace "${NAMESPACE}"`
    );
    expect(getWorkspace(ws).spec.podTemplate).toEqual(before);

    kubectl([
      'create',
      'secret',
      'generic',
      token,
      '--from-literal=token=not-a-real-token'
    ]);
    kubectl([
      'label',
      'secret',
      token,
      'notebooks.kubeflow.org/can-mount=true'
    ]);
    await edit.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: `Restart ${ws} now` }).click();
    await expect(edit).toHaveCount(0);
    await expect
      .poll(() => getWorkspace(ws)?.spec?.podTemplate?.volumes?.secrets)
      .toEqual([
        { secretName: token, mountPath: '/secrets/token', defaultMode: 420 }
      ]);
    const after = getWorkspace(ws).spec.podTemplate;
    expect(after.volumes.data).toEqual([
      {
        pvcName: 'workspace-data-pvc',
        mountPath: '/data/workspace-data-pvc',
        readOnly: true
      }
    ]);
    expect(after.podMetadata.labels).toEqual({ team: 'b', tier: 'gpu' });
    expect(after.options).toEqual(before.options);

    // Opened again, the form starts from what was saved.
    await card.getByRole('button', { name: `Edit ${ws}` }).click();
    await expect(edit.getByLabel('Data volume 1 PVC')).toHaveValue(
      'workspace-data-pvc'
    );
    await expect(edit.getByLabel('Secret 1', { exact: true })).toHaveValue(
      token
    );
    await expect(edit.getByLabel('Pod label 2 value')).toHaveValue('gpu');
  });

  test('shows which workspaces use a secret, keeps stored values, and deletes it only once unused', async ({
    page
  }) => {
    const secret = secrets[0];
    const ws = workspaces.secretUser;
    expect(getObject('secret', secret)).toBeNull();

    await page.goto();
    const panel = await openPanel(page);
    const pane = await showTab(panel, 'Secrets');
    await pane.getByRole('button', { name: '+ New secret' }).click();
    const form = pane.getByRole('form', {
      name: `New secret in ${NAMESPACE}`
    });
    await form.getByLabel('Secret name').fill(secret);
    await form.getByLabel('Key 1', { exact: true }).fill('user');
    await expect(form.getByLabel('Value 1', { exact: true })).toHaveAttribute(
      'type',
      'password'
    );
    await form.getByLabel('Value 1', { exact: true }).fill('alice');
    await form.getByRole('button', { name: '+ Add key' }).click();
    await form.getByLabel('Key 2', { exact: true }).fill('user');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(form).toContainText("Key 'user' is already used above.");
    await form.getByLabel('Key 2', { exact: true }).fill('password');
    await form.getByLabel('Value 2', { exact: true }).fill('s3cret-value');
    await form.getByRole('button', { name: 'Create' }).click();

    const card = pane.locator(`[data-secret="${secret}"]`);
    await expect(card).toBeVisible();
    // Its keys, never a value.
    await expect(card.locator('.jp-KubeflowStorage-key')).toHaveText([
      'password',
      'user'
    ]);
    await expect(card.locator('[data-field="usedBy"]')).toHaveText(
      'Used by: no workspace'
    );
    await expect(panel).not.toContainText('s3cret-value');
    const stored = getObject('secret', secret);
    expect(decoded(stored, 'user')).toBe('alice');
    expect(decoded(stored, 'password')).toBe('s3cret-value');

    // A workspace mounts it (made elsewhere): the card names it and where it is mounted.
    createWorkspace(ws, 'Uses the secret');
    mountInWorkspace(ws, {
      secrets: [
        { secretName: secret, mountPath: '/secrets/app', defaultMode: 420 }
      ]
    });
    await refreshUntil(pane, async () => {
      await expect(card.locator('[data-field="usedBy"]')).toContainText(ws, {
        timeout: 2000
      });
    });
    await expect(card.locator('[data-field="usedBy"]')).toContainText(
      'at /secrets/app'
    );
    const remove = card.getByRole('button', {
      name: `Delete secret ${secret}`
    });
    await expect(remove).toHaveAttribute('aria-disabled', 'true');
    await expect(remove).toHaveAttribute('title', new RegExp(ws));
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.jp-Dialog')).toHaveCount(0);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await panel.screenshot({
      path: path.join(SCREENSHOTS, 'workspaces-secrets.png')
    });

    // A secret made by another tool is listed and mountable, not changed here.
    const sample = pane.locator('[data-secret="workspace-secret"]');
    await expect(
      sample.getByRole('button', { name: 'Edit secret workspace-secret' })
    ).toHaveAttribute('title', /not made by Kubeflow Notebooks/);

    // Update: a value left empty keeps the stored one; a typed one replaces it.
    await card.getByRole('button', { name: `Edit secret ${secret}` }).click();
    const update = pane.getByRole('form', { name: `Edit secret ${secret}` });
    await expect(update.getByLabel('Key 1', { exact: true })).toHaveValue(
      'password'
    );
    await expect(update.getByLabel('Value 1', { exact: true })).toHaveValue('');
    await update.getByLabel('Value 1', { exact: true }).fill('n3w-value');
    await update.getByRole('button', { name: 'Save' }).click();
    await expect(update).toHaveCount(0);
    await expect
      .poll(() => decoded(getObject('secret', secret), 'password'))
      .toBe('n3w-value');
    expect(decoded(getObject('secret', secret), 'user')).toBe('alice');

    // Unmounted, it can be deleted (asked first).
    deleteWorkspaces([ws]);
    await refreshUntil(pane, async () => {
      await expect(card.locator('[data-field="usedBy"]')).toHaveText(
        'Used by: no workspace',
        { timeout: 2000 }
      );
    });
    await remove.click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(`Delete secret "${secret}"`);
    await dialog
      .getByRole('button', { name: `Delete secret ${secret}` })
      .click();
    await expect(card).toHaveCount(0);
    await expect.poll(() => getObject('secret', secret)).toBeNull();
  });
});

test.describe('Kubeflow Workspaces panel: volumes and secrets as a limited user', () => {
  test.use({ mockState: false, waitForApplication });

  let limited: ISecondLab | undefined;

  test.beforeAll(async () => {
    // make cluster's "dev": may get/list PVCs in team-a, nothing on secrets.
    limited = await startLab(['--KubeflowExtension.kube_context=dev']);
  });

  test.afterAll(async () => {
    await stopLab(limited);
  });

  test('offers only what RBAC allows, and says why not', async ({ page }) => {
    await page.goto(limited!.url);
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
    );
    const panel = page.locator('#kubeflow-workspaces');
    const volumes = await showTab(panel, 'Volumes');
    await expect(volumes.getByLabel('Namespace')).toHaveValue(NAMESPACE);
    const row = volumes.locator('[data-volume="workspace-data-pvc"]');
    await expect(row).toBeVisible();
    const create = volumes.getByRole('button', { name: '+ New volume' });
    await expect(create).toHaveAttribute('aria-disabled', 'true');
    await expect(create).toHaveAttribute('title', /You may not create/);
    await create.focus();
    await page.keyboard.press('Enter');
    await expect(
      volumes.getByRole('group', { name: /New volume/ })
    ).toHaveCount(0);
    await expect(
      row.getByRole('button', { name: 'Delete volume workspace-data-pvc' })
    ).toHaveAttribute('aria-disabled', 'true');

    const secretsPane = await showTab(panel, 'Secrets');
    await expect(secretsPane.getByRole('alert')).toContainText(
      `Cannot list the secrets of ${NAMESPACE}`
    );
    await expect(
      secretsPane.getByRole('button', { name: '+ New secret' })
    ).toHaveAttribute('aria-disabled', 'true');
  });
});
