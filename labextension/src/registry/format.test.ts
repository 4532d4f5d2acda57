import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatBytes, formatTimestamp, listModelsPath } from './format';

test('list query: only what is set, ALL means no state', () => {
  assert.equal(listModelsPath({}), 'models');
  assert.equal(listModelsPath({ q: '  ', state: 'ALL' }), 'models');
  assert.equal(
    listModelsPath({
      q: 'iris & co',
      state: 'ARCHIVED',
      orderBy: 'NAME',
      sortOrder: 'ASC',
      pageSize: 50,
      pageToken: 'abc=='
    }),
    'models?q=iris+%26+co&state=ARCHIVED&orderBy=NAME&sortOrder=ASC&pageSize=50&pageToken=abc%3D%3D'
  );
});

test('timestamps in milliseconds; nothing for missing or broken ones', () => {
  assert.equal(formatTimestamp(undefined), '');
  assert.equal(formatTimestamp('not a number'), '');
  const text = formatTimestamp('1700000000000', 'en-US');
  assert.match(text, /2023/);
});

test('bytes', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
  assert.equal(formatBytes(-1), '');
});
