import { test } from 'node:test';
import assert from 'node:assert/strict';

import { COMMAND_IDS, stateClass } from './state';

test('badges: Running green, Paused grey, Pending/Terminating amber, Error red', () => {
  assert.equal(stateClass('Running'), 'jp-mod-running');
  assert.equal(stateClass('Paused'), 'jp-mod-paused');
  assert.equal(stateClass('Pending'), 'jp-mod-pending');
  assert.equal(stateClass('Terminating'), 'jp-mod-pending');
  assert.equal(stateClass('Error'), 'jp-mod-error');
  assert.equal(stateClass('Unknown'), 'jp-mod-unknown');
  assert.equal(stateClass(''), 'jp-mod-unknown');
});

test('the commands the tests and the palette share keep their ids', () => {
  assert.equal(COMMAND_IDS.open, 'kubeflow:open-workspaces');
  assert.equal(COMMAND_IDS.pause, 'kubeflow:workspace-pause');
  assert.equal(COMMAND_IDS.resume, 'kubeflow:workspace-resume');
  assert.equal(COMMAND_IDS.delete, 'kubeflow:workspace-delete');
  assert.equal(COMMAND_IDS.create, 'kubeflow:workspace-create');
});
