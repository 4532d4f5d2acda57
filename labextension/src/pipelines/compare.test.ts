import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  comparisonNotes,
  compareRuns,
  formatDuration,
  isoSeconds,
  needsOutputs,
  runSeconds,
  toggleChoice
} from './compare';
import { plainTrans } from '../trans';
import { makeRun } from './run.testutil';
import { IRun } from './types';

function run(fields: Partial<IRun>): IRun {
  return makeRun({ created: 100, finished: 112.5, ...fields });
}

test('two runs compare parameter by parameter, metric by metric', () => {
  const a = run({
    id: 'a',
    parameters: { factor: 2, label: 'demo' },
    metrics: { score: 20, accuracy: 0.5 }
  });
  const b = run({
    id: 'b',
    parameters: { factor: 5, label: 'demo', extra: [1] },
    metrics: { score: 44 }
  });
  const rows = compareRuns(a, b);
  assert.deepEqual(
    rows.map(r => [r.kind, r.name, r.first, r.second, r.differs, r.change]),
    [
      ['parameter', 'extra', '–', '[1]', true, null],
      ['parameter', 'factor', '2', '5', true, null],
      ['parameter', 'label', '"demo"', '"demo"', false, null],
      ['metric', 'accuracy', '0.500000', '–', true, null],
      ['metric', 'score', '20', '44', true, 24]
    ]
  );
});

test('durations read as people say them; a running run counts to now', () => {
  assert.equal(formatDuration(runSeconds(run({}), 0), plainTrans), '12.5 s');
  assert.equal(
    formatDuration(runSeconds(run({ finished: null }), 190), plainTrans),
    '1 min 30 s'
  );
  assert.equal(formatDuration(7500, plainTrans), '2 h 5 min');
  assert.equal(formatDuration(null, plainTrans), '–');
  assert.equal(runSeconds(run({ created: NaN }), 0), null);
});

test('at most two runs are chosen; a third replaces the older', () => {
  assert.deepEqual(toggleChoice([], 'a'), ['a']);
  assert.deepEqual(toggleChoice(['a'], 'b'), ['a', 'b']);
  assert.deepEqual(toggleChoice(['a', 'b'], 'c'), ['b', 'c']);
  assert.deepEqual(toggleChoice(['a', 'b'], 'a'), ['b']);
});

test("a Kubeflow run's duration comes from its ISO times", () => {
  assert.equal(
    isoSeconds('2026-11-30T09:00:00+00:00', '2026-11-30T09:01:30+00:00', 0),
    90
  );
  const start = Date.parse('2026-11-30T09:00:00Z') / 1000;
  assert.equal(isoSeconds('2026-11-30T09:00:00Z', null, start + 5), 5);
  assert.equal(isoSeconds(null, null, 0), null);
  assert.equal(isoSeconds('not a time', null, 0), null);
});

test('two Kubeflow runs compare as local runs do, with metrics read from the store', () => {
  // A Kubeflow run with its factor and score, its metrics artifact in the store.
  const kfpRun = (id: string, kfpId: string, factor: number, score: number) =>
    run({
      id,
      mode: 'kfp',
      kfp_run_id: kfpId,
      parameters: { factor },
      metrics: { score },
      outputs: [
        {
          step: 'finish',
          name: 'kfp_metrics',
          path: '',
          type: 'Metrics',
          uri: `minio://mlpipeline/v2/artifacts/p/${kfpId}/step-finish/kfp_metrics`
        }
      ]
    });
  const a = kfpRun('a', 'run-1', 2, 12);
  const b = kfpRun('b', 'run-2', 3, 18);
  assert.deepEqual(
    compareRuns(a, b).map(r => [r.kind, r.name, r.first, r.second, r.change]),
    [
      ['parameter', 'factor', '2', '3', null],
      ['metric', 'score', '12', '18', 6]
    ]
  );
  assert.deepEqual(comparisonNotes(a, b), []);
  assert.equal(needsOutputs(a), false);
});

test('a Kubeflow run not read yet is asked for; one unreadable says where to look', () => {
  const unread = run({ id: 'k', mode: 'kfp', kfp_run_id: 'run-3' });
  assert.equal(needsOutputs(unread), true);
  assert.equal(needsOutputs(run({ id: 'l' })), false); // a local run has its own
  const where =
    "KFP's artifact store is not configured here: read them on the run's page";
  const unreadable = { ...unread, outputs_where: where };
  assert.equal(needsOutputs(unreadable), false);
  assert.deepEqual(comparisonNotes(run({ id: 'l' }), unreadable), [
    `Run k: ${where}`
  ]);
});
