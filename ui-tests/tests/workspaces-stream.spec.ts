/**
 * The workspaces panel's live stream when it breaks, against the real kube-apiserver of
 * `make cluster`: the stream refused (503), the reconnecting indicator, the retries'
 * growing delay, the server's `error` event shown, and the panel catching up with what
 * changed on the API server meanwhile.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Page, Request } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { pickNamespace, workspaceRow } from './workspaces-kube';

const REPO = path.resolve(__dirname, '..', '..');
const KUBECONFIG = path.join(REPO, '.cluster', 'kubeconfig');
const SUFFIX = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
// A namespace of its own, so no other panel or test has it watched already.
const NAMESPACE = `ui-stream-${SUFFIX}`;

/** The pinned kubectl that `make cluster` built (cluster/versions.sh says where). */
function kubectl(args: string[], input?: string): string {
  const bin = execFileSync(
    'bash',
    ['-c', 'source cluster/versions.sh && printf %s "$KUBECTL"'],
    { cwd: REPO, encoding: 'utf8' }
  );
  return execFileSync(
    bin,
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

/** A Workspace of the sample WorkspaceKind, applied as a user's other tools would. */
function createWorkspace(name: string, displayName: string): void {
  kubectl(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Workspace',
      metadata: { name, namespace: NAMESPACE },
      spec: {
        paused: false,
        displayName,
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
}

function deleteWorkspaces(names: string[]): void {
  kubectl([
    'delete',
    'workspace',
    '--ignore-not-found',
    '--wait=false',
    ...names
  ]);
}

/**
 * A live stream of a namespace held open from here (another client of the same Jupyter
 * server): resolves with its HTTP status once the server answered (200: subscribed, the
 * snapshot came).
 */
interface IHeldStream {
  status: number;
  close: () => void;
}

function holdStream(base: string, namespace: string): Promise<IHeldStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      `${base}/kubeflow/api/workspaces/${namespace}?watch=1`,
      { headers: { Accept: 'text/event-stream' } },
      response => {
        const close = () => request.destroy();
        if (response.statusCode !== 200) {
          response.resume();
          resolve({ status: response.statusCode ?? 0, close });
          return;
        }
        response.setEncoding('utf8');
        let text = '';
        response.on('data', chunk => {
          text += chunk;
          if (text.includes('event: snapshot')) {
            resolve({ status: 200, close });
          }
        });
      }
    );
    request.on('error', error => {
      if (!request.destroyed) {
        reject(error);
      }
    });
    request.setTimeout(60000, () => {
      request.destroy();
      reject(new Error(`no answer for the stream of ${namespace}`));
    });
  });
}

/**
 * Fill the server's bound on namespaces watched at once (MAX_WATCHES in
 * workspaces/cache.py: beyond it a new namespace's list and stream are 503) with streams
 * held from here, until the server refuses one. Returns the held ones.
 */
async function fillWatches(
  base: string,
  prefix: string
): Promise<IHeldStream[]> {
  const held: IHeldStream[] = [];
  const BATCH = 16;
  for (let start = 0; start < 256; start += BATCH) {
    const answers = await Promise.all(
      Array.from({ length: BATCH }, (_, i) =>
        holdStream(base, `${prefix}-${start + i}`)
      )
    );
    held.push(...answers.filter(answer => answer.status === 200));
    const refused = answers.filter(answer => answer.status !== 200);
    if (refused.length) {
      expect(refused.map(answer => answer.status)).toContain(503);
      return held;
    }
  }
  throw new Error(
    'the server never refused a stream: is its watch bound gone?'
  );
}

/** Timestamps here and timers in the page may disagree by a few milliseconds. */
const CLOCK_SLACK_MS = 50;

/** The panel's stream of NAMESPACE: its table's live window (`workspace-views`). */
function isPanelStream(url: URL): boolean {
  return (
    url.pathname.endsWith('/kubeflow/api/workspace-views') &&
    url.searchParams.get('namespace') === NAMESPACE
  );
}

/** Requests for the panel's stream of NAMESPACE, with when they were sent. */
function recordStreamRequests(page: Page): { at: number; request: Request }[] {
  const seen: { at: number; request: Request }[] = [];
  page.on('request', request => {
    if (isPanelStream(new URL(request.url()))) {
      seen.push({ at: Date.now(), request });
    }
  });
  return seen;
}

async function openPanel(page: Page, namespace = NAMESPACE) {
  await page.evaluate(() =>
    (window as any).jupyterapp.commands.execute('kubeflow:open-workspaces')
  );
  const panel = page.locator('#kubeflow-workspaces');
  await expect(panel).toBeVisible();
  await pickNamespace(panel, namespace);
  return panel;
}

