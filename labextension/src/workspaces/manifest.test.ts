import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  buildWorkspaceManifest,
  defaultOption,
  emptyForm,
  filterByLabels,
  formFieldForPath,
  IWorkspaceForm,
  labelChoices,
  validateWorkspaceForm,
  visibleOptions
} from './manifest';
import type { IKindOptions } from './types';

// js-yaml comes with eslint (locked in yarn.lock); the tests only read YAML fixtures.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const yaml = require('js-yaml');

// Compiled to lib-test/workspaces/: the fixtures stay in src/workspaces/fixtures/.
const FIXTURES = join(__dirname, '..', '..', 'src', 'workspaces', 'fixtures');
const sample = yaml.load(
  readFileSync(
    join(FIXTURES, 'sample_jupyterlab_v1beta1_workspace.yaml'),
    'utf8'
  )
);
const crd = yaml.load(
  readFileSync(join(FIXTURES, 'kubeflow.org_workspaces.crd.yaml'), 'utf8')
);
const schema = crd.spec.versions.find((v: any) => v.name === 'v1beta1').schema
  .openAPIV3Schema;

/**
 * The parts of the CRD's structural schema that a manifest can break: unknown fields
 * (which the API server would silently prune), types, required fields, string bounds
 * and patterns, integer bounds. Returns every problem as "path: what".
 */
function checkAgainstSchema(value: any, node: any, path = ''): string[] {
  const problems: string[] = [];
  const at = path || '(root)';
  if (node.type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return [`${at}: not an object`];
    }
    for (const required of node.required ?? []) {
      if (!(required in value)) {
        problems.push(`${at}: missing ${required}`);
      }
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (node.properties?.[key]) {
        problems.push(
          ...checkAgainstSchema(child, node.properties[key], childPath)
        );
      } else if (node.additionalProperties) {
        problems.push(
          ...checkAgainstSchema(child, node.additionalProperties, childPath)
        );
      } else if (node.properties) {
        problems.push(`${childPath}: not in the schema (would be pruned)`);
      }
    }
  } else if (node.type === 'array') {
    if (!Array.isArray(value)) {
      return [`${at}: not an array`];
    }
    value.forEach((child, index) =>
      problems.push(
        ...checkAgainstSchema(child, node.items, `${path}[${index}]`)
      )
    );
  } else if (node.type === 'string') {
    if (typeof value !== 'string') {
      return [`${at}: not a string`];
    }
    if (node.minLength !== undefined && value.length < node.minLength) {
      problems.push(`${at}: shorter than ${node.minLength}`);
    }
    if (node.maxLength !== undefined && value.length > node.maxLength) {
      problems.push(`${at}: longer than ${node.maxLength}`);
    }
    if (node.pattern && !new RegExp(node.pattern).test(value)) {
      problems.push(`${at}: does not match ${node.pattern}`);
    }
  } else if (node.type === 'boolean') {
    if (typeof value !== 'boolean') {
      problems.push(`${at}: not a boolean`);
    }
  } else if (node.type === 'integer') {
    if (!Number.isInteger(value)) {
      return [`${at}: not an integer`];
    }
    if (node.minimum !== undefined && value < node.minimum) {
      problems.push(`${at}: below ${node.minimum}`);
    }
    if (node.maximum !== undefined && value > node.maximum) {
      problems.push(`${at}: above ${node.maximum}`);
    }
  }
  return problems;
}

/** The keys of an object tree, as dotted paths (arrays by their first element). */
function shape(value: any, path = ''): string[] {
  if (Array.isArray(value)) {
    return value.length > 0 ? shape(value[0], `${path}[]`) : [`${path}[]`];
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      return [`${path}{}`];
    }
    return keys
      .flatMap(key => shape(value[key], path ? `${path}.${key}` : key))
      .sort();
  }
  return [path];
}

/** The sample Workspace, typed into the form. */
function sampleForm(): IWorkspaceForm {
  return {
    name: 'jupyterlab-workspace',
    displayName: 'Example JupyterLab Workspace',
    kind: 'jupyterlab',
    imageConfig: 'jupyter-scipy:v1.10.0',
    podConfig: 'tiny_cpu',
    homeVolume: 'workspace-home-pvc',
    dataVolumes: [
      {
        pvcName: 'workspace-data-pvc',
        mountPath: '/data/my-data',
        readOnly: false
      }
    ],
    secrets: [
      { secretName: 'workspace-secret', mountPath: '/secrets/my-secret' }
    ],
    labels: [],
    annotations: []
  };
}

