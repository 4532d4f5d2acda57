import { test } from 'node:test';
import assert from 'node:assert/strict';

import { RunPoller } from './poller';
import { makeRun } from './run.testutil';
import { IRun, RunStatus } from './types';

// The fetch here is a fake server answering from a script: the poller is pure logic.
function run(status: RunStatus, id = 'r1'): IRun {
  return makeRun({ id, status });
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await sleep(2);
  }
}

test('polls while the run is active and stops when it is over', async () => {
  const script: RunStatus[] = ['RUNNING', 'RUNNING', 'SUCCEEDED'];
  const seen: RunStatus[] = [];
  let fetches = 0;
  const poller = new RunPoller({
    fetchRun: async () => run(script[fetches++]),
    onUpdate: r => seen.push(r.status),
    intervalMs: 5
  });
  poller.follow(run('PENDING'));
  await until(() => seen.length === 4);
  await sleep(40);
  assert.deepEqual(seen, ['PENDING', 'RUNNING', 'RUNNING', 'SUCCEEDED']);
  assert.equal(fetches, 3, 'no poll after SUCCEEDED');
  assert.equal(poller.polling, false);
});

test('a finished run is reported once and never polled', async () => {
  let fetches = 0;
  const seen: RunStatus[] = [];
  const poller = new RunPoller({
    fetchRun: async () => {
      fetches++;
      return run('FAILED');
    },
    onUpdate: r => seen.push(r.status),
    intervalMs: 5
  });
  poller.follow(run('FAILED'));
  await sleep(30);
  assert.deepEqual(seen, ['FAILED']);
  assert.equal(fetches, 0);
});

test('dispose stops polling, and an answer in flight is dropped', async () => {
  let release: (r: IRun) => void = () => undefined;
  const seen: RunStatus[] = [];
  let fetches = 0;
  const poller = new RunPoller({
    fetchRun: () => {
      fetches++;
      return new Promise<IRun>(resolve => (release = resolve));
    },
    onUpdate: r => seen.push(r.status),
    intervalMs: 5
  });
  poller.follow(run('RUNNING'));
  await until(() => fetches === 1);
  poller.dispose();
  release(run('SUCCEEDED'));
  await sleep(30);
  assert.deepEqual(seen, ['RUNNING']);
  assert.equal(fetches, 1);
  assert.equal(poller.isDisposed, true);
});

test('following a new run forgets the old one', async () => {
  const seen: string[] = [];
  const poller = new RunPoller({
    fetchRun: async id => run(id === 'old' ? 'RUNNING' : 'SUCCEEDED', id),
    onUpdate: r => seen.push(`${r.id}:${r.status}`),
    intervalMs: 5
  });
  poller.follow(run('RUNNING', 'old'));
  poller.follow(run('RUNNING', 'new'));
  await until(() => seen.includes('new:SUCCEEDED'));
  await sleep(30);
  assert.ok(!seen.slice(2).some(s => s.startsWith('old')), seen.join(' '));
  poller.dispose();
});

test('failures are reported and retried, then given up', async () => {
  const errors: unknown[] = [];
  let fetches = 0;
  const poller = new RunPoller({
    fetchRun: async () => {
      fetches++;
      throw new Error('server gone');
    },
    onUpdate: () => undefined,
    onError: e => errors.push(e),
    intervalMs: 2,
    maxFailures: 3
  });
  poller.follow(run('RUNNING'));
  await until(() => errors.length === 3);
  await sleep(30);
  assert.equal(fetches, 3);
  assert.equal(poller.polling, false);
});
