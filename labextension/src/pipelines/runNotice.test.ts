import { test } from 'node:test';
import assert from 'node:assert/strict';

import { plainTrans } from '../trans';
import { runNotice } from './runNotice';
import { makeRun } from './run.testutil';
import { IRun, IRunStep, RunStatus, StepStatus } from './types';

function run(
  status: RunStatus,
  steps: StepStatus[],
  more: Partial<IRun> = {}
): IRun {
  return makeRun({
    id: 'r1',
    notebook: 'demo.ipynb',
    pipeline: 'demo',
    status,
    created: 100,
    steps: steps.map((s, i): IRunStep => ({
      name: `s${i}`,
      status: s,
      seconds: null
    })),
    ...more
  });
}

const LABEL = 'demo pipeline';

test('a going local run counts the steps that are over', () => {
  const notice = runNotice(
    run('RUNNING', ['SUCCEEDED', 'CACHED', 'RUNNING', 'PENDING']),
    LABEL,
    plainTrans
  );
  assert.deepEqual(notice, {
    message: 'demo pipeline: local run, 2 of 4 steps done…',
    type: 'in-progress',
    progress: 0.5
  });
});

test('a Kubeflow run with no step states yet gives no count, only its state', () => {
  const notice = runNotice(
    run('PENDING', ['PENDING', 'PENDING'], { mode: 'kfp' }),
    LABEL,
    plainTrans
  );
  assert.deepEqual(notice, {
    message: 'demo pipeline: Kubeflow run pending…',
    type: 'in-progress'
  });
  // once a step moved, it counts as a local run does
  const moving = runNotice(
    run('RUNNING', ['SUCCEEDED', 'RUNNING'], { mode: 'kfp' }),
    LABEL,
    plainTrans
  );
  assert.equal(moving.progress, 0.5);
});

test('the end says how, in how long, and where it failed with why', () => {
  assert.deepEqual(
    runNotice(
      run('SUCCEEDED', ['SUCCEEDED'], { finished: 112.34 }),
      LABEL,
      plainTrans
    ),
    {
      message: 'demo pipeline: local run succeeded in 12.3 s.',
      type: 'success'
    }
  );
  assert.deepEqual(
    runNotice(run('CANCELLED', ['SUCCEEDED', 'PENDING']), LABEL, plainTrans),
    { message: 'demo pipeline: local run cancelled.', type: 'warning' }
  );
  const failed = runNotice(
    run('FAILED', ['SUCCEEDED', 'FAILED'], {
      error: `ZeroDivisionError: division by zero\n${'traceback '.repeat(40)}`
    }),
    LABEL,
    plainTrans
  );
  assert.equal(failed.type, 'error');
  assert.equal(
    failed.message,
    'demo pipeline: local run failed at step s1: ZeroDivisionError: division by zero'
  );
  // a long first line is cut so the reason's start fits the notification
  const long = runNotice(
    run('FAILED', [], { mode: 'kfp', error: 'x'.repeat(300) }),
    LABEL,
    plainTrans
  );
  assert.ok(long.message.length < 140, long.message);
  assert.ok(long.message.endsWith('…'));
  assert.equal(
    runNotice(run('FAILED', []), LABEL, plainTrans).message,
    'demo pipeline: local run failed.'
  );
});