test.describe('Kubeflow Workspaces panel, its live stream broken', () => {
  // Galata's in-memory JupyterLab state answers every URL matching /api/workspaces/,
  // which would swallow this extension's /kubeflow/api/workspaces/... routes.
  test.use({ mockState: false });

  test.beforeAll(() => {
    if (!fs.existsSync(KUBECONFIG)) {
      throw new Error(`${KUBECONFIG} is missing: run \`make cluster\` first.`);
    }
  });

  const names = { refused: `ui-${SUFFIX}-late`, error: `ui-${SUFFIX}-err` };
  test.beforeAll(() => {
    kubectl(['create', 'namespace', NAMESPACE]);
  });
  test.afterAll(() => {
    deleteWorkspaces(Object.values(names));
    // (a bare API server never finishes deleting a namespace: left for the next cluster)
  });

  test('refused with 503 (the server watches all it may): reconnecting, retries 1, 2, 4 s apart, then catches up', async ({
    page,
    baseURL
  }) => {
    test.setTimeout(180000);
    // A real refusal: other clients hold streams of as many namespaces as the server
    // watches at once, so the panel's namespace can be neither listed nor streamed.
    // The panel first shows `default`, also held from here: leaving it frees no room.
    const requests = recordStreamRequests(page);
    const panel = await openPanel(page, 'default');
    await expect(panel.locator('.jp-KubeflowWorkspaces-live')).toHaveAttribute(
      'aria-label',
      'Updating live'
    );
    const held = [await holdStream(baseURL!, 'default')];
    try {
      expect(held[0].status).toBe(200);
      held.push(...(await fillWatches(baseURL!, `ui-fill-${SUFFIX}`)));
      await pickNamespace(panel, NAMESPACE);
      const live = panel.locator('.jp-KubeflowWorkspaces-live');
      // the list is refused too: its error shows until the stream catches up
      const refusal = panel
        .getByRole('alert')
        .filter({ hasText: 'namespaces are being watched live' });
      await expect(refusal).toBeVisible();
      await expect(live).toHaveAttribute('aria-label', 'Reconnecting');
      await expect(live).not.toHaveClass(/jp-mod-live/);

      // Changed on the API server while the panel cannot see it.
      createWorkspace(names.refused, 'Made while the stream was refused');

      // Four refused attempts: 1 s, then 2 s, then 4 s apart (the delay doubles).
      await expect
        .poll(() => requests.length, { timeout: 30000 })
        .toBeGreaterThanOrEqual(4);
      const statuses = await Promise.all(
        requests
          .slice(0, 4)
          .map(async r => (await r.request.response())?.status())
      );
      expect(statuses).toEqual([503, 503, 503, 503]);
      const gaps = requests
        .slice(0, 4)
        .map((r, i, all) => (i ? r.at - all[i - 1].at : 0))
        .slice(1);
      // A gap is the retry's delay plus the 503's answer time: at least the delay. The
      // first is under 3 s even on a loaded machine, so a fixed delay would fail here.
      expect(gaps[0]).toBeGreaterThanOrEqual(1000 - CLOCK_SLACK_MS);
      expect(gaps[0]).toBeLessThan(3000);
      expect(gaps[1]).toBeGreaterThanOrEqual(2000 - CLOCK_SLACK_MS);
      expect(gaps[2]).toBeGreaterThanOrEqual(4000 - CLOCK_SLACK_MS);
      await expect(live).toHaveAttribute('aria-label', 'Reconnecting');

      // One held stream ends: its namespace's watch is idle now and makes room; the
      // panel's next attempt (8 s later) is answered, and it shows what it missed.
      held.pop()!.close(); // one of the fill's, not `default`
      await expect(workspaceRow(panel, names.refused)).toContainText(
        'Made while the stream was refused',
        { timeout: 30000 }
      );
      await expect(live).toHaveAttribute('aria-label', 'Updating live');
      await expect(live).toHaveClass(/jp-mod-live/);
      await expect(refusal).toHaveCount(0);
      expect(requests.length).toBe(5);
      expect(requests[4].at - requests[3].at).toBeGreaterThanOrEqual(
        8000 - CLOCK_SLACK_MS
      );
    } finally {
      for (const stream of held) {
        stream.close();
      }
    }
  });

  test("the server's error event is shown; the stream closed, the browser reconnects and the panel catches up", async ({
    page
  }) => {
    // FAULT INJECTION (named): the server sends `error` when the cluster becomes
    // unreachable (workspaces/cache.py), which cannot be caused here without stopping the
    // API server every test shares. So the panel's first stream is answered here with
    // that event, and the stream then ends (a closed stream). The browser reconnects by
    // itself, to the real server; a workspace is created on the API server just before.
    let answered = 0;
    await page.route(isPanelStream, async route => {
      answered += 1;
      if (answered === 1) {
        await route.fulfill({
          status: 200,
          headers: {
            'Content-Type': 'text/event-stream',
            'Cache-Control': 'no-cache'
          },
          body:
            'retry: 1500\n\n' +
            'event: view\ndata: {"id": "injected", "forbidden": [], "omitted": []}\n\n' +
            'event: error\ndata: {"message": "Cannot reach the Kubernetes API server (injected)."}\n\n'
        });
        return;
      }
      if (answered === 2) {
        createWorkspace(names.error, 'Made while the stream was closed');
      }
      await route.continue();
    });
    const panel = await openPanel(page);
    const note = panel.locator('.jp-KubeflowWorkspaces-notice.jp-mod-warn');
    await expect(note).toContainText(
      'Cannot reach the Kubernetes API server (injected). The list may be out of date'
    );
    // the real stream's snapshot: the note goes, the missed workspace is there, live
    await expect(workspaceRow(panel, names.error)).toContainText(
      'Made while the stream was closed'
    );
    await expect(note).toHaveCount(0);
    const live = panel.locator('.jp-KubeflowWorkspaces-live');
    await expect(live).toHaveAttribute('aria-label', 'Updating live');
    expect(answered).toBe(2);
  });
});