test('the sample itself passes the schema check (the checker is sound)', () => {
  assert.deepEqual(checkAgainstSchema(sample, schema), []);
});

test('the schema check catches what the API server would refuse or prune', () => {
  const broken = JSON.parse(JSON.stringify(sample));
  broken.spec.podTemplate.volumes.data[0].mountPath = 'relative';
  broken.spec.podTemplate.options.imagConfig = 'typo';
  delete broken.spec.kind;
  assert.deepEqual(checkAgainstSchema(broken, schema).sort(), [
    'spec.podTemplate.options.imagConfig: not in the schema (would be pruned)',
    'spec.podTemplate.volumes.data[0].mountPath: does not match ^/[^/].*$',
    'spec: missing kind'
  ]);
});

test('the sample typed into the form gives back the sample', () => {
  const manifest = buildWorkspaceManifest(sampleForm());
  assert.deepEqual(manifest, sample);
});

test('a full form builds a manifest the CRD accepts, in the sample shape', () => {
  const form = sampleForm();
  form.labels = [{ key: 'team', value: 'a' }];
  form.annotations = [{ key: 'example.com/owner', value: 'Ada Lovelace' }];
  form.dataVolumes.push({
    pvcName: 'shared',
    mountPath: '/data/shared',
    readOnly: true
  });
  const manifest = buildWorkspaceManifest(form, 'team-a');
  assert.deepEqual(checkAgainstSchema(manifest, schema), []);
  assert.equal(manifest.metadata.namespace, 'team-a');
  assert.deepEqual(manifest.spec.podTemplate.podMetadata, {
    labels: { team: 'a' },
    annotations: { 'example.com/owner': 'Ada Lovelace' }
  });
  assert.deepEqual(manifest.spec.podTemplate.volumes.data[1], {
    pvcName: 'shared',
    mountPath: '/data/shared',
    readOnly: true
  });
  // Same tree as the sample, once the free-form maps and the namespace are set aside.
  const bare = JSON.parse(JSON.stringify(manifest));
  delete bare.metadata.namespace;
  bare.spec.podTemplate.podMetadata = { labels: {}, annotations: {} };
  assert.deepEqual(shape(bare), shape(sample));
});

test('a minimal form leaves out what the CRD forbids empty', () => {
  const form = emptyForm(undefined, 'ws1');
  form.kind = 'jupyterlab';
  form.imageConfig = 'img';
  form.podConfig = 'small';
  const manifest = buildWorkspaceManifest(form);
  assert.equal('displayName' in manifest.spec, false);
  assert.equal('home' in manifest.spec.podTemplate.volumes, false);
  assert.deepEqual(checkAgainstSchema(manifest, schema), []);
});

test('names and display names are trimmed', () => {
  const form = sampleForm();
  form.name = '  ws1 ';
  form.displayName = '  Mine  ';
  const manifest = buildWorkspaceManifest(form);
  assert.equal(manifest.metadata.name, 'ws1');
  assert.equal(manifest.spec.displayName, 'Mine');
});

test('a valid form has no errors', () => {
  assert.deepEqual(validateWorkspaceForm(sampleForm()), {});
});

test('form errors are keyed by the field that shows them', () => {
  const form = sampleForm();
  form.name = 'Bad_Name';
  form.podConfig = '';
  form.dataVolumes = [
    { pvcName: '', mountPath: 'data', readOnly: false },
    { pvcName: 'p', mountPath: '/data/x', readOnly: false }
  ];
  form.secrets = [{ secretName: 's', mountPath: '/data/x' }];
  form.labels = [
    { key: 'team', value: 'a b' },
    { key: 'team', value: 'b' }
  ];
  form.annotations = [{ key: '', value: 'x' }];
  const errors = validateWorkspaceForm(form);
  assert.deepEqual(Object.keys(errors).sort(), [
    'annotations.0.key',
    'dataVolumes.0.mountPath',
    'dataVolumes.0.pvcName',
    'labels.0.value',
    'labels.1.key',
    'name',
    'podConfig',
    'secrets.0.mountPath'
  ]);
  assert.equal(
    errors['secrets.0.mountPath'],
    'Secret 1: /data/x is already mounted above.'
  );
  assert.equal(
    errors['labels.1.key'],
    "Label key 'team' is already used above."
  );
});

