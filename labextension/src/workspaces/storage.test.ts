import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkSecretKey,
  checkSize,
  emptyVolumeForm,
  ISecret,
  IVolume,
  quantityBytes,
  secretDataBody,
  secretDeleteRefusal,
  secretFormFrom,
  secretUpdateRefusal,
  storageFieldOf,
  usedByText,
  validateSecretForm,
  validateVolumeForm,
  volumeCreateBody,
  volumeDeleteRefusal
} from './storage';
import type { IPermissions } from './types';
import { plainTrans } from '../trans';

const ALL: IPermissions = {
  create: true,
  update: true,
  delete: true,
  reasons: {}
};
const NONE: IPermissions = {
  create: false,
  update: false,
  delete: false,
  reasons: {
    delete: 'You may not delete persistentvolumeclaims in team-a',
    update: 'You may not update secrets in team-a'
  }
};

function volume(changes: Partial<IVolume> = {}): IVolume {
  return {
    name: 'data',
    size: '10Gi',
    capacity: null,
    storageClass: null,
    accessModes: ['ReadWriteOnce'],
    phase: 'Pending',
    created: '',
    usedBy: [],
    canDelete: true,
    deleteReason: null,
    ...changes
  };
}

function secret(changes: Partial<ISecret> = {}): ISecret {
  return {
    name: 'creds',
    type: 'Opaque',
    keys: ['user', 'password'],
    immutable: false,
    created: '',
    usedBy: [],
    canUpdate: true,
    canDelete: true,
    ...changes
  };
}

test('sizes are Kubernetes quantities, positive and bounded', () => {
  assert.equal(quantityBytes('10Gi'), 10 * 2 ** 30);
  assert.equal(quantityBytes('1.5G'), 1.5e9);
  assert.equal(quantityBytes('512'), 512);
  for (const ok of ['1Gi', '500Mi', '1Ti', '1Pi', '100k', '3']) {
    assert.equal(checkSize(ok), null, ok);
  }
  assert.match(checkSize('')!, /required/);
  for (const bad of ['10GB', 'ten', '-1Gi', '1e3', 'Gi', '10 Gi', '10gi']) {
    assert.match(checkSize(bad)!, /is not a size/, bad);
  }
  assert.match(checkSize('0Gi')!, /more than 0/);
  assert.match(checkSize('2Pi')!, /at most 1Pi/);
  assert.match(checkSize('9'.repeat(400))!, /is not a size|at most/);
});

test('the volume form: subdomain names, a free name, the default class first', () => {
  const classes = [
    { name: 'slow', isDefault: false },
    { name: 'standard', isDefault: true }
  ];
  const form = { ...emptyVolumeForm(classes), name: 'my-data' };
  assert.equal(form.storageClass, 'standard');
  assert.deepEqual(validateVolumeForm(form), {});
  assert.deepEqual(volumeCreateBody(form), {
    name: 'my-data',
    size: '10Gi',
    storageClass: 'standard',
    accessModes: ['ReadWriteOnce']
  });
  assert.match(
    validateVolumeForm({ ...form, name: 'My_Data' }).name,
    /not allowed/
  );
  assert.match(validateVolumeForm(form, ['my-data']).name, /already exists/);
  assert.equal(emptyVolumeForm([]).storageClass, '');
  // No class chosen: none is sent, so the cluster's default applies.
  assert.equal(
    'storageClass' in volumeCreateBody({ ...emptyVolumeForm([]), name: 'x' }),
    false
  );
  assert.match(
    validateVolumeForm({ ...form, accessMode: 'Everything' }).accessModes,
    /access mode/
  );
});

test('secret keys: letters, digits, -, _ and . only', () => {
  for (const ok of ['token', 'ca.crt', '.dockerconfigjson', 'A_B-c']) {
    assert.equal(checkSecretKey(ok), null, ok);
  }
  assert.match(checkSecretKey('')!, /required/);
  assert.match(checkSecretKey('a/b')!, /only letters/);
  assert.match(checkSecretKey('a b')!, /only letters/);
  assert.match(checkSecretKey('..')!, /may not be/);
  assert.match(checkSecretKey('..data')!, /start with '\.\.'/);
  assert.equal(checkSecretKey('a..b'), null);
  assert.match(checkSecretKey('k'.repeat(254))!, /at most 253/);
});

test('the secret form: keys checked by row, duplicates, 1 MiB in all', () => {
  const rows = [
    { key: 'user', value: 'me', stored: false },
    { key: 'user', value: 'again', stored: false },
    { key: 'a/b', value: '', stored: false }
  ];
  const errors = validateSecretForm({ name: 'creds', rows }, true);
  assert.match(errors['data.1.key'], /already used above/);
  assert.match(errors['data.2.key'], /only letters/);
  assert.equal(errors['data.0.key'], undefined);
  assert.match(
    validateSecretForm({ name: 'creds', rows: [] }, true).data,
    /at least one key/
  );
  assert.match(
    validateSecretForm(
      {
        name: 'x',
        rows: [{ key: 'k', value: 'é'.repeat(2 ** 19), stored: false }]
      },
      true
    ).data,
    /at most 1 MiB/
  );
  assert.match(
    validateSecretForm({ name: 'creds', rows: rows.slice(0, 1) }, true, [
      'creds'
    ]).name,
    /already exists/
  );
  // Updating: the name is not the user's to check.
  assert.deepEqual(
    validateSecretForm({ name: 'creds', rows: rows.slice(0, 1) }, false, [
      'creds'
    ]),
    {}
  );
});

