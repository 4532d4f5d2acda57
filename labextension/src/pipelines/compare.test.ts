import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  compareRuns,
  formatDuration,
  isoSeconds,
  runSeconds,
  toggleChoice
} from './compare';
import { IRun } from './types';

function run(fields: Partial<IRun>): IRun {
  return {
    id: 'r',
    mode: 'local',
    notebook: 'n.ipynb',
    pipeline: 'n',
    status: 'SUCCEEDED',
    created: 100,
    finished: 112.5,
    parameters: {},
    steps: [],
    metrics: {},
    log_tail: '',
    error: null,
    url: null,
    kfp_run_id: null,
    outputs: [],
    ...fields
  };
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
  assert.equal(formatDuration(runSeconds(run({}), 0)), '12.5 s');
  assert.equal(
    formatDuration(runSeconds(run({ finished: null }), 190)),
    '1 min 30 s'
  );
  assert.equal(formatDuration(7500), '2 h 5 min');
  assert.equal(formatDuration(null), '–');
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
