import assert from 'node:assert/strict';
import { test } from 'node:test';

import { suggestVersionName } from './versionName';

test('v1 for a new model', () => {
  assert.equal(suggestVersionName([]), 'v1');
  assert.equal(suggestVersionName(['first', 'latest']), 'v1');
});

test('one more than the highest vN', () => {
  assert.equal(suggestVersionName(['v1', 'v2']), 'v3');
  assert.equal(suggestVersionName(['v1', 'V7', 'v3']), 'v8');
  assert.equal(suggestVersionName(['v2']), 'v3');
  assert.equal(suggestVersionName(['v01', 'v9']), 'v10');
});
