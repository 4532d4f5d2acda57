/**
 * A second `jupyter lab` of the UI tests' configuration (jupyter_server_test_config.py)
 * with other settings, for a test that needs the server set up otherwise: storage at an
 * endpoint nothing answers, no cluster, another user.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

const UI_TESTS = path.resolve(__dirname, '..');
// Each second lab's output, kept for the report of a lab that did not start.
const LOGS = path.join(UI_TESTS, 'test-results', 'second-labs');
// A lab answers in under 30 s alone; a busy 2-core CI machine has needed more than 60.
const START_DEADLINE_MS = 120000;
const POLL_MS = 250;

export interface ISecondLab {
  url: string;
  process: ChildProcess;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Start it with extra command-line settings and environment; resolves once it answers. */
export async function startLab(
  args: string[],
  env: Record<string, string> = {}
): Promise<ISecondLab> {
  const port = await freePort();
  fs.mkdirSync(LOGS, { recursive: true });
  const log = path.join(LOGS, `lab-${port}.log`);
  const output = fs.openSync(log, 'w');
  const child = spawn(
    'jupyter',
    [
      'lab',
      '--config',
      'jupyter_server_test_config.py',
      `--port=${port}`,
      '--no-browser',
      ...args
    ],
    {
      cwd: UI_TESTS,
      stdio: ['ignore', output, output],
      // The suite's lab alone serves KFP's artifact store (jupyter_server_test_config.py).
      env: { ...process.env, KUBEFLOW_UI_KFP_STORE: '', ...env }
    }
  );
  fs.closeSync(output);
  const url = `http://localhost:${port}/lab`;
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(url)).ok) {
        return { url, process: child };
      }
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, POLL_MS));
  }
  child.kill('SIGKILL');
  const tail = fs.readFileSync(log, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(
    `jupyter lab ${args.join(' ')} did not answer on port ${port} within ` +
      `${START_DEADLINE_MS / 1000} s (exit code ${child.exitCode}); ` +
      `the end of its output (${log}):\n${tail}`
  );
}

/** SIGTERM it and wait for it to exit (SIGKILL after 15 s). */
export function stopLab(lab: ISecondLab | undefined): Promise<void> {
  const child = lab?.process;
  if (!child || child.exitCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
