/**
 * Galata's configuration, with Debian's Chromium (no browser download) and a real
 * `jupyter lab` started for the run (see jupyter_server_test_config.py).
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

// One port per concurrent run (developers run suites side by side); CI uses 8888.
const port = process.env.JUPYTER_PORT || '8888';

// JUPYTER_LAB_COMMAND: run the smoke tests (tests/smoke.spec.ts) alone against the
// `jupyter lab` it names, started here on JUPYTER_PORT; `make dist-test` points it at the
// wheel installed in a virtualenv of its own. Without it: every other spec, against the
// project's .venv (`jlpm start`).
const labCommand = process.env.JUPYTER_LAB_COMMAND;
const SMOKE = '**/smoke.spec.ts';

// The folder of KFP's artifact store that jupyter_server_test_config.py serves over S3
// for the lab the suite runs against (tests/kubeflow-runs.spec.ts writes into it);
// second labs started by specs are started without it (tests/second-lab.ts).
if (!labCommand) {
  process.env.KUBEFLOW_UI_KFP_STORE = require('path').join(
    __dirname,
    '.kfp-store'
  );
}

module.exports = {
  ...baseConfig,
  timeout: 120000,
  expect: { timeout: 30000 },
  // CI runs a failed test once more, to tell a flaky test (passes on the retry) from a
  // broken one (fails again); flaky-reporter.js lists every retried test in the log and
  // in test-results/flaky-tests.txt. A flaky test still fails CI: a pass on a retry is
  // how a real race hides (the server once described a workspace before its kind index
  // had the kind; only a retry saw it), and a test that passes by chance proves nothing.
  retries: process.env.CI ? 1 : 0,
  failOnFlakyTests: !!process.env.CI,
  workers: 1,
  ...(labCommand ? { testMatch: SMOKE } : { testIgnore: SMOKE }),
  reporter: [['list'], ['./flaky-reporter.js']],
  use: {
    ...baseConfig.use,
    baseURL: `http://localhost:${port}`,
    video: 'off',
    trace: 'off',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  webServer: {
    command: `${labCommand || 'jlpm start'} --port ${port}`,
    url: `http://localhost:${port}/lab`,
    timeout: 120 * 1000,
    // A named lab must be the one tested: never a server already on the port.
    reuseExistingServer: !labCommand && !process.env.CI
  }
};
