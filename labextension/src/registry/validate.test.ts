import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  suggestInferenceServiceName,
  validateInferenceServiceName,
  validateLabels,
  validateModelName,
  validateNamespace,
  validatePropertyRows,
  validateVersionName
} from './validate';
import { validateRegisterForm } from './registerForm';
import { marking } from '../testing/trans';

test('model names: required, trimmed, bounded, no control characters', () => {
  assert.equal(validateModelName('iris classifier'), '');
  assert.match(validateModelName(''), /Model name is required/);
  assert.match(validateModelName('   '), /required/);
  assert.match(validateModelName(' iris'), /spaces/);
  assert.match(validateModelName('a\tb'), /control characters/);
  assert.match(validateModelName('x'.repeat(256)), /256 characters.*255/);
});

test('version names must be free in the model', () => {
  assert.equal(validateVersionName('v3', ['v1', 'v2']), '');
  assert.match(validateVersionName('v2', ['v1', 'v2']), /"v2" already exists/);
  assert.match(validateVersionName(''), /Version name is required/);
});

test('property rows: key needed for a value, unique, not a label; empty rows ignored', () => {
  const errors = validatePropertyRows(
    [
      { key: 'a', value: '1' },
      { key: '', value: '' },
      { key: '', value: 'orphan' },
      { key: 'a', value: '2' },
      { key: 'prod', value: 'x' }
    ],
    ['prod']
  );
  assert.deepEqual(Object.keys(errors).map(Number), [2, 3, 4]);
  assert.match(errors[2], /Property 3 has a value but no key/);
  assert.match(errors[3], /"a" is used twice/);
  assert.match(errors[4], /already a label/);
});

test('labels: non-empty and unique', () => {
  const errors = validateLabels(['prod', '', 'prod']);
  assert.deepEqual(Object.keys(errors).map(Number), [1, 2]);
  assert.match(errors[1], /Label 2 is empty/);
  assert.match(errors[2], /"prod" is used twice/);
});

test('namespace and InferenceService names are DNS-1123 labels', () => {
  assert.equal(validateNamespace('team-a'), '');
  assert.equal(validateNamespace('1team'), '');
  assert.match(validateNamespace('Team_A'), /not a valid DNS-1123 label/);
  assert.match(validateNamespace(''), /Namespace is required/);
  assert.match(validateNamespace('a'.repeat(64)), /64 characters.*63/);
  assert.equal(validateInferenceServiceName('iris-v1'), '');
  assert.match(validateInferenceServiceName('1iris'), /start with a letter/);
  assert.match(
    validateInferenceServiceName('iris-'),
    /end with a letter or digit/
  );
  assert.match(validateInferenceServiceName('iris.v1'), /DNS-1123/);
});

test('suggested InferenceService names are valid', () => {
  assert.equal(
    suggestInferenceServiceName('Iris Classifier', 'v1'),
    'iris-classifier-v1'
  );
  assert.equal(suggestInferenceServiceName('42_model', 'V.2'), 'model-v-2');
  for (const [model, version] of [
    ['ÄÖÜ', '1'],
    ['x'.repeat(100), 'v1'],
    ['--', '--']
  ]) {
    const name = suggestInferenceServiceName(model, version);
    assert.equal(validateInferenceServiceName(name), '', name);
  }
});

test('every message is said through the translator (issue 25)', () => {
  const messages = [
    validateModelName('', marking),
    validateModelName(' iris', marking),
    validateModelName('x'.repeat(256), marking),
    validateModelName('a\tb', marking),
    validateVersionName('v1', ['v1'], marking),
    validateNamespace('Team_A', marking),
    validateNamespace('x'.repeat(64), marking),
    validateInferenceServiceName('', marking),
    validateInferenceServiceName('1iris', marking),
    ...Object.values(
      validatePropertyRows(
        [
          { key: '', value: '1' },
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
          { key: 'prod', value: '3' },
          { key: 'k'.repeat(256), value: '4' }
        ],
        ['prod'],
        marking
      )
    ),
    ...Object.values(validateLabels(['', 'l'.repeat(256), 'x', 'x'], marking)),
    ...Object.values(
      validateRegisterForm(
        {
          path: 'iris.onnx',
          modelName: 'iris',
          versionName: 'v1',
          modelFormatName: '',
          modelFormatVersion: '1',
          description: '',
          properties: [],
          labels: [],
          author: '',
          storage: ''
        },
        [],
        { external: true, storage: 'local' },
        marking
      )
    )
  ];
  assert.equal(messages.length, 18);
  for (const message of messages) {
    // the whole message is one translated string, its data (and field name) filled in
    assert.match(message, /^⟦.+⟧$/s);
  }
});
