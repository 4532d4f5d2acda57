import { test } from 'node:test';
import assert from 'node:assert/strict';

import { editFormFromItem, planEdit } from './edit';
import type { IWorkspaceItem, IWorkspaceKind } from './types';

const kind: IWorkspaceKind = {
  name: 'jupyterlab',
  displayName: 'JupyterLab',
  description: '',
  deprecated: false,
  deprecationMessage: '',
  hidden: false,
  icon: null,
  imageConfig: {
    default: 'scipy-1',
    options: [
      {
        id: 'scipy-1',
        displayName: 'SciPy 1',
        description: '',
        hidden: false,
        redirect: null,
        labels: []
      },
      {
        id: 'scipy-2',
        displayName: 'SciPy 2',
        description: '',
        hidden: false,
        redirect: null,
        labels: []
      }
    ]
  },
  podConfig: {
    default: 'tiny',
    options: [
      {
        id: 'tiny',
        displayName: 'Tiny CPU',
        description: '',
        hidden: false,
        redirect: null,
        labels: []
      },
      {
        id: 'big',
        displayName: 'Big GPU',
        description: '',
        hidden: false,
        redirect: null,
        labels: []
      }
    ]
  }
};

function item(paused = false): IWorkspaceItem {
  return {
    name: 'ws1',
    namespace: 'team-a',
    kind: 'jupyterlab',
    displayName: 'My WS',
    state: paused ? 'Paused' : 'Running',
    stateMessage: '',
    paused,
    pausedTime: null,
    pendingRestart: false,
    imageConfig: { current: 'scipy-1', desired: 'scipy-1', redirectChain: [] },
    podConfig: { current: 'tiny', desired: 'tiny', redirectChain: [] },
    homeVolume: null,
    dataVolumes: [],
    url: '',
    isCurrent: false,
    created: '',
    resourceVersion: '1'
  };
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
    { displayName: 'Renamed', imageConfig: 'scipy-2', podConfig: 'big' },
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

test('renaming alone needs no restart; a paused workspace needs none either', () => {
  assert.equal(
    planEdit(
      item(),
      { displayName: 'New', imageConfig: 'scipy-1', podConfig: 'tiny' },
      kind
    ).restartsNow,
    false
  );
  assert.equal(
    planEdit(
      item(true),
      { displayName: 'My WS', imageConfig: 'scipy-1', podConfig: 'big' },
      kind
    ).restartsNow,
    false
  );
});

test('ids show when the kind is not known', () => {
  const plan = planEdit(item(), {
    displayName: 'My WS',
    imageConfig: 'x',
    podConfig: 'tiny'
  });
  assert.deepEqual(plan.changes[0], {
    field: 'imageConfig',
    label: 'Image',
    from: 'scipy-1',
    to: 'x'
  });
});

test('a display name cannot be emptied or exceed 128 characters', () => {
  const emptied = planEdit(item(), {
    displayName: '  ',
    imageConfig: 'scipy-1',
    podConfig: 'tiny'
  });
  assert.match(emptied.errors.displayName, /cannot be emptied/);
  assert.deepEqual(emptied.patch, {});
  const long = planEdit(item(), {
    displayName: 'x'.repeat(129),
    imageConfig: 'scipy-1',
    podConfig: 'tiny'
  });
  assert.match(long.errors.displayName, /at most 128/);
});
