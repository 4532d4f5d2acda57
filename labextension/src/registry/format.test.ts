import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  formatBytes,
  formatTimestamp,
  listModelsPath,
  sortChoices
} from './format';
import { plainTrans } from '../trans';
import { testAnswers } from '../testing/testEach';

testAnswers(
  'list query: only what is set, ALL means no state',
  listModelsPath,
  [
    [{}, 'models'],
    [{ q: '  ', state: 'ALL' }, 'models'],
    [
      {
        q: 'iris & co',
        state: 'ARCHIVED',
        orderBy: 'NAME',
        sortOrder: 'ASC',
        pageSize: 50,
        pageToken: 'abc=='
      },
      'models?q=iris+%26+co&state=ARCHIVED&orderBy=NAME&sortOrder=ASC&pageSize=50&pageToken=abc%3D%3D'
    ]
  ]
);

test('timestamps in milliseconds; nothing for missing or broken ones', () => {
  assert.equal(formatTimestamp(undefined), '');
  assert.equal(formatTimestamp(''), '');
  assert.equal(formatTimestamp('0'), '');
  assert.equal(formatTimestamp('not a number'), '');
  const text = formatTimestamp('1700000000000', 'en-US');
  assert.match(text, /2023/);
});

testAnswers('bytes', formatBytes, [
  [0, '0 B'],
  [1536, '1.5 KB'],
  [5 * 1024 * 1024, '5.0 MB'],
  [-1, '']
]);

test('sorts: what the registry applies, the rest said and disabled', () => {
  const all = sortChoices(
    ['ID', 'NAME', 'CREATE_TIME', 'LAST_UPDATE_TIME'],
    plainTrans
  );
  assert.deepEqual(
    all.map(s => [s.value, s.disabled]),
    [
      ['NAME', false],
      ['CREATE_TIME', false],
      ['LAST_UPDATE_TIME', false]
    ]
  );
  // the real server ignores orderBy=NAME
  const [name] = sortChoices(
    ['ID', 'CREATE_TIME', 'LAST_UPDATE_TIME'],
    plainTrans
  );
  assert.deepEqual(name, {
    value: 'NAME',
    label: 'Name (not applied by this registry)',
    disabled: true
  });
  // before any answer: nothing is known to be ignored
  assert.deepEqual(
    sortChoices(undefined, plainTrans).map(s => s.disabled),
    [false, false, false]
  );
});
