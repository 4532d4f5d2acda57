import { test } from 'node:test';
import assert from 'node:assert/strict';

import { copyKindYaml, kindErrorsOf, usageText } from './kinds';
import { resourcesLine } from './logs';
import { plainTrans } from '../trans';
import { kindUsage } from '../testing/workspaces';

test('refusals come cause by cause with their lines, else as one', () => {
  assert.deepEqual(
    kindErrorsOf({
      message: 'WorkspaceKind "k" is invalid: ...',
      details: {
        errors: [
          { field: 'spec.a', message: 'Required value', line: 12 },
          { field: 'spec.b', message: 'Invalid value', line: null }
        ]
      }
    }),
    [
      { field: 'spec.a', message: 'Required value', line: 12 },
      { field: 'spec.b', message: 'Invalid value', line: null }
    ]
  );
  assert.deepEqual(
    kindErrorsOf({
      message: 'line 3: the YAML cannot be read',
      field: 'yaml',
      details: { line: 3 }
    }),
    [{ field: 'yaml', message: 'line 3: the YAML cannot be read', line: 3 }]
  );
  assert.deepEqual(kindErrorsOf({ message: 'forbidden' }), [
    { field: '', message: 'forbidden', line: null }
  ]);
});

test("a kind's YAML is copied under a new name without its resourceVersion", () => {
  const text = [
    'apiVersion: kubeflow.org/v1beta1',
    'kind: WorkspaceKind',
    'metadata:',
    '  name: jupyterlab',
    "  resourceVersion: '42'",
    '  labels:',
    '    name: keep-me',
    'spec:',
    '  spawner:',
    '    name: keep-me-too'
  ].join('\n');
  assert.equal(
    copyKindYaml(text, 'jupyterlab-copy'),
    [
      'apiVersion: kubeflow.org/v1beta1',
      'kind: WorkspaceKind',
      'metadata:',
      '  name: jupyterlab-copy',
      '  labels:',
      '    name: keep-me',
      'spec:',
      '  spawner:',
      '    name: keep-me-too'
    ].join('\n')
  );
});

test('pod configs and GPU use in words', () => {
  const config = {
    id: 'g',
    displayName: 'G',
    description: '',
    hidden: false,
    requests: { cpu: '1', memory: '2Gi' },
    limits: { memory: '4Gi', 'nvidia.com/gpu': '2' },
    gpus: 2,
    redirect: null,
    labels: []
  };
  assert.equal(resourcesLine(config, plainTrans), '1 CPU, 4Gi memory, 2 GPUs');
  const usage = kindUsage();
  assert.deepEqual(usageText(usage, plainTrans), {
    workspaces: '3 workspaces (2 running)',
    gpus: '1 in use of 2 requested, 1 idle GPU workspace'
  });
  assert.equal(
    usageText({ ...usage, gpusRequested: 0, gpusInUse: 0 }, plainTrans).gpus,
    'no GPUs'
  );
});
