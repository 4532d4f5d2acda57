import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  editFieldForPath,
  editFormFromItem,
  IEditForm,
  planEdit
} from './edit';
import {
  kindOption,
  optionStatus,
  workspaceItem,
  workspaceKind
} from '../testing/workspaces';
import type { IWorkspaceItem, IWorkspaceKind } from './types';

const kind: IWorkspaceKind = workspaceKind({
  imageConfig: {
    default: 'scipy-1',
    options: [
      kindOption('scipy-1', { displayName: 'SciPy 1' }),
      kindOption('scipy-2', { displayName: 'SciPy 2' })
    ]
  },
  podConfig: {
    default: 'tiny',
    options: [
      kindOption('tiny', { displayName: 'Tiny CPU' }),
      kindOption('big', { displayName: 'Big GPU' })
    ]
  }
});

function item(paused = false): IWorkspaceItem {
  return workspaceItem({
    displayName: 'My WS',
    state: paused ? 'Paused' : 'Running',
    paused,
    imageConfig: optionStatus('scipy-1'),
    podConfig: optionStatus('tiny')
  });
}

/** The item's starting form with some fields changed. */
function form(changes: Partial<IEditForm>, from = item()): IEditForm {
  return { ...editFormFromItem(from), ...changes };
}

test('an unchanged form changes nothing', () => {
  const plan = planEdit(item(), editFormFromItem(item()), kind);
  assert.deepEqual(plan.changes, []);
  assert.deepEqual(plan.patch, {});
  assert.equal(plan.restartsNow, false);
});

test('the form starts from the spec options, not their redirect targets', () => {
  const redirected = item();
  redirected.imageConfig = {
    current: 'scipy-1',
    desired: 'scipy-2',
    redirectChain: [{ source: 'scipy-1', target: 'scipy-2' }]
  };
  assert.equal(editFormFromItem(redirected).imageConfig, 'scipy-1');
  redirected.podConfig = { current: '', desired: 'big', redirectChain: [] };
  assert.equal(editFormFromItem(redirected).podConfig, 'big');
});

test('changes list old -> new by display name, and the patch carries ids', () => {
  const plan = planEdit(
    item(),
    form({ displayName: 'Renamed', imageConfig: 'scipy-2', podConfig: 'big' }),
    kind
  );
  assert.deepEqual(
    plan.changes.map(c => `${c.label}: ${c.from} -> ${c.to}`),
    [
      'Display name: My WS -> Renamed',
      'Image: SciPy 1 -> SciPy 2',
      'Pod config: Tiny CPU -> Big GPU'
    ]
  );
  assert.deepEqual(plan.patch, {
    displayName: 'Renamed',
    imageConfig: 'scipy-2',
    podConfig: 'big'
  });
  assert.equal(plan.restartsNow, true);
});

test('an edit of a workspace whose pod is not ready does not claim a restart now', () => {
  // Item 8: the StatefulSet controller (OrderedReady) leaves a Pending or Error pod
  // alone; the change reaches it only once the workspace is paused and resumed.
  const broken: IWorkspaceItem = {
    ...item(),
    state: 'Error',
    phase: 'Error',
    changesApply: 'restart'
  };
  const plan = planEdit(broken, form({ imageConfig: 'scipy-2' }, broken), kind);
  assert.equal(plan.restartsNow, false);
  assert.equal(plan.waitsForRestart, true);
  const renamed = planEdit(broken, form({ displayName: 'New' }, broken), kind);
  assert.equal(renamed.waitsForRestart, false);
  const starting = { ...broken, changesApply: 'start' as const };
  const later = planEdit(starting, form({ podConfig: 'big' }, starting), kind);
  assert.deepEqual([later.restartsNow, later.waitsForRestart], [false, false]);
});

test('renaming alone needs no restart; a paused workspace needs none either', () => {
  assert.equal(
    planEdit(
      item(),
      form({ displayName: 'New', imageConfig: 'scipy-1', podConfig: 'tiny' }),
      kind
    ).restartsNow,
    false
  );
  assert.equal(
    planEdit(
      item(true),
      form({ displayName: 'My WS', imageConfig: 'scipy-1', podConfig: 'big' }),
      kind
    ).restartsNow,
    false
  );
});

test('ids show when the kind is not known', () => {
  const plan = planEdit(
    item(),
    form({ displayName: 'My WS', imageConfig: 'x', podConfig: 'tiny' })
  );
  assert.deepEqual(plan.changes[0], {
    field: 'imageConfig',
    label: 'Image',
    from: 'scipy-1',
    to: 'x'
  });
});

test('a display name cannot be emptied or exceed 128 characters', () => {
  const emptied = planEdit(
    item(),
    form({ displayName: '  ', imageConfig: 'scipy-1', podConfig: 'tiny' })
  );
  assert.match(emptied.errors.displayName, /cannot be emptied/);
  assert.deepEqual(emptied.patch, {});
  const long = planEdit(
    item(),
    form({
      displayName: 'x'.repeat(129),
      imageConfig: 'scipy-1',
      podConfig: 'tiny'
    })
  );
  assert.match(long.errors.displayName, /at most 128/);
});

/** A running workspace with a data volume, a secret, labels and annotations. */
function mounted(paused = false): IWorkspaceItem {
  return {
    ...item(paused),
    dataVolumes: [{ pvcName: 'data-a', mountPath: '/data/a', readOnly: false }],
    secrets: [
      { secretName: 'creds', mountPath: '/secrets/creds', defaultMode: 256 }
    ],
    podLabels: { team: 'a' },
    podAnnotations: { note: 'x' }
  };
}

