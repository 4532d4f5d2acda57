import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DEFAULT_TABLE_COLUMNS,
  NAME_MIN_WIDTH,
  offeredColumns,
  shownColumns,
  tableMinWidth,
  withColumn
} from './columns';

test('by default the name and the state, and the namespace when all are listed', () => {
  assert.deepEqual(shownColumns(DEFAULT_TABLE_COLUMNS, false), [
    'name',
    'state'
  ]);
  assert.deepEqual(shownColumns(DEFAULT_TABLE_COLUMNS, true), [
    'name',
    'namespace',
    'state'
  ]);
});

test('the default columns fit a sidebar of default width (about 225 px of table)', () => {
  assert.ok(tableMinWidth(shownColumns(DEFAULT_TABLE_COLUMNS, false)) <= 225);
});

test("a setting's columns come in the table's order, the name always, unknown names passed over", () => {
  assert.deepEqual(shownColumns('gpu, kind,bogus,,state', false), [
    'name',
    'kind',
    'state',
    'gpu'
  ]);
  assert.deepEqual(shownColumns('', false), ['name']);
});

test('the picker offers every column but the name; the namespace only with all namespaces', () => {
  assert.ok(!offeredColumns(true).includes('name'));
  assert.ok(offeredColumns(true).includes('namespace'));
  assert.ok(!offeredColumns(false).includes('namespace'));
  assert.equal(offeredColumns(false).length, 6);
});

test('showing and hiding a column rewrites the setting in order; the name cannot be hidden', () => {
  assert.equal(withColumn('name,state', 'kind', true), 'name,kind,state');
  assert.equal(withColumn('name,kind,state', 'kind', false), 'name,state');
  assert.equal(withColumn('state,bogus', 'name', false), 'name,state');
  assert.equal(withColumn('name,state', 'state', true), 'name,state');
});

test("the table's least width counts the name at its narrowest", () => {
  assert.equal(tableMinWidth(['name']), NAME_MIN_WIDTH);
  assert.equal(
    tableMinWidth(['name', 'state', 'gpu']),
    NAME_MIN_WIDTH + 96 + 48
  );
});
