/**
 * The browser half of bench_scale.py: Debian's Chromium driving the sidebar of a real
 * `jupyter lab` whose cluster holds 50,000 workspaces in 1,000 namespaces. Prints one
 * JSON line per figure ({"figure": name, ...}); between phases it prints
 * {"pause": name} and waits for a line on stdin, so that the Python side can read the
 * Jupyter server's memory at that moment.
 *
 * Usage: node scale_browser.cjs URL KUBECONFIG EMPTY_NAMESPACE (bench_scale.py runs it)
 */
const fs = require("fs");
const https = require("https");
const path = require("path");
const readline = require("readline");

const REPO = path.resolve(__dirname, "..", "..");
const { chromium } = require(
  path.join(REPO, "ui-tests", "node_modules", "playwright-core"),
);

const [url, kubeconfigPath, emptyNamespace] = process.argv.slice(2);
const ROW = "tr[data-workspace-row]";

function figure(name, value) {
  console.log(JSON.stringify({ figure: name, ...value }));
}

const input = readline.createInterface({ input: process.stdin });
const lines = input[Symbol.asyncIterator]();
async function pause(name) {
  console.log(JSON.stringify({ pause: name }));
  await lines.next();
}

/** The admin's client certificate from make cluster's kubeconfig (as apiserver.sh writes it). */
function adminTLS() {
  const text = fs.readFileSync(kubeconfigPath, "utf8");
  const field = (key) =>
    Buffer.from(text.match(new RegExp(`${key}: (\\S+)`))[1], "base64");
  const server = text.match(/server: (\S+)/)[1];
  return {
    server: new URL(server),
    ca: field("certificate-authority-data"),
    cert: field("client-certificate-data"),
    key: field("client-key-data"),
  };
}

