/**
 * The Kubeflow Workspaces sidebar against the real kube-apiserver of `make cluster`
 * (the test server's KubeflowExtension.kubeconfig points at .cluster/kubeconfig).
 * Workspaces are created and their status set from outside with the cluster's kubectl,
 * the way a user's other tools and the Notebooks controller would.
 */
import { expect, test } from '@jupyterlab/galata';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freePort, ISecondLab, startLab, stopLab } from './second-lab';
import { SCREENSHOTS } from './screenshots';
import {
  createWorkspace,
  deleteWorkspaces,
  getWorkspace,
  KUBECONFIG,
  KUBECTL,
  kubectl,
  NAMESPACE,
  openCard,
  openPanel,
  REPO,
  setState,
  workspaceRow
} from './workspaces-kube';

const SCREENSHOT = path.join(SCREENSHOTS, 'workspaces.png');

test.describe('Kubeflow Workspaces panel', () => {
  // Galata's in-memory JupyterLab state answers every URL matching /api/workspaces/,
  // which would swallow this extension's /kubeflow/api/workspaces/... routes.
  test.use({ mockState: false, viewport: { width: 1024, height: 1200 } });

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
  });

  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const name = `ui-${suffix}`;
  const others = [`ui-${suffix}-p`, `ui-${suffix}-e`];
  const created = `ui-${suffix}-new`;

  test.afterAll(() => {
    deleteWorkspaces([name, ...others, created]);
  });

  test('lists a workspace made with kubectl, follows its state live, pauses and deletes it', async ({
    page
  }) => {
    createWorkspace(name, 'Churn analysis');
    setState(name, 'Pending', 'Pod is being scheduled');
    createWorkspace(others[0], 'Paused experiment', true);
    setState(others[0], 'Paused', 'Workspace is paused');
    createWorkspace(others[1], 'Broken image');
    setState(others[1], 'Error', 'Back-off pulling image "jupyter-scipy:v9"');

    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, name);
    const badge = card.locator('.jp-KubeflowWorkspaces-badge');
    await expect(card).toContainText('Churn analysis');
    await expect(card).toContainText('jupyter-scipy:v1.10.0');
    await expect(badge).toHaveText('Starting…'); // the controller's Pending
    await expect(badge).toHaveClass(/jp-mod-pending/);
    // The search for its name finds its neighbours too: a row says each one's state
    // and (its tooltip) the controller's message.
    const broken = workspaceRow(panel, others[1]).locator(
      '[data-column="state"]'
    );
    await expect(broken).toHaveText('Error');
    await expect(broken).toHaveAttribute('title', /Back-off pulling image/);

    // The controller reports the pod running: the row and the badge follow, no reload.
    await page.evaluate(() => ((window as any).__kfNoReload = true));
    setState(name, 'Running', 'Workspace is running');
    await expect(
      workspaceRow(panel, name).locator('[data-column="state"]')
    ).toHaveText('Running');
    await expect(badge).toHaveText('Running');
    await expect(badge).toHaveClass(/jp-mod-running/);
    await expect(card).toContainText('Workspace is running');
    expect(await page.evaluate(() => (window as any).__kfNoReload)).toBe(true);

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await panel.screenshot({ path: SCREENSHOT });

    // Connect opens the workspace's URL (workspace_url_template) in a new tab.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      card
        .getByRole('button', { name: `Connect JupyterLab of ${name}` })
        .click()
    ]);
    await tab.waitForLoadState('commit');
    // (the Jupyter server answering the relative URL here drops the final slash)
    expect(new URL(tab.url()).pathname).toMatch(
      new RegExp(`^/workspace/connect/${NAMESPACE}/${name}/jupyterlab/?$`)
    );
    await tab.close();

    // Pause from the panel: the cluster has spec.paused true; once the controller
    // reports Paused, Resume is offered.
    await card.getByRole('button', { name: `Pause ${name}` }).click();
    await expect.poll(() => getWorkspace(name)?.spec?.paused).toBe(true);
    setState(name, 'Paused', 'Workspace is paused');
    await expect(
      card.getByRole('button', { name: `Resume ${name}` })
    ).toBeVisible();

    // Resume, then pause again, all from the panel.
    await card.getByRole('button', { name: `Resume ${name}` }).click();
    await expect.poll(() => getWorkspace(name)?.spec?.paused).toBe(false);
    await card.getByRole('button', { name: `Pause ${name}` }).click();
    await expect.poll(() => getWorkspace(name)?.spec?.paused).toBe(true);

    // Delete from the panel, through the confirmation dialog that names it.
    await card.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText(
      `Delete workspace "${name}" in ${NAMESPACE}?`
    );
    await dialog.getByRole('button', { name: `Delete ${name}` }).click();
    await expect(card).toHaveCount(0);
    await expect(workspaceRow(panel, name)).toHaveCount(0);
    await expect.poll(() => getWorkspace(name)).toBeNull();
  });

  test('creates a workspace from the form, with validation as you type', async ({
    page
  }) => {
    await page.goto();
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: '+ New' }).click();
    const form = panel.getByRole('form', {
      name: `Create a workspace in ${NAMESPACE}`
    });
    await expect(form).toBeVisible();

    const nameInput = form.getByLabel('Name', { exact: true });
    await nameInput.fill('Bad_Name');
    await expect(form).toContainText("Name: 'B' at position 1 is not allowed");
    await nameInput.fill(created);
    await expect(form.locator('.jp-KubeflowWorkspaces-fieldError')).toHaveCount(
      0
    );

    await form.getByLabel('Display name').fill('Made in the panel');
    // The kind's default options are preselected; a hidden option is not offered.
    await expect(form.getByLabel('Image')).toHaveValue('jupyter-scipy:v1.10.0');
    await expect(form.getByLabel('Pod config')).toHaveValue('tiny_cpu');
    await expect(
      form.getByLabel('Image').locator('option[value="jupyter-scipy:v1.8.0"]')
    ).toHaveCount(0);
    await form.getByLabel('Pod config').selectOption('small_cpu');

    // Volumes and secrets come from the namespace (make cluster's sample PVCs and Secret).
    await form.getByLabel('Home volume').selectOption('workspace-home-pvc');
    await form.getByRole('button', { name: '+ Add data volume' }).click();
    await form
      .getByLabel('Data volume 1 PVC')
      .selectOption('workspace-data-pvc');
    // Choosing the PVC proposes a mount path; a relative one is refused as typed.
    await expect(form.getByLabel('Data volume 1 mount path')).toHaveValue(
      '/data/workspace-data-pvc'
    );
    await form.getByLabel('Data volume 1 mount path').fill('data');
    await expect(form).toContainText(
      'Data volume 1 mount path must be an absolute path'
    );
    await form.getByLabel('Data volume 1 mount path').fill('/data/shared');
    await form.getByRole('button', { name: '+ Add secret' }).click();
    await form
      .getByLabel('Secret 1', { exact: true })
      .selectOption('workspace-secret');

    await form.getByRole('button', { name: '+ Add label' }).click();
    await form.getByLabel('Pod label 1 key').fill('team');
    await form.getByLabel('Pod label 1 value').fill('a');
    await expect(form.locator('.jp-KubeflowWorkspaces-fieldError')).toHaveCount(
      0
    );
    await panel.screenshot({ path: SCREENSHOT.replace('.png', '-create.png') });
    await nameInput.press('Enter');

    const card = await openCard(panel, created);
    await expect
      .poll(() => getWorkspace(created)?.spec?.podTemplate?.options?.podConfig)
      .toBe('small_cpu');
    const manifest = getWorkspace(created);
    expect(manifest.spec.displayName).toBe('Made in the panel');
    expect(manifest.spec.podTemplate.podMetadata.labels).toEqual({ team: 'a' });
    expect(manifest.spec.podTemplate.volumes).toEqual({
      home: 'workspace-home-pvc',
      data: [
        {
          pvcName: 'workspace-data-pvc',
          mountPath: '/data/shared',
          readOnly: false
        }
      ],
      secrets: [
        {
          secretName: 'workspace-secret',
          mountPath: '/secrets/workspace-secret',
          defaultMode: 420
        }
      ]
    });

    // The same name again: the server's 409 shows next to the name.
    await panel.getByRole('button', { name: '+ New' }).click();
    await nameInput.fill(created);
    await nameInput.press('Enter');
    await expect(
      form.locator('.jp-KubeflowWorkspaces-fieldError').first()
    ).toContainText(created);
    await nameInput.press('Escape');
    await expect(form).toHaveCount(0);

    // Edit: the pod config change is listed old -> new. Just made, it has no pod yet
    // (no controller status): no restart, the change applies when its pod starts.
    await card.getByRole('button', { name: `Edit ${created}` }).click();
    const edit = panel.getByRole('form', { name: `Edit workspace ${created}` });
    await edit.getByLabel('Pod config').selectOption('big_gpu');
    await expect(edit).toContainText('Pod config: Small CPU → Big GPU');
    await expect(edit).toContainText('applies when its pod starts');
    await expect(edit).not.toContainText('Saving restarts the workspace now');
    await panel.screenshot({ path: SCREENSHOT.replace('.png', '-edit.png') });
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toHaveCount(0);
    await expect
      .poll(() => getWorkspace(created)?.spec?.podTemplate?.options?.podConfig)
      .toBe('big_gpu');
  });
});

