import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  appendBounded,
  auditLine,
  logFileName,
  mountLines,
  outdatedLine,
  parseLogEvent,
  resourcesLine,
  sinceSecondsOf
} from './logs';
import { plainTrans } from '../trans';

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
  // no words from the server: the view says its own
  assert.deepEqual(parseLogEvent('{"type":"end"}'), {
    type: 'end',
    reason: null
  });
  assert.equal(parseLogEvent('not json'), null);
  assert.equal(parseLogEvent('{"type":"lines"}'), null);
  assert.equal(parseLogEvent('3'), null);
});

test('details: who created and changed it, and its mounts', () => {
  assert.equal(auditLine(null, null, plainTrans), '—');
  assert.equal(auditLine('alice', null, plainTrans), 'alice');
  assert.equal(
    auditLine('kubectl-create', null, plainTrans, true),
    'kubectl-create (tool)'
  );
  assert.match(
    auditLine('bob', '2026-01-01T12:00:00Z', plainTrans),
    /^bob, .+$/
  );
  assert.deepEqual(
    mountLines(
      {
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
      },
      plainTrans
    ),
    [
      'Home: home-pvc at /home/jovyan',
      'Data: data at /data (read-only)',
      'Secret: creds at /secrets'
    ]
  );
});

test('"since" choices become sinceSeconds; a chosen time is checked', () => {
  const now = Date.parse('2026-03-01T12:00:00');
  assert.equal(sinceSecondsOf('', '', plainTrans, now), undefined);
  assert.equal(sinceSecondsOf('3600', '', plainTrans, now), 3600);
  assert.equal(
    sinceSecondsOf('time', '2026-03-01T11:30', plainTrans, now),
    1800
  );
  assert.deepEqual(sinceSecondsOf('time', '', plainTrans, now), {
    error: 'Choose the time to show lines from.'
  });
  assert.deepEqual(
    sinceSecondsOf('time', '2026-03-01T13:00', plainTrans, now),
    {
      error: 'That time is in the future.'
    }
  );
  assert.deepEqual(
    sinceSecondsOf('time', '2020-01-01T00:00', plainTrans, now),
    {
      error: 'At most a year back.'
    }
  );
});

test('a downloaded log is named after the workspace and container', () => {
  assert.equal(logFileName('ws-1', 'main', false), 'ws-1-main.log');
  assert.equal(
    logFileName('ws-1', 'side car', true),
    'ws-1-side_car-previous.log'
  );
  assert.equal(logFileName('../x', '', false), '.._x-main.log');
});

test('resources and an outdated pod in words', () => {
  const resources = {
    podConfig: 'gpu',
    displayName: 'GPU',
    requests: { cpu: '1', memory: '2Gi' },
    limits: { memory: '4Gi', 'nvidia.com/gpu': '1' },
    gpus: 1
  };
  assert.equal(
    resourcesLine(resources, plainTrans),
    '1 CPU, 4Gi memory, 1 GPU'
  );
  assert.equal(
    resourcesLine(
      { ...resources, requests: {}, limits: {}, gpus: 0 },
      plainTrans
    ),
    'no requests or limits'
  );
  assert.equal(
    outdatedLine({ what: 'image', pod: 'a:1', chosen: 'a:2' }, plainTrans),
    'Image: the pod runs a:1; a:2 is chosen.'
  );
  assert.match(
    outdatedLine(
      {
        what: 'resources',
        pod: { requests: {}, limits: {} },
        chosen: { requests: { cpu: '1' }, limits: {} }
      },
      plainTrans
    ),
    /the pod has requests —; limits —; the pod config gives requests cpu 1; limits —/
  );
});
