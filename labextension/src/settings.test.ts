import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Signal } from '@lumino/signaling';

import { readSettings, SettingsStore } from './settings';
import { pipelinesSettings } from './pipelines/settings';
import { registrySettings } from './registry/settings';
import { statusSettings } from './status/settings';
import { startNamespace, workspacesSettings } from './workspaces/settings';
import { withColumn } from './workspaces/columns';
import type { ColumnId } from './workspaces/table';

const SCHEMAS = join(__dirname, '..', 'schema');

test('readSettings takes each value of the default type, and only those', () => {
  const defaults = { name: '', size: 50, ask: true };
  assert.deepEqual(
    readSettings(defaults, { name: 'team-a', size: 10, ask: false }),
    { name: 'team-a', size: 10, ask: false }
  );
  // wrong types, non-finite numbers and missing keys keep the default; unknown keys go
  assert.deepEqual(
    readSettings(defaults, { name: 3, size: '10', ask: 'no', extra: 1 }),
    defaults
  );
  assert.deepEqual(readSettings(defaults, { size: Number.NaN }), defaults);
  assert.deepEqual(readSettings(defaults, { size: Infinity }), defaults);
  assert.deepEqual(readSettings(defaults, null), defaults);
});

test('a store emits the new values once per change, not for the same values', () => {
  const store = new SettingsStore('test:plugin', { size: 50, ask: true });
  const seen: unknown[] = [];
  store.changed.connect((_, value) => seen.push(value));
  store.apply({ size: 50, ask: true });
  assert.equal(seen.length, 0);
  store.apply({ size: 2, ask: true });
  store.apply({ size: 2, ask: true });
  assert.deepEqual(seen, [{ size: 2, ask: true }]);
  assert.deepEqual(store.current, { size: 2, ask: true });
  // a setting removed from the user's file falls back to its default
  store.apply({});
  assert.deepEqual(store.current, { size: 50, ask: true });
  assert.equal(seen.length, 2);
});

test('a store without a setting registry keeps its defaults', async () => {
  const store = new SettingsStore('test:plugin', { size: 50 });
  await store.connect(null);
  assert.deepEqual(store.current, { size: 50 });
});

test("each surface's defaults are its schema's, key for key", () => {
  for (const store of [
    workspacesSettings,
    pipelinesSettings,
    registrySettings,
    statusSettings
  ]) {
    const file = `${store.pluginId.split(':')[1]}.json`;
    const schema = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf-8'));
    const fromSchema = Object.fromEntries(
      Object.entries(schema.properties).map(([key, value]) => [
        key,
        (value as { default: unknown }).default
      ])
    );
    assert.deepEqual(store.defaults, fromSchema, file);
  }
});

test("the sidebar opens in the preferred namespace, else the connection's", () => {
  const listed = { current: 'team-a', canList: true };
  assert.equal(startNamespace('', listed), 'team-a');
  assert.equal(startNamespace('team-b', listed), 'team-b');
  assert.equal(startNamespace('*', listed), '*');
  // all namespaces only for a user who may list them
  assert.equal(startNamespace('*', { ...listed, canList: false }), 'team-a');
});

test('a store without a setting registry takes a change for the session', async () => {
  const store = new SettingsStore('test:plugin', { size: 50, ask: true });
  const seen: unknown[] = [];
  store.changed.connect((_, value) => seen.push(value));
  await store.set('size', 3);
  assert.deepEqual(store.current, { size: 3, ask: true });
  assert.deepEqual(seen, [{ size: 3, ask: true }]);
});

test("the table columns' schema pattern takes every column the picker can write, and only those", () => {
  const file = join(SCHEMAS, 'workspaces.json');
  const schema = JSON.parse(readFileSync(file, 'utf-8'));
  const pattern = new RegExp(schema.properties.tableColumns.pattern);
  let all = 'name';
  for (const id of [
    'kind',
    'image',
    'podConfig',
    'namespace',
    'state',
    'gpu'
  ]) {
    all = withColumn(all, id as ColumnId, true);
    assert.match(all, pattern);
  }
  assert.match(withColumn(all, 'lastActivity', true), pattern);
  assert.doesNotMatch('name,bogus', pattern);
  assert.doesNotMatch('name;state', pattern);
});

test('a change shows at once; one the registry refuses to save is put back', async () => {
  // A stand-in for JupyterLab's setting registry (only what the store calls): its save
  // refuses, as the real one does for a value its schema rejects.
  const saved = { size: 50, ask: true };
  const settings = {
    composite: saved,
    changed: new Signal<unknown, void>({}),
    set: async () => {
      throw new Error('refused by the schema');
    }
  };
  const registry = { load: async () => settings };
  const store = new SettingsStore('test:plugin', { size: 50, ask: true });
  await store.connect(registry as unknown as ISettingRegistry);
  const seen: unknown[] = [];
  store.changed.connect((_, value) => seen.push(value));
  const saving = store.set('size', 3);
  assert.deepEqual(store.current, { size: 3, ask: true });
  await assert.rejects(saving, /refused by the schema/);
  assert.deepEqual(store.current, saved);
  assert.deepEqual(seen, [
    { size: 3, ask: true },
    { size: 50, ask: true }
  ]);
});
