import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ITrans, plainTrans } from '../trans';
import { countText, emptyText, listLabel } from './listTexts';
import { deniedText } from './permissions';

/** What a translator is asked: the message ids, each whole (no word glued in code). */
function asked(): { trans: ITrans; ids: string[] } {
  const ids: string[] = [];
  const trans: ITrans = {
    __: (msgid, ...args) => {
      ids.push(msgid);
      return plainTrans.__(msgid, ...args);
    },
    _n: (msgid, plural, n, ...args) => {
      ids.push(`${msgid} | ${plural}`);
      return plainTrans._n(msgid, plural, n, ...args);
    }
  };
  return { trans, ids };
}

test('the count: one plural message, singular and plural, matching or not', () => {
  const { trans, ids } = asked();
  assert.equal(countText(1, true, trans), '1 workspace matches');
  assert.equal(countText(6, true, trans), '6 workspaces match');
  assert.equal(countText(50000, false, trans), '50,000 workspaces');
  assert.equal(countText(1, false, trans), '1 workspace');
  assert.deepEqual(
    new Set(ids),
    new Set([
      '%2 workspace matches | %2 workspaces match',
      '%2 workspace | %2 workspaces'
    ])
  );
});

test('the list name and its empty line name the namespace inside the sentence', () => {
  const { trans, ids } = asked();
  assert.deepEqual(
    [
      listLabel(false, 'team-a', false, trans),
      listLabel(false, 'team-a', true, trans),
      listLabel(true, 'team-a', false, trans),
      listLabel(true, 'team-a', true, trans),
      emptyText(false, 'team-a', false, trans),
      emptyText(false, 'team-a', true, trans),
      emptyText(true, '', false, trans),
      emptyText(true, '', true, trans)
    ],
    [
      'Workspaces in team-a',
      'Workspaces in team-a (possibly out of date)',
      'Workspaces in all namespaces',
      'Workspaces in all namespaces (possibly out of date)',
      'No workspaces in team-a yet.',
      'No workspace in team-a matches.',
      'No workspaces in any namespace yet.',
      'No workspace in any namespace matches.'
    ]
  );
  // each case its own message: "all namespaces" is never a word put into another
  assert.equal(new Set(ids).size, 8);
  assert.ok(ids.every(id => id !== 'all namespaces'));
});

test('a refusal is one sentence a verb (no English verb put into another)', () => {
  const { trans, ids } = asked();
  for (const verb of ['create', 'update', 'delete'] as const) {
    assert.equal(
      deniedText(verb, 'team-a', trans),
      `You may not ${verb} workspaces in team-a.`
    );
  }
  assert.equal(new Set(ids).size, 3);
  assert.ok(ids.every(id => !id.includes('%2')));
});
