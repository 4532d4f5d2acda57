import { test } from 'node:test';
import assert from 'node:assert/strict';

import { appendBounded, auditLine, mountLines, parseLogEvent } from './logs';

test('followed text stays bounded, cut at a line boundary', () => {
  assert.deepEqual(appendBounded('a\n', 'b\n', 10), {
    text: 'a\nb\n',
    cut: false
  });
  const long = appendBounded('line-1\nline-2\n', 'line-3\n', 10);
  assert.equal(long.cut, true);
  assert.equal(long.text, 'line-3\n');
  assert.ok(long.text.length <= 10);
  // One line longer than the bound: its tail is kept.
  const huge = appendBounded('', 'x'.repeat(25), 10);
  assert.equal(huge.text, 'x'.repeat(10));
  assert.equal(huge.cut, true);
});

test('log stream events: lines, end with its reason, errors; others ignored', () => {
  assert.deepEqual(parseLogEvent('{"type":"lines","text":"hi\\n"}'), {
    type: 'lines',
    text: 'hi\n'
  });
  assert.deepEqual(parseLogEvent('{"type":"end","reason":"byte bound"}'), {
    type: 'end',
    reason: 'byte bound'
  });
  assert.deepEqual(parseLogEvent('{"message":"pod gone"}'), {
    type: 'error',
    message: 'pod gone'
  });
  assert.equal(parseLogEvent('not json'), null);
  assert.equal(parseLogEvent('{"type":"lines"}'), null);
  assert.equal(parseLogEvent('3'), null);
});

test('details: who created and changed it, and its mounts', () => {
  assert.equal(auditLine(null, null), '—');
  assert.equal(auditLine('alice', null), 'alice');
  assert.equal(
    auditLine('kubectl-create', null, true),
    'kubectl-create (tool)'
  );
  assert.match(auditLine('bob', '2026-01-01T12:00:00Z'), /^bob, .+$/);
  assert.deepEqual(
    mountLines({
      pod: null,
      mounts: {
        home: { pvcName: 'home-pvc', mountPath: '/home/jovyan' },
        data: [{ pvcName: 'data', mountPath: '/data', readOnly: true }],
        secrets: [{ secretName: 'creds', mountPath: '/secrets' }]
      },
      audit: {
        createdAt: null,
        createdBy: null,
        updatedAt: null,
        updatedBy: null
      }
    }),
    [
      'Home: home-pvc at /home/jovyan',
      'Data: data at /data (read-only)',
      'Secret: creds at /secrets'
    ]
  );
});
