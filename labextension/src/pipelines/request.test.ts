import { test } from 'node:test';
import assert from 'node:assert/strict';

import { runRequest } from './request';

test('runRequest sends only what was chosen (the server keeps its defaults)', () => {
  assert.deepEqual(runRequest('a.ipynb', 'local', {}, undefined, {}), {
    path: 'a.ipynb',
    mode: 'local',
    parameters: {}
  });
});

test('runRequest carries namespace and cache for a KFP submission', () => {
  assert.deepEqual(
    runRequest('a.ipynb', 'kfp', { n: 1 }, 'tags', {
      host: 'http://kfp',
      experiment: 'e',
      namespace: 'team-a',
      cache: false
    }),
    {
      path: 'a.ipynb',
      mode: 'kfp',
      parameters: { n: 1 },
      split: 'tags',
      host: 'http://kfp',
      experiment: 'e',
      namespace: 'team-a',
      cache: false
    }
  );
});

test('runRequest keeps cache true (not dropped as falsy) and names from_step', () => {
  assert.deepEqual(
    runRequest('a.ipynb', 'local', {}, undefined, {
      cache: true,
      fromStep: 'train'
    }),
    {
      path: 'a.ipynb',
      mode: 'local',
      parameters: {},
      cache: true,
      from_step: 'train'
    }
  );
});
