import { test } from 'node:test';
import assert from 'node:assert/strict';

import { applyWorkspaceEvent, parseStreamEvent } from './events';
import { workspaceItem } from '../testing/workspaces';
import type { IWorkspaceItem } from './types';

function item(name: string, state = 'Running'): IWorkspaceItem {
  return workspaceItem({
    name,
    displayName: name,
    state,
    url: '',
    created: '2026-01-01T00:00:00Z'
  });
}

test('a snapshot replaces the list, sorted by name', () => {
  const list = applyWorkspaceEvent([item('old')], {
    type: 'snapshot',
    items: [item('b'), item('a')]
  });
  assert.deepEqual(
    list.map(i => i.name),
    ['a', 'b']
  );
});

test('ADDED inserts in order, MODIFIED replaces, DELETED removes', () => {
  let list = [item('a'), item('c')];
  list = applyWorkspaceEvent(list, { type: 'ADDED', item: item('b') });
  assert.deepEqual(
    list.map(i => i.name),
    ['a', 'b', 'c']
  );
  list = applyWorkspaceEvent(list, {
    type: 'MODIFIED',
    item: item('b', 'Paused')
  });
  assert.equal(list.length, 3);
  assert.equal(list[1].state, 'Paused');
  list = applyWorkspaceEvent(list, { type: 'DELETED', item: item('a') });
  assert.deepEqual(
    list.map(i => i.name),
    ['b', 'c']
  );
});

test('deleting an unknown workspace keeps the same list', () => {
  const list = [item('a')];
  assert.equal(
    applyWorkspaceEvent(list, { type: 'DELETED', item: item('zz') }),
    list
  );
});

test('a MODIFIED for an unseen workspace adds it (the watch may be ahead)', () => {
  const list = applyWorkspaceEvent([], { type: 'MODIFIED', item: item('x') });
  assert.deepEqual(
    list.map(i => i.name),
    ['x']
  );
});

test('events are parsed by name; bad or foreign ones are dropped', () => {
  assert.deepEqual(parseStreamEvent('snapshot', '{"items": []}'), {
    type: 'snapshot',
    items: []
  });
  const modified = parseStreamEvent(
    'MODIFIED',
    JSON.stringify({ item: item('a') })
  );
  assert.equal(modified?.type, 'MODIFIED');
  assert.deepEqual(parseStreamEvent('error', '{"message": "cluster down"}'), {
    type: 'error',
    message: 'cluster down'
  });
  assert.equal(parseStreamEvent('MODIFIED', '{"item": {}}'), null);
  assert.equal(parseStreamEvent('snapshot', 'not json'), null);
  assert.equal(parseStreamEvent('BOOKMARK', '{"item": {"name": "a"}}'), null);
  assert.equal(parseStreamEvent('snapshot', 'null'), null);
});

test('across namespaces, a workspace is its namespace and name', () => {
  const a = { ...item('same'), namespace: 'team-a' };
  const b = { ...item('same'), namespace: 'team-b' };
  let list = applyWorkspaceEvent([], { type: 'snapshot', items: [b, a] });
  assert.deepEqual(
    list.map(one => `${one.namespace}/${one.name}`),
    ['team-a/same', 'team-b/same']
  );
  // A change in team-b replaces team-b's item only.
  list = applyWorkspaceEvent(list, {
    type: 'MODIFIED',
    item: { ...b, state: 'Paused' }
  });
  assert.deepEqual(
    list.map(one => `${one.namespace}/${one.state}`),
    ['team-a/Running', 'team-b/Paused']
  );
  // Deleting team-a's leaves team-b's.
  list = applyWorkspaceEvent(list, { type: 'DELETED', item: a });
  assert.deepEqual(
    list.map(one => one.namespace),
    ['team-b']
  );
});
