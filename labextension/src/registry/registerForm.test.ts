import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  guessFormat,
  IRegisterForm,
  toRegisterRequest,
  validateRegisterForm
} from './registerForm';

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

test('formats guessed from extensions', () => {
  assert.equal(guessFormat('a/b/model.ONNX'), 'onnx');
  assert.equal(guessFormat('model.pt'), 'pytorch');
  assert.equal(guessFormat('weights'), '');
});

test('a model already in storage is registered by its URI, without a path', () => {
  const request = toRegisterRequest({
    ...form,
    path: '',
    uri: 's3://bucket/models/iris'
  });
  assert.equal(request.uri, 's3://bucket/models/iris');
  assert.equal('path' in request, false);
});