test('the form starts from the mounted volumes, secrets, labels and annotations', () => {
  const start = editFormFromItem(mounted());
  assert.deepEqual(start.dataVolumes, mounted().dataVolumes);
  assert.deepEqual(start.secrets, [
    { secretName: 'creds', mountPath: '/secrets/creds', defaultMode: 256 }
  ]);
  assert.deepEqual(start.labels, [{ key: 'team', value: 'a' }]);
  assert.deepEqual(start.annotations, [{ key: 'note', value: 'x' }]);
  assert.deepEqual(planEdit(mounted(), start, kind).patch, {});
});

test('adding a volume, replacing a secret and changing a label patch whole lists', () => {
  const ws = mounted();
  const start = editFormFromItem(ws);
  const plan = planEdit(
    ws,
    {
      ...start,
      dataVolumes: [
        ...start.dataVolumes,
        { pvcName: 'data-b', mountPath: ' /data/b ', readOnly: true }
      ],
      secrets: [{ secretName: 'token', mountPath: '/secrets/token' }],
      labels: [{ key: 'team', value: 'b' }]
    },
    kind
  );
  assert.deepEqual(plan.errors, {});
  assert.deepEqual(plan.patch, {
    dataVolumes: [
      { pvcName: 'data-a', mountPath: '/data/a', readOnly: false },
      { pvcName: 'data-b', mountPath: '/data/b', readOnly: true }
    ],
    // A new mount gets upstream's default mode; the kept one would keep its own.
    secrets: [
      { secretName: 'token', mountPath: '/secrets/token', defaultMode: 420 }
    ],
    podLabels: { team: 'b' }
  });
  assert.deepEqual(
    plan.changes.map(c => `${c.label}: ${c.from} -> ${c.to}`),
    [
      'Data volumes: data-a at /data/a -> data-a at /data/a; data-b at /data/b (read-only)',
      'Secrets: creds at /secrets/creds -> token at /secrets/token',
      'Pod labels: team=a -> team=b'
    ]
  );
  assert.equal(plan.restartsNow, true);
  assert.equal(
    plan.restartReason,
    'Changing its data volumes, secrets and pod labels'
  );
});

test('a kept secret keeps its mode; removing every volume sends an empty list', () => {
  const ws = mounted();
  const plan = planEdit(ws, { ...editFormFromItem(ws), dataVolumes: [] }, kind);
  assert.deepEqual(plan.patch, { dataVolumes: [] });
  const moved = editFormFromItem(ws);
  moved.secrets = [{ ...moved.secrets[0], mountPath: '/etc/creds' }];
  assert.deepEqual(planEdit(ws, moved, kind).patch.secrets, [
    { secretName: 'creds', mountPath: '/etc/creds', defaultMode: 256 }
  ]);
});

test('a paused workspace is not restarted by mount changes, only changed', () => {
  const ws = mounted(true);
  const plan = planEdit(ws, { ...editFormFromItem(ws), annotations: [] }, kind);
  assert.deepEqual(plan.patch, { podAnnotations: {} });
  assert.equal(plan.restartsNow, false);
  assert.equal(plan.changesPod, true);
  const renamed = planEdit(ws, { ...editFormFromItem(ws), displayName: 'N' });
  assert.equal(renamed.changesPod, false);
});

test('row problems of a changed section block saving, named by row', () => {
  const ws = mounted();
  const start = editFormFromItem(ws);
  const plan = planEdit(ws, {
    ...start,
    dataVolumes: [
      ...start.dataVolumes,
      { pvcName: '', mountPath: 'relative', readOnly: false }
    ],
    secrets: [...start.secrets, { secretName: 'x', mountPath: '/data/a' }],
    labels: [...start.labels, { key: '', value: '' }]
  });
  assert.match(plan.errors['dataVolumes.1.pvcName'], /choose a PVC/);
  assert.match(plan.errors['dataVolumes.1.mountPath'], /absolute path/);
  assert.match(plan.errors['secrets.1.mountPath'], /already mounted above/);
  assert.match(plan.errors['labels.1.key'], /required/);
  // An empty new label row is a problem to show, not a change to send.
  assert.equal(plan.patch.podLabels, undefined);
});

test('an older server without secrets or labels: those are never sent', () => {
  const old = item();
  const plan = planEdit(
    old,
    {
      ...editFormFromItem(old),
      secrets: [{ secretName: 's', mountPath: '/s' }],
      labels: [{ key: 'a', value: 'b' }]
    },
    kind
  );
  assert.deepEqual(plan.patch, {});
});

test("the PATCH error's field lands on the row it names", () => {
  const f = form({ labels: [{ key: 'team', value: 'a' }] }, mounted());
  assert.equal(
    editFieldForPath('dataVolumes[1].mountPath', f),
    'dataVolumes.1.mountPath'
  );
  assert.equal(
    editFieldForPath('dataVolumes[0].pvcName', f),
    'dataVolumes.0.pvcName'
  );
  assert.equal(
    editFieldForPath('secrets[0].secretName', f),
    'secrets.0.secretName'
  );
  assert.equal(editFieldForPath('secrets', f), 'secrets');
  assert.equal(editFieldForPath('podLabels.team', f), 'labels.0.key');
  assert.equal(editFieldForPath('podLabels', f), 'labels');
  assert.equal(
    editFieldForPath('spec.podTemplate.volumes.data[0].mountPath', f),
    'dataVolumes.0.mountPath'
  );
  assert.equal(editFieldForPath('podConfig', f), 'podConfig');
  assert.equal(
    editFieldForPath('spec.podTemplate.options.imageConfig', f),
    'imageConfig'
  );
  assert.equal(editFieldForPath('metadata.name', f), 'form');
  assert.equal(editFieldForPath(undefined, f), 'form');
});
