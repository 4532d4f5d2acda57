import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  guessFormat,
  IRegisterForm,
  toRegisterRequest,
  validateRegisterForm
} from './registerForm';
import { testAnswers } from '../testing/testEach';

const form: IRegisterForm = {
  path: 'models/iris.onnx',
  modelName: 'iris',
  versionName: 'v1',
  modelFormatName: 'onnx',
  modelFormatVersion: '1',
  description: ' first cut ',
  properties: [
    { key: 'accuracy', value: '0.9' },
    { key: '', value: '' }
  ],
  labels: ['prod', ' '],
  author: ' ada ',
  storage: 's3',
  lineage: { notebook: 'train.ipynb', pipeline: '', runId: 'run-7' }
};

test('a good form has no errors; each bad field is named', () => {
  assert.deepEqual(validateRegisterForm({ ...form, labels: ['prod'] }, []), {});
  const errors = validateRegisterForm(
    {
      ...form,
      modelName: '',
      modelFormatName: '',
      properties: [{ key: '', value: 'x' }]
    },
    ['v1']
  );
  assert.deepEqual(Object.keys(errors).sort(), [
    'labels.1',
    'modelFormatName',
    'modelName',
    'properties.0',
    'versionName'
  ]);
});

test('the register body leaves out empty parts', () => {
  assert.deepEqual(toRegisterRequest(form, true), {
    path: 'models/iris.onnx',
    modelName: 'iris',
    versionName: 'v1',
    modelFormatName: 'onnx',
    modelFormatVersion: '1',
    versionDescription: 'first cut',
    description: 'first cut',
    properties: { accuracy: '0.9' },
    labels: ['prod'],
    author: 'ada',
    storage: 's3',
    lineage: { notebook: 'train.ipynb', runId: 'run-7' }
  });
  const minimal = toRegisterRequest({
    ...form,
    modelFormatName: '',
    modelFormatVersion: '',
    description: '',
    properties: [],
    labels: [],
    author: '',
    storage: '',
    lineage: {}
  });
  assert.deepEqual(minimal, {
    path: 'models/iris.onnx',
    modelName: 'iris',
    versionName: 'v1'
  });
});

testAnswers('formats guessed from extensions', guessFormat, [
  ['a/b/model.ONNX', 'onnx'],
  ['model.pt', 'pytorch'],
  ['weights', '']
]);

test('a model already in storage is registered by its URI, without a path', () => {
  const request = toRegisterRequest({
    ...form,
    path: '',
    uri: 's3://bucket/models/iris'
  });
  assert.equal(request.uri, 's3://bucket/models/iris');
  assert.equal('path' in request, false);
});

test('an external registry: a file:// URI is refused until the user agrees', () => {
  const good = { ...form, labels: ['prod'] };
  const external = { external: true, storage: 'local' as const };
  assert.deepEqual(Object.keys(validateRegisterForm(good, [], external)), [
    'storage'
  ]);
  // the embedded registry, or S3 storage: nothing to say
  assert.deepEqual(
    validateRegisterForm(good, [], { external: false, storage: 'local' }),
    {}
  );
  assert.deepEqual(
    validateRegisterForm(good, [], { external: true, storage: 's3' }),
    {}
  );
  // a file:// URI given directly is the same thing
  const fileUri = { ...good, path: '', uri: 'FILE:///srv/iris.onnx' };
  assert.deepEqual(
    Object.keys(
      validateRegisterForm(fileUri, [], { ...external, storage: 's3' })
    ),
    ['uri']
  );
  const agreed = { ...good, allowLocalUri: true };
  assert.deepEqual(validateRegisterForm(agreed, [], external), {});
  assert.equal(toRegisterRequest(agreed).allowLocalUri, true);
  assert.equal('allowLocalUri' in toRegisterRequest(good), false);
});

test('a model source is sent as given', () => {
  const source = { kind: 'kfp', class: 'pipelinerun', id: 'r1' };
  assert.deepEqual(
    toRegisterRequest({ ...form, modelSource: source }).modelSource,
    source
  );
  assert.equal('modelSource' in toRegisterRequest(form), false);
});
