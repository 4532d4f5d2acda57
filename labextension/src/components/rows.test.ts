import assert from 'node:assert/strict';
import { test } from 'node:test';

import { patchRow, removeRow } from './rows';

const rows = [
  { key: 'a', value: '1' },
  { key: 'b', value: '2' },
  { key: 'c', value: '3' }
];

test('patchRow changes only the row at the index, leaving the input as it was', () => {
  const changed = patchRow(rows, 1, { value: 'two' });
  assert.deepEqual(changed, [
    { key: 'a', value: '1' },
    { key: 'b', value: 'two' },
    { key: 'c', value: '3' }
  ]);
  assert.equal(rows[1].value, '2');
  assert.equal(changed[0], rows[0]);
});

test('removeRow drops only the row at the index; an index out of range drops none', () => {
  assert.deepEqual(
    removeRow(rows, 0).map(row => row.key),
    ['b', 'c']
  );
  assert.deepEqual(removeRow(rows, 5), rows);
});