test("server error paths land on the form's fields", () => {
  const form = sampleForm();
  form.labels = [
    { key: 'a', value: '1' },
    { key: 'example.com/team', value: '2' }
  ];
  const cases: [string | undefined, string][] = [
    ['metadata.name', 'name'],
    ['spec.displayName', 'displayName'],
    ['spec.kind', 'kind'],
    ['spec.podTemplate.options.imageConfig', 'imageConfig'],
    ['spec.podTemplate.options.podConfig', 'podConfig'],
    ['spec.podTemplate.volumes.home', 'homeVolume'],
    ['spec.podTemplate.volumes.data[1].mountPath', 'dataVolumes.1.mountPath'],
    ['spec.podTemplate.volumes.data.0.pvcName', 'dataVolumes.0.pvcName'],
    ['spec.podTemplate.volumes.data[2]', 'dataVolumes.2.mountPath'],
    ['spec.podTemplate.volumes.secrets[0].secretName', 'secrets.0.secretName'],
    ['spec.podTemplate.podMetadata.labels.example.com/team', 'labels.1.key'],
    ['spec.podTemplate.podMetadata.annotations', 'annotations'],
    ['spec.paused', 'form'],
    [undefined, 'form']
  ];
  for (const [path, field] of cases) {
    assert.equal(formFieldForPath(path, form), field, String(path));
  }
});

const imageOptions: IKindOptions = {
  default: 'hidden-default',
  options: [
    {
      id: 'hidden-default',
      displayName: 'Old',
      description: '',
      hidden: true,
      redirect: null,
      labels: []
    },
    {
      id: 'a',
      displayName: 'A',
      description: '',
      hidden: false,
      redirect: null,
      labels: []
    },
    {
      id: 'b',
      displayName: 'B',
      description: '',
      hidden: false,
      redirect: null,
      labels: []
    }
  ]
};

test('hidden options are not offered unless they are the current choice', () => {
  assert.deepEqual(
    visibleOptions(imageOptions).map(o => o.id),
    ['a', 'b']
  );
  assert.deepEqual(
    visibleOptions(imageOptions, 'hidden-default').map(o => o.id),
    ['hidden-default', 'a', 'b']
  );
});

test('the default is preselected unless it is hidden', () => {
  assert.equal(defaultOption({ ...imageOptions, default: 'b' }), 'b');
  assert.equal(defaultOption(imageOptions), 'a');
  assert.equal(defaultOption({ default: 'x', options: [] }), '');
});

test('options are filtered by their labels: any value within a key, all keys', () => {
  const option = (id: string, labels: Record<string, string>) => ({
    id,
    displayName: id,
    description: '',
    hidden: false,
    redirect: null,
    labels: Object.entries(labels).map(([key, value]) => ({ key, value }))
  });
  const options = [
    option('tiny', { cpu: '100m', memory: '128Mi' }),
    option('small', { cpu: '1', memory: '2Gi' }),
    option('gpu', { cpu: '1', gpu: '1' })
  ];
  assert.deepEqual(
    [...labelChoices(options).entries()],
    [
      ['cpu', ['1', '100m']],
      ['gpu', ['1']],
      ['memory', ['128Mi', '2Gi']]
    ]
  );
  const ids = (chosen: string[], keep?: string) =>
    filterByLabels(options, new Set(chosen), keep).map(o => o.id);
  assert.deepEqual(ids([]), ['tiny', 'small', 'gpu']);
  assert.deepEqual(ids(['cpu=1']), ['small', 'gpu']);
  assert.deepEqual(ids(['cpu=1', 'cpu=100m']), ['tiny', 'small', 'gpu']);
  assert.deepEqual(ids(['cpu=1', 'gpu=1']), ['gpu']);
  assert.deepEqual(ids(['gpu=1'], 'tiny'), ['tiny', 'gpu']);
});
