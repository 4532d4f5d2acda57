import { test } from 'node:test';
import assert from 'node:assert/strict';

import { plainTrans } from '../trans';
import { experimentsHint, findExperiment } from './experiments';
import { IExperiment } from './types';

const experiment = (name: string, archived = false): IExperiment => ({
  id: `id-${name}`,
  name,
  description: '',
  created: null,
  archived,
  url: ''
});
const listed = [experiment('nightly'), experiment('old', true)];

test('a typed name is the listed experiment of exactly that name', () => {
  assert.equal(findExperiment(listed, 'nightly')?.id, 'id-nightly');
  assert.equal(findExperiment(listed, '  nightly ')?.id, 'id-nightly');
  // KFP's names are exact: another case is another experiment
  assert.equal(findExperiment(listed, 'Nightly'), null);
  assert.equal(findExperiment(listed, ''), null);
});

test('the hint says which experiment a run goes into, or that it is new', () => {
  const loaded = { kind: 'loaded' as const, experiments: listed };
  assert.equal(
    experimentsHint(loaded, 'nightly', 'team-a', plainTrans),
    'Runs go into the experiment nightly of namespace team-a.'
  );
  assert.equal(
    experimentsHint(loaded, 'fresh', 'team-a', plainTrans),
    'New experiment: fresh is created in namespace team-a on submit.'
  );
  assert.match(
    experimentsHint(loaded, 'old', '', plainTrans),
    /^old is an archived experiment of this Kubeflow Pipelines/
  );
  assert.match(
    experimentsHint(loaded, '', 'team-a', plainTrans),
    /^Choose one of the 2 experiments of namespace team-a/
  );
  assert.match(
    experimentsHint(
      { kind: 'loaded', experiments: [experiment('solo')] },
      '',
      'team-a',
      plainTrans
    ),
    /^Choose the experiment of namespace team-a, or type a new name/
  );
});

test('loading, empty, unreachable and hostless listings each say so', () => {
  assert.equal(
    experimentsHint({ kind: 'loading' }, 'x', 'team-a', plainTrans),
    'Listing the experiments of namespace team-a…'
  );
  assert.match(
    experimentsHint(
      { kind: 'loaded', experiments: [] },
      '',
      'team-a',
      plainTrans
    ),
    /^No experiments in namespace team-a yet/
  );
  // An unreachable KFP is named, and the typed name still goes: nothing is blocked.
  const error = experimentsHint(
    { kind: 'error', message: 'KFP at http://127.0.0.1:9 cannot be reached' },
    'mine',
    'team-a',
    plainTrans
  );
  assert.match(error, /127\.0\.0\.1:9 cannot be reached\. The name typed/);
  assert.match(error, /still used \(created if absent\)/);
  assert.match(
    experimentsHint({ kind: 'no-host' }, '', '', plainTrans),
    /Type the Kubeflow Pipelines host/
  );
});