test.describe('Kubeflow Workspaces panel, other users and no cluster', () => {
  test.use({ mockState: false });

  const name = `ui-${Date.now().toString(36)}-rbac`;
  // Second labs (tests/second-lab.ts): as the limited user, and with no cluster.
  let limited: ISecondLab | undefined;
  let unconnected: ISecondLab | undefined;

  test.beforeAll(async () => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
    [limited, unconnected] = await Promise.all([
      // make cluster's "dev" user: may update workspaces in team-a, not create or delete.
      startLab(['--KubeflowExtension.kube_context=dev']),
      startLab([
        `--KubeflowExtension.kubeconfig=${path.join(REPO, '.cluster', 'no-such-kubeconfig')}`
      ])
    ]);
  });

  test.afterAll(async () => {
    deleteWorkspaces([name]);
    await Promise.all([stopLab(limited), stopLab(unconnected)]);
  });

  test('offers only what RBAC allows, and says why not', async ({ page }) => {
    createWorkspace(name, 'Shared with dev');
    setState(name, 'Running', 'Workspace is running');
    await page.goto(limited!.url);
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
    );
    const panel = page.locator('#kubeflow-workspaces');
    // dev may not list namespaces: only its own is offered (no "All namespaces").
    const picker = panel.getByRole('combobox', { name: 'Namespace' });
    await expect(picker).toHaveValue(NAMESPACE);
    await picker.click();
    await expect(panel.getByRole('option')).toHaveText([NAMESPACE]);
    await picker.press('Escape');
    await expect(panel.getByRole('option')).toHaveCount(0);
    const card = await openCard(panel, name);

    const remove = card.getByRole('button', { name: `Delete ${name}` });
    await expect(remove).toHaveAttribute('aria-disabled', 'true');
    await expect(remove).toHaveAttribute(
      'title',
      new RegExp(`You may not delete workspaces in ${NAMESPACE}`)
    );
    const create = panel.getByRole('button', { name: '+ New' });
    await expect(create).toHaveAttribute('aria-disabled', 'true');
    await expect(create).toHaveAttribute(
      'title',
      new RegExp(`You may not create workspaces in ${NAMESPACE}`)
    );
    // A refused button stays focusable (its reason is readable) and does nothing: the
    // Enter reaches it, and no dialog opens, not even late (watched until the pause
    // below has reached the API server).
    await page.evaluate(() => {
      const w = window as any;
      w.dialogsOpened = 0;
      new MutationObserver(records => {
        for (const record of records) {
          for (const node of Array.from(record.addedNodes)) {
            if (node instanceof HTMLElement && node.matches('.jp-Dialog')) {
              w.dialogsOpened += 1;
            }
          }
        }
      }).observe(document.body, { childList: true });
    });
    await remove.evaluate(node =>
      node.addEventListener('keydown', event => {
        (window as any).keyOnDelete = (event as KeyboardEvent).key;
      })
    );
    await remove.focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (window as any).keyOnDelete)).toBe(
      'Enter'
    );

    // Update is allowed: pausing works as dev.
    const pause = card.getByRole('button', { name: `Pause ${name}` });
    await expect(pause).toHaveAttribute('aria-disabled', 'false');
    await pause.click();
    await expect.poll(() => getWorkspace(name)?.spec?.paused).toBe(true);
    expect(await page.evaluate(() => (window as any).dialogsOpened)).toBe(0);
  });

  test('without a cluster it says how to connect, and Retry does not hang', async ({
    page
  }) => {
    await page.goto(unconnected!.url);
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
    );
    const panel = page.locator('#kubeflow-workspaces');
    await expect(panel).toContainText('Not connected to a Kubernetes cluster.');
    await expect(panel).toContainText('KubeflowExtension.kubeconfig');
    await panel.screenshot({
      path: SCREENSHOT.replace('.png', '-disconnected.png')
    });
    // Retry asks the server again (a new status answer), then says the same
    const asked = page.waitForResponse(
      r => new URL(r.url()).pathname === '/kubeflow/api/status'
    );
    await panel.getByRole('button', { name: 'Retry' }).click();
    expect((await asked).status()).toBe(200);
    await expect(panel).toContainText('Not connected to a Kubernetes cluster.');
    await expect(panel.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(panel).not.toContainText('Connecting');
  });
});