test('an update sends every key; an untouched stored value is null (kept)', () => {
  const form = secretFormFrom(secret());
  assert.deepEqual(form.rows, [
    { key: 'user', value: '', stored: true },
    { key: 'password', value: '', stored: true }
  ]);
  form.rows[1].value = 's3cret';
  form.rows.push({ key: 'new', value: '', stored: false });
  assert.deepEqual(secretDataBody(form.rows), {
    user: null,
    password: 's3cret',
    new: ''
  });
  // A removed key is not sent: the replacement drops it.
  assert.deepEqual(secretDataBody(form.rows.slice(1, 2)), {
    password: 's3cret'
  });
});

test('a used volume or secret is not deleted: the reason names its workspaces', () => {
  assert.equal(volumeDeleteRefusal(volume(), ALL, 'team-a'), null);
  assert.equal(
    volumeDeleteRefusal(
      volume({
        usedBy: [
          { name: 'ws1', mountPath: '/home/jovyan', home: true },
          { name: 'ws2', mountPath: '/data', home: false }
        ]
      }),
      ALL,
      'team-a'
    ),
    'Used by workspaces ws1, ws2: remove it from their volumes first.'
  );
  assert.equal(
    volumeDeleteRefusal(volume(), NONE, 'team-a'),
    'You may not delete persistentvolumeclaims in team-a'
  );
  // The server's own reason first (it knows what the list does not say).
  assert.equal(
    volumeDeleteRefusal(
      volume({ canDelete: false, deleteReason: 'Being deleted' }),
      NONE,
      'team-a'
    ),
    'Being deleted'
  );
  assert.equal(
    volumeDeleteRefusal(volume({ canDelete: false }), ALL, 'team-a'),
    'This volume cannot be deleted.'
  );
  assert.equal(
    secretDeleteRefusal(
      secret({ usedBy: [{ name: 'ws1', mountPath: '/secrets/creds' }] }),
      ALL,
      'team-a'
    ),
    'Used by workspace ws1: remove it from their secrets first.'
  );
  assert.equal(secretDeleteRefusal(secret(), ALL, 'team-a'), null);
  const foreign = "Secret 'sa-token' was not made by Kubeflow Notebooks";
  assert.equal(
    secretDeleteRefusal(
      secret({ canDelete: false, deleteReason: foreign }),
      ALL,
      'team-a'
    ),
    foreign
  );
  assert.equal(
    secretUpdateRefusal(
      secret({ canUpdate: false, updateReason: foreign }),
      ALL,
      'team-a'
    ),
    foreign
  );
  assert.equal(
    secretDeleteRefusal(secret(), { ...NONE, reasons: {} }, 'team-a'),
    'You may not delete secrets in team-a.'
  );
});

test('a secret may not be changed without update rights or when immutable', () => {
  assert.equal(secretUpdateRefusal(secret(), ALL, 'team-a'), null);
  assert.equal(
    secretUpdateRefusal(secret(), NONE, 'team-a'),
    'You may not update secrets in team-a'
  );
  assert.match(
    secretUpdateRefusal(secret({ immutable: true }), ALL, 'team-a')!,
    /immutable/
  );
  assert.match(
    secretUpdateRefusal(
      secret({ canUpdate: false, type: 'kubernetes.io/tls' }),
      ALL,
      'team-a'
    )!,
    /kubernetes.io\/tls/
  );
});

test('used-by text marks a home volume', () => {
  assert.equal(
    usedByText(
      [
        { name: 'ws1', home: true },
        { name: 'ws2', home: false }
      ],
      plainTrans
    ),
    'ws1 (home), ws2'
  );
  assert.equal(usedByText([], plainTrans), '');
});

test("the server's field lands on the form's field", () => {
  const rows = [
    { key: 'user', value: '', stored: true },
    { key: 'bad key', value: '', stored: false }
  ];
  assert.equal(storageFieldOf('size', 422), 'size');
  assert.equal(storageFieldOf('spec.resources.requests.storage', 422), 'size');
  assert.equal(storageFieldOf('storageClass', 422), 'storageClass');
  assert.equal(storageFieldOf('accessModes[0]', 422), 'accessModes');
  assert.equal(storageFieldOf(undefined, 409), 'name');
  assert.equal(storageFieldOf('metadata.name', 422), 'name');
  assert.equal(storageFieldOf('data.bad key', 422, rows), 'data.1.key');
  assert.equal(storageFieldOf('data.gone', 422, rows), 'data');
  assert.equal(storageFieldOf(undefined, 403), 'form');
  assert.equal(storageFieldOf('weird', 422), 'form');
});
