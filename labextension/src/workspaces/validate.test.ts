import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkDNS1123Label,
  checkDNS1123Subdomain,
  checkDisplayName,
  checkLabelValue,
  checkMountPath,
  checkQualifiedKey,
  checkWorkspaceName,
  duplicateIndexes,
  firstProblem,
  problemsOf,
  rule
} from './validate';
import { marking } from '../testing/trans';
import { emptyForm, validateWorkspaceForm } from './manifest';
import { validateSecretForm, validateVolumeForm } from './storage';

test('workspace names that Kubernetes accepts pass', () => {
  for (const name of ['a', 'ws1', 'my-workspace', '0abc', 'a'.repeat(63)]) {
    assert.equal(checkWorkspaceName(name), null, name);
  }
});

test('an empty name is required', () => {
  assert.equal(checkWorkspaceName(''), 'Name is required.');
});

test('a name over 63 characters says how long it is', () => {
  assert.equal(
    checkWorkspaceName('a'.repeat(64)),
    'Name must be at most 63 characters (it has 64).'
  );
});

test('an uppercase letter is named with its position', () => {
  assert.equal(
    checkWorkspaceName('myWorkspace'),
    "Name: 'W' at position 3 is not allowed; use lowercase letters, digits and '-'."
  );
});

test('underscores, dots and spaces are refused in a label', () => {
  assert.match(checkWorkspaceName('my_ws') ?? '', /'_' at position 3/);
  assert.match(checkWorkspaceName('my.ws') ?? '', /'\.' at position 3/);
  assert.match(checkWorkspaceName('my ws') ?? '', /' ' at position 3/);
});

test('a name must start and end with a letter or digit', () => {
  assert.equal(
    checkWorkspaceName('-ws'),
    'Name must start with a lowercase letter or a digit.'
  );
  assert.equal(
    checkWorkspaceName('ws-'),
    'Name must end with a lowercase letter or a digit.'
  );
});

test('the label check names what it checks', () => {
  assert.equal(checkDNS1123Label('', 'Namespace'), 'Namespace is required.');
});

test('subdomains take dots but not empty parts or bad labels', () => {
  assert.equal(checkDNS1123Subdomain('example.com'), null);
  assert.equal(
    checkDNS1123Subdomain('a..b'),
    'Name has an empty part between dots.'
  );
  assert.match(checkDNS1123Subdomain('a.B') ?? '', /part 'B'/);
  assert.match(checkDNS1123Subdomain('a'.repeat(254)) ?? '', /at most 253/);
});

test('display names are optional and at most 128 characters', () => {
  assert.equal(checkDisplayName(''), null);
  assert.equal(checkDisplayName('My Workspace ✨'), null);
  assert.equal(
    checkDisplayName('x'.repeat(129)),
    'Display name must be at most 128 characters (it has 129).'
  );
});

test('mount paths follow the CRD pattern ^/[^/].*$', () => {
  assert.equal(checkMountPath('/data/my-data'), null);
  assert.equal(
    checkMountPath('', 'Data volume 1 mount path'),
    'Data volume 1 mount path is required.'
  );
  assert.match(checkMountPath('data') ?? '', /absolute path/);
  assert.match(checkMountPath('//data') ?? '', /absolute path/);
  assert.match(checkMountPath('/') ?? '', /absolute path/);
});

test('label and annotation keys are qualified names', () => {
  assert.equal(checkQualifiedKey('app'), null);
  assert.equal(checkQualifiedKey('example.com/team_name'), null);
  assert.equal(checkQualifiedKey('', 'Label key'), 'Label key is required.');
  assert.equal(checkQualifiedKey('a/b/c'), "Key may contain at most one '/'.");
  assert.equal(
    checkQualifiedKey('example.com/'),
    "Key needs a name after the '/'."
  );
  assert.match(checkQualifiedKey('Example.com/x') ?? '', /Key prefix/);
  assert.match(checkQualifiedKey('-app') ?? '', /must start and end/);
  assert.match(checkQualifiedKey('x'.repeat(64)) ?? '', /at most 63/);
});

test('label values may be empty, else short and plain', () => {
  assert.equal(checkLabelValue(''), null);
  assert.equal(checkLabelValue('v1.2_3-a'), null);
  assert.match(checkLabelValue('has space') ?? '', /may contain letters/);
  assert.match(checkLabelValue('v'.repeat(64)) ?? '', /at most 63/);
});

test('duplicates are the later occurrences, empty keys ignored', () => {
  assert.deepEqual([...duplicateIndexes(['a', 'b', 'a', '', '', 'b'])], [2, 5]);
});

test("every message of the workspaces, volume and secret forms is the translator's", () => {
  const row = { key: 'a/b/c', value: '-bad-' };
  const workspace = validateWorkspaceForm(
    {
      ...emptyForm(undefined, 'Bad_Name'),
      displayName: 'x'.repeat(129),
      dataVolumes: [
        { pvcName: '', mountPath: 'relative', readOnly: false },
        { pvcName: 'p', mountPath: '/data', readOnly: false }
      ],
      secrets: [{ secretName: '', mountPath: '/data' }],
      labels: [row, { key: 'ok', value: '' }, { key: 'ok', value: '' }],
      annotations: [{ key: '', value: '' }]
    },
    marking
  );
  const volume = validateVolumeForm(
    { name: 'Bad..name', size: 'ten', storageClass: '', accessMode: 'x' },
    [],
    marking
  );
  const secret = validateSecretForm(
    {
      name: 'taken',
      rows: [
        { key: '..', value: '', stored: false },
        { key: 'k', value: 'v'.repeat(1024 * 1024), stored: false },
        { key: 'k', value: '', stored: false }
      ]
    },
    true,
    ['taken'],
    marking
  );
  const messages = [
    ...Object.values(workspace),
    ...Object.values(volume),
    ...Object.values(secret)
  ];
  assert.ok(messages.length >= 14, `${messages.length} messages`);
  for (const message of messages) {
    assert.match(message, /^⟦.*⟧$/s, message);
  }
});

test('a check says its first broken rule only, and reads no message of the others', () => {
  const read: string[] = [];
  const said = (message: string) => () => {
    read.push(message);
    return message;
  };
  assert.equal(
    firstProblem([
      rule(false, said('kept')),
      rule(true, said('first broken')),
      rule(true, said('second broken'))
    ]),
    'first broken'
  );
  assert.deepEqual(read, ['first broken']);
  assert.equal(firstProblem([rule(false, said('kept'))]), null);
  assert.deepEqual(problemsOf({ name: 'Name is required.', size: null }), {
    name: 'Name is required.'
  });
});