test.describe('Kubeflow Workspaces panel, as the Notebooks controller runs it', () => {
  test.use({ mockState: false, viewport: { width: 1024, height: 1200 } });

  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const names = {
    pause: `ui-${suffix}-pz`,
    edit: `ui-${suffix}-ed`,
    redirect: `ui-${suffix}-rd`,
    ports: `ui-${suffix}-pt`,
    down: `ui-${suffix}-dn`
  };
  const kind = `jk-ui-ports-${suffix}`;

  test.afterAll(() => {
    deleteWorkspaces(Object.values(names));
    execFileSync(KUBECTL, [
      '--kubeconfig',
      KUBECONFIG,
      '--context',
      'admin',
      'delete',
      'workspacekind',
      kind,
      '--ignore-not-found',
      '--wait=false'
    ]);
  });

  test('Running to Paused: Pausing… in between, offering only what makes sense', async ({
    page
  }) => {
    const name = names.pause;
    createWorkspace(name, 'To pause');
    setState(name, 'Running', 'Workspace is running');
    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, name);
    const badge = card.locator('.jp-KubeflowWorkspaces-badge');
    await expect(badge).toHaveText('Running');

    await card.getByRole('button', { name: `Pause ${name}` }).click();
    // spec.paused is set, the pod still runs (the controller still says Running).
    await expect(badge).toHaveText('Pausing…');
    await expect(card).toContainText('Resume is possible once it has paused');
    await expect(
      card.getByRole('button', { name: `Resume ${name}` })
    ).toHaveCount(0);
    await expect(
      card.getByRole('button', { name: `Pause ${name}` })
    ).toHaveCount(0);
    await expect(
      card.getByRole('button', { name: `Connect JupyterLab of ${name}` })
    ).toHaveAttribute('aria-disabled', 'true');
    // Upstream's answer to a resume before Paused, through the command: 409, said.
    // (not awaited in the page: the command ends when its error dialog is closed)
    await page.evaluate(
      args => {
        void (window as any).jupyterapp.commands.execute(
          'kubeflow:workspace-resume',
          args
        );
      },
      { namespace: NAMESPACE, name }
    );
    await expect(page.locator('.jp-Dialog')).toContainText(
      'cannot be resumed yet'
    );
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: 'Close' })
      .click();

    // The controller removed the pod: Paused, and now Resume is offered.
    setState(name, 'Paused', 'Workspace is paused', { pauseTime: Date.now() });
    await expect(badge).toHaveText('Paused');
    await card.getByRole('button', { name: `Resume ${name}` }).click();
    await expect(badge).toHaveText('Starting…');
    await expect.poll(() => getWorkspace(name)?.spec?.paused).toBe(false);
  });

  test('editing a running workspace asks before restarting it, and shows the restart', async ({
    page
  }) => {
    const name = names.edit;
    createWorkspace(name, 'To edit');
    setState(name, 'Running', 'Workspace is running');
    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, name);
    await card.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = panel.getByRole('form', { name: `Edit workspace ${name}` });
    await edit.getByLabel('Pod config').selectOption('small_cpu');
    await expect(edit).toContainText('Saving restarts the workspace now');

    // Cancel in the confirmation: nothing is written.
    await edit.getByRole('button', { name: 'Save' }).click();
    const dialog = page.locator('.jp-Dialog');
    await expect(dialog).toContainText('running kernels stop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(getWorkspace(name).spec.podTemplate.options.podConfig).toBe(
      'tiny_cpu'
    );

    await edit.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: `Restart ${name} now` }).click();
    await expect(edit).toHaveCount(0);
    await expect
      .poll(() => getWorkspace(name)?.spec?.podTemplate?.options?.podConfig)
      .toBe('small_cpu');
    // The card shows the choice made (not the controller's stale status)...
    const podLine = card.locator('[data-option="podConfig"]');
    await expect(podLine).toContainText('small_cpu');
    await expect(podLine).not.toContainText('tiny_cpu');
    // ...and the restart as the controller reports it: the old pod goes.
    setState(name, 'Terminating', 'Workspace is terminating');
    await expect(card.locator('.jp-KubeflowWorkspaces-badge')).toHaveText(
      'Restarting…'
    );
  });

  test('a redirect shows the message of the kind and is applied by choosing it', async ({
    page
  }) => {
    const name = names.redirect;
    createWorkspace(name, 'Old image', false, {
      imageConfig: 'jupyter-scipy:v1.9.2'
    });
    setState(name, 'Running', 'Workspace is running', {
      pendingRestart: true,
      podTemplateOptions: {
        imageConfig: {
          desired: 'jupyter-scipy:v1.10.0',
          redirectChain: [
            { source: 'jupyter-scipy:v1.9.2', target: 'jupyter-scipy:v1.10.0' }
          ]
        },
        podConfig: { desired: 'tiny_cpu', redirectChain: [] }
      }
    });
    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, name);
    await expect(card).toContainText('Update available');
    const redirect = card.locator(
      '[data-redirect-target="jupyter-scipy:v1.10.0"]'
    );
    await expect(redirect).toContainText('Info:');
    await expect(redirect).toContainText(
      'Pausing and resuming does not apply it'
    );
    await redirect.getByRole('button', { name: /Apply update/ }).click();
    await page
      .locator('.jp-Dialog')
      .getByRole('button', { name: `Restart ${name} now` })
      .click();
    await expect
      .poll(() => getWorkspace(name)?.spec?.podTemplate?.options?.imageConfig)
      .toBe('jupyter-scipy:v1.10.0');
    await expect(card.locator('[data-option="imageConfig"]')).toContainText(
      'jupyter-scipy:v1.10.0'
    );
  });

  test('with the controller down, a write says so and the list is marked stale', async ({
    page
  }) => {
    // A real fault: the Notebooks controller's webhook (failurePolicy Fail) pointing at
    // a closed port, for this test's workspace only (an object selector).
    const name = names.down;
    createWorkspace(name, 'Controller down');
    setState(name, 'Running', 'Workspace is running');
    kubectl(['label', 'workspace', name, `jk-webhook-test=${suffix}`]);
    const port = await freePort(); // free now: nothing listens there
    const webhook = `jk-ui-unreachable-${suffix}`;
    execFileSync(
      KUBECTL,
      ['--kubeconfig', KUBECONFIG, '--context', 'admin', 'create', '-f', '-'],
      {
        encoding: 'utf8',
        input: JSON.stringify({
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: webhook },
          webhooks: [
            {
              name: 'vworkspace.kb.io',
              clientConfig: {
                url: `https://127.0.0.1:${port}/validate-kubeflow-org-v1beta1-workspace`
              },
              rules: [
                {
                  apiGroups: ['kubeflow.org'],
                  apiVersions: ['v1beta1'],
                  operations: ['CREATE', 'UPDATE'],
                  resources: ['workspaces']
                }
              ],
              failurePolicy: 'Fail',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
              timeoutSeconds: 2,
              objectSelector: { matchLabels: { 'jk-webhook-test': suffix } }
            }
          ]
        })
      }
    );
    try {
      // The API server takes a moment to start calling a new webhook: probe with a
      // server-side dry run (webhooks without side effects are called on those too).
      await expect
        .poll(
          () => {
            try {
              kubectl([
                'annotate',
                'workspace',
                name,
                'probe=1',
                '--overwrite',
                '--dry-run=server'
              ]);
              return 'accepted';
            } catch (error) {
              return String((error as { stderr?: string }).stderr ?? error);
            }
          },
          { timeout: 30000 }
        )
        .toContain('failed calling webhook');
      await page.goto();
      const panel = await openPanel(page);
      const card = await openCard(panel, name);
      const dialog = page.locator('.jp-Dialog');
      await card.getByRole('button', { name: `Pause ${name}` }).click();
      await expect(dialog).toContainText('Notebooks controller is unreachable');
      await expect(dialog).toContainText('Still working');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(
        panel.locator('[data-controller="unreachable"]')
      ).toBeVisible();
      await expect(
        panel.getByRole('grid', { name: /possibly out of date/ })
      ).toBeVisible();
      expect(getWorkspace(name).spec.paused).toBe(false);
    } finally {
      execFileSync(KUBECTL, [
        '--kubeconfig',
        KUBECONFIG,
        '--context',
        'admin',
        'delete',
        'validatingwebhookconfiguration',
        webhook,
        '--ignore-not-found'
      ]);
    }
  });

  test("one Connect per port of the image, at upstream's connect path", async ({
    page
  }) => {
    // A kind serving two things: the sample kind with a TensorBoard port added.
    const sample = JSON.parse(
      execFileSync(
        KUBECTL,
        [
          '--kubeconfig',
          KUBECONFIG,
          '--context',
          'admin',
          'get',
          'workspacekind',
          'jupyterlab',
          '-o',
          'json'
        ],
        { encoding: 'utf8' }
      )
    );
    sample.metadata = { name: kind };
    delete sample.status;
    sample.spec.podTemplate.ports.push({
      id: 'tensorboard',
      defaultDisplayName: 'TensorBoard',
      protocol: 'HTTP'
    });
    for (const value of sample.spec.podTemplate.options.imageConfig.values) {
      if (value.id === 'jupyter-scipy:v1.10.0') {
        value.spec.ports = [
          { id: 'jupyterlab', port: 8888 },
          { id: 'tensorboard', port: 6006 }
        ];
      }
    }
    execFileSync(
      KUBECTL,
      ['--kubeconfig', KUBECONFIG, '--context', 'admin', 'create', '-f', '-'],
      { input: JSON.stringify(sample), encoding: 'utf8' }
    );
    // The server describes a workspace with its kind as it last listed the kinds (a kind
    // it has not seen is looked up again at most once a second, see docs/workspaces.md):
    // have it list the new kind before the workspace's watch event arrives.
    await expect
      .poll(() =>
        page.evaluate(async (k: string) => {
          const r = await fetch('/kubeflow/api/workspacekinds');
          return JSON.stringify(await r.json()).includes(`"${k}"`);
        }, kind)
      )
      .toBe(true);
    const name = names.ports;
    createWorkspace(name, 'Two ports', false, { kind });
    setState(name, 'Running', 'Workspace is running');
    await page.goto();
    const panel = await openPanel(page);
    const card = await openCard(panel, name);
    const lab = card.getByRole('button', {
      name: `Connect JupyterLab of ${name}`
    });
    const board = card.getByRole('button', {
      name: `Connect TensorBoard of ${name}`
    });
    await expect(lab).toHaveText('Connect JupyterLab');
    await expect(board).toHaveText('Connect TensorBoard');
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      board.click()
    ]);
    await tab.waitForLoadState('commit');
    expect(new URL(tab.url()).pathname).toMatch(
      new RegExp(`^/workspace/connect/${NAMESPACE}/${name}/tensorboard/?$`)
    );
    await tab.close();
  });
});