/** Write a workspace's status through the status subresource, as the controller does. */
function patchStatus(tls, namespace, name, state, message) {
  const body = JSON.stringify({ status: { state, stateMessage: message } });
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        hostname: tls.server.hostname,
        port: tls.server.port,
        method: "PATCH",
        path: `/apis/kubeflow.org/v1beta1/namespaces/${namespace}/workspaces/${name}/status`,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        headers: {
          "Content-Type": "application/merge-patch+json",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`status ${response.statusCode}`)),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: Math.round(median(sorted)),
    p95: Math.round(sorted[Math.ceil(sorted.length * 0.95) - 1]),
    max: Math.round(sorted[sorted.length - 1]),
    n: sorted.length,
  };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  const page = await browser.newPage({
    viewport: { width: 1400, height: 1000 },
  });
  // Bytes the browser receives from this extension's routes (the CDP's count of what
  // came over the wire, stream chunks included).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const kubeflowRequests = new Set();
  let received = 0;
  cdp.on("Network.requestWillBeSent", (event) => {
    if (event.request.url.includes("/kubeflow/api/")) {
      kubeflowRequests.add(event.requestId);
    }
  });
  cdp.on("Network.dataReceived", (event) => {
    if (kubeflowRequests.has(event.requestId)) {
      received += event.encodedDataLength || event.dataLength;
    }
  });
  const bytesDuring = async (run) => {
    const before = received;
    await run();
    await page.waitForTimeout(300); // the stream's last chunk of this step
    return received - before;
  };

  // As galata does: a fresh layout (?reset), and nothing opened before the lab has
  // restored its layout (opened earlier, the sidebar is collapsed by the restore).
  await page.goto(`${url}lab?reset`);
  await page.waitForFunction(() =>
    window.jupyterapp?.commands?.hasCommand("kubeflow:open-workspaces"),
  );
  await page.evaluate(() => window.jupyterapp.restored);
  // The server's memory with no workspaces read (the sidebar not opened yet).
  await pause("before");
  await page.evaluate(() =>
    window.jupyterapp.commands.execute("kubeflow:open-workspaces"),
  );
  const panel = page.locator("#kubeflow-workspaces");
  // (CSS, not roles: plain playwright-core here, without galata's setup)
  const picker = page.locator("#jp-kfws-namespace");
  const option = (label) =>
    page.locator('#jp-kfws-namespace-choices [role="option"]', {
      hasText: new RegExp(`^${label}$`),
    });
  const count = panel.locator(".jp-KubeflowWorkspaces-count");
  try {
    await picker.waitFor({ timeout: 120000 }); // connected to the cluster
  } catch (error) {
    console.error(`the panel says: ${await panel.innerText()}`);
    throw error;
  }
  const choose = async (typed, label) => {
    await picker.fill(typed);
    await option(label).click();
  };
  await choose(emptyNamespace, emptyNamespace);
  await count.filter({ hasText: "No workspaces" }).waitFor();
  const domNodes = () =>
    page.evaluate(() => ({
      page: document.getElementsByTagName("*").length,
      panel: document
        .getElementById("kubeflow-workspaces")
        .getElementsByTagName("*").length,
    }));
  figure("dom_empty_namespace", await domNodes());

  /** ms from choosing "All namespaces" until the first row is in the page. */
  const openAll = async () => {
    await picker.fill("all");
    await option("All namespaces").waitFor();
    const watching = page.evaluate(
      (selector) =>
        new Promise((resolve) => {
          const started = performance.now();
          const seen = () =>
            document.querySelector(`#kubeflow-workspaces ${selector}`);
          const observer = new MutationObserver(() => {
            if (seen()) {
              observer.disconnect();
              resolve(performance.now() - started);
            }
          });
          observer.observe(document.body, { childList: true, subtree: true });
          window.__kfChoose = true;
        }),
      ROW,
    );
    await page.waitForFunction(() => window.__kfChoose === true);
    await picker.press("Enter");
    return watching;
  };
  let firstRows = 0;
  let whole = 0;
  const loadingNote = panel.locator("[data-loading]");
  const coldBytes = await bytesDuring(async () => {
    const started = Date.now();
    firstRows = await openAll();
    figure("loading_note_at_first_rows", {
      text: (await loadingNote.count())
        ? await loadingNote.first().textContent()
        : null,
      count: await count.textContent(),
    });
    await count.filter({ hasText: "50," }).waitFor({ timeout: 600000 });
    await loadingNote.waitFor({ state: "detached", timeout: 600000 });
    whole = Date.now() - started;
  });
  figure("first_rows_all_namespaces_cold", {
    ms: Math.round(firstRows),
    whole_list_ms: whole,
    bytes: coldBytes,
    note: "chosen right after the sidebar connected: the server's cluster-wide cache was still filling (warmed on connect)",
  });
  figure("count_shown", { text: await count.textContent() });
  figure("dom_all_namespaces", await domNodes());

  // Warm: another namespace, then All namespaces again (the server's cache is loaded).
  const warm = [];
  let warmBytes = 0;
  for (let round = 0; round < 5; round++) {
    await choose(emptyNamespace, emptyNamespace);
    await count.filter({ hasText: "No workspaces" }).waitFor();
    warmBytes = await bytesDuring(async () => warm.push(await openAll()));
    await count.filter({ hasText: "50," }).waitFor();
  }
  figure("first_rows_all_namespaces_warm", {
    ...stats(warm),
    bytes: warmBytes,
  });

  // Search: from typing to the table holding only the match.
  const search = page.locator('input[aria-label="Search workspaces"]');
  const searches = [];
  let searchBytes = 0;
  for (const index of [
    4217, 31, 49999, 12345, 27000, 777, 38211, 100, 45678, 9999,
  ]) {
    const name = `w${String(index).padStart(5, "0")}`;
    searchBytes += await bytesDuring(async () => {
      const narrowed = page.evaluate(
        (wanted) =>
          new Promise((resolve) => {
            const started = performance.now();
            const done = () => {
              const rows = document.querySelectorAll(
                "#kubeflow-workspaces tr[data-workspace-row]",
              );
              return (
                rows.length === 1 &&
                rows[0].getAttribute("data-workspace-row") === wanted
              );
            };
            const observer = new MutationObserver(() => {
              if (done()) {
                observer.disconnect();
                resolve(performance.now() - started);
              }
            });
            observer.observe(document.body, {
              childList: true,
              subtree: true,
              attributes: true,
            });
            window.__kfSearching = true;
          }),
        name,
      );
      await page.waitForFunction(() => window.__kfSearching === true);
      await search.fill(name);
      searches.push(await narrowed);
      await page.evaluate(() => (window.__kfSearching = false));
    });
    figure("dom_after_search", await domNodes());
    await search.fill("");
    await count.filter({ hasText: "50," }).waitFor();
  }
  figure("search_narrows", {
    ...stats(searches),
    bytes_per_search: Math.round(searchBytes / searches.length),
  });

  // Scroll: to the middle and to the end; the rows come, the page does not grow.
  const scroller = panel.locator(".jp-KubeflowWorkspaces-tableScroll");
  const scrolls = [];
  let scrollBytes = 0;
  for (const fraction of [0.5, 0.999, 0.25, 0.75, 0]) {
    scrollBytes += await bytesDuring(async () => {
      const shown = page.evaluate(
        ([selector, where]) =>
          new Promise((resolve) => {
            const element = document.querySelector(
              "#kubeflow-workspaces .jp-KubeflowWorkspaces-tableScroll",
            );
            const started = performance.now();
            const target = Math.floor(
              (where * element.scrollHeight) / 26, // the row at that height
            );
            element.scrollTop = where * element.scrollHeight;
            const check = () => {
              const rows = [
                ...document.querySelectorAll(
                  `#kubeflow-workspaces ${selector}`,
                ),
              ];
              const indexes = rows.map((r) =>
                Number(r.getAttribute("data-index")),
              );
              if (indexes.some((i) => Math.abs(i - target) < 40)) {
                resolve(performance.now() - started);
                return;
              }
              requestAnimationFrame(check);
            };
            check();
          }),
        [ROW, fraction],
      );
      scrolls.push(await shown);
    });
    figure("dom_after_scroll", { fraction, ...(await domNodes()) });
  }
  figure("scroll_rows_shown", {
    ...stats(scrolls),
    bytes_per_scroll: Math.round(scrollBytes / scrolls.length),
  });

  // A status change of a shown row, written as the controller does, until the row says it.
  const tls = adminTLS();
  const latencies = [];
  let changeBytes = 0;
  for (let round = 0; round < 12; round++) {
    const row = panel.locator(ROW).nth(3);
    const name = await row.getAttribute("data-workspace-row");
    const namespace = await row.getAttribute("data-namespace");
    const state = round % 2 ? "Running" : "Error";
    const message = `bench round ${round} ${Date.now()}`;
    changeBytes += await bytesDuring(async () => {
      await page.evaluate(
        ([wanted, ns]) => {
          window.__kfChanged = new Promise((resolve) => {
            const cell = () =>
              document.querySelector(
                `#kubeflow-workspaces tr[data-workspace-row="${wanted}"][data-namespace="${ns}"] [data-column="state"]`,
              );
            const before = cell().getAttribute("title");
            const observer = new MutationObserver(() => {
              if (cell() && cell().getAttribute("title") !== before) {
                observer.disconnect();
                resolve(Date.now());
              }
            });
            observer.observe(document.body, {
              childList: true,
              subtree: true,
              attributes: true,
            });
          });
        },
        [name, namespace],
      );
      const started = Date.now();
      await patchStatus(tls, namespace, name, state, message);
      const changed = await page.evaluate(() => window.__kfChanged);
      latencies.push(changed - started);
    });
  }
  figure("status_change_reaches_row", {
    ...stats(latencies),
    bytes_per_change: Math.round(changeBytes / latencies.length),
    note: "from sending the PATCH to the API server until the row changed",
  });
  // A minute of changes across the cluster (8 at a time, random workspaces, most not
  // shown): what the browser receives over the stream meanwhile.
  await panel
    .locator(".jp-KubeflowWorkspaces-tableScroll")
    .evaluate((element) => (element.scrollTop = 0));
  let changes = 0;
  const minuteBytes = await bytesDuring(async () => {
    const until = Date.now() + 60000;
    const worker = async () => {
      while (Date.now() < until) {
        const index = Math.floor(Math.random() * 50000);
        const ns = `scale-${String(Math.floor(index / 50)).padStart(4, "0")}`;
        const name = `w${String(index).padStart(5, "0")}`;
        await patchStatus(
          tls,
          ns,
          name,
          changes % 2 ? "Running" : "Error",
          `minute ${changes}`,
        );
        changes += 1;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  figure("minute_of_changes", {
    changes,
    bytes: minuteBytes,
    note: "status changes of random workspaces across the cluster for 60 s, the table at its top",
  });
  figure("dom_final", await domNodes());
  figure("bytes_session_total", { bytes: received });
  await pause("after");
  await browser.close();
  input.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
