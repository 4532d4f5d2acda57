import { test } from 'node:test';
import assert from 'node:assert/strict';

import { refusalOf } from './permissions';

const allowed = { create: true, update: true, delete: true, reasons: {} };

test('refusalOf: an allowed verb is not refused', () => {
  assert.equal(refusalOf(allowed, 'delete', 'never'), undefined);
});

test("refusalOf: a refused verb gives the server's reason, else the fallback", () => {
  const refused = {
    ...allowed,
    delete: false,
    update: false,
    reasons: { delete: 'RBAC: no delete on secrets' }
  };
  assert.equal(
    refusalOf(refused, 'delete', 'fallback'),
    'RBAC: no delete on secrets'
  );
  assert.equal(refusalOf(refused, 'update', 'fallback'), 'fallback');
});

test('refusalOf: unknown permissions (still loading) refuse with Loading…', () => {
  assert.equal(refusalOf(undefined, 'create', 'fallback'), 'Loading…');
});
