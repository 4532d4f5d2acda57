import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  buildCustomProperties,
  lineageOf,
  metadataToText,
  splitCustomProperties,
  textToMetadata
} from './properties';
import { CustomProperties } from './types';

const sample: CustomProperties = {
  accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.93 },
  epochs: { metadataType: 'MetadataIntValue', int_value: '12' },
  production: { metadataType: 'MetadataStringValue', string_value: '' },
  approved: { metadataType: 'MetadataBoolValue', bool_value: true },
  author: { metadataType: 'MetadataStringValue', string_value: 'ada' },
  config: {
    metadataType: 'MetadataStructValue',
    struct_value: btoa('{"a":1}')
  },
  beta: { metadataType: 'MetadataStringValue', string_value: '' }
};

test('every metadata type reads as text', () => {
  assert.equal(metadataToText(sample.accuracy), '0.93');
  assert.equal(metadataToText(sample.epochs), '12');
  assert.equal(metadataToText(sample.approved), 'true');
  assert.equal(metadataToText(sample.config), '{"a":1}');
  assert.equal(metadataToText(undefined), '');
});

test('empty string values are labels, the rest properties, both sorted', () => {
  const { labels, properties } = splitCustomProperties(sample);
  assert.deepEqual(labels, ['beta', 'production']);
  assert.deepEqual(
    properties.map(row => row.key),
    ['accuracy', 'approved', 'author', 'config', 'epochs']
  );
  assert.deepEqual(
    properties.find(row => row.key === 'epochs'),
    { key: 'epochs', value: '12' }
  );
  assert.deepEqual(splitCustomProperties(undefined), {
    labels: [],
    properties: []
  });
});

test('an edited value keeps its type while it still fits, else becomes a string', () => {
  assert.deepEqual(textToMetadata('13', sample.epochs), {
    metadataType: 'MetadataIntValue',
    int_value: '13'
  });
  assert.deepEqual(textToMetadata('thirteen', sample.epochs), {
    metadataType: 'MetadataStringValue',
    string_value: 'thirteen'
  });
  assert.deepEqual(textToMetadata('0.5', sample.accuracy), {
    metadataType: 'MetadataDoubleValue',
    double_value: 0.5
  });
  assert.deepEqual(textToMetadata('false', sample.approved), {
    metadataType: 'MetadataBoolValue',
    bool_value: false
  });
  assert.deepEqual(textToMetadata('{"a":1}', sample.config), sample.config);
  assert.deepEqual(textToMetadata('new'), {
    metadataType: 'MetadataStringValue',
    string_value: 'new'
  });
});

test('the PATCH map holds every kept property and label, and drops removed ones', () => {
  const { labels, properties } = splitCustomProperties(sample);
  const edited = properties
    .filter(row => row.key !== 'author')
    .map(row => (row.key === 'epochs' ? { ...row, value: '20' } : row));
  const result = buildCustomProperties(
    [...edited, { key: ' owner ', value: 'bob' }, { key: '', value: '' }],
    [...labels.filter(label => label !== 'beta'), 'staging'],
    sample
  );
  assert.deepEqual(Object.keys(result).sort(), [
    'accuracy',
    'approved',
    'config',
    'epochs',
    'owner',
    'production',
    'staging'
  ]);
  assert.deepEqual(result.epochs, {
    metadataType: 'MetadataIntValue',
    int_value: '20'
  });
  assert.deepEqual(result.staging, {
    metadataType: 'MetadataStringValue',
    string_value: ''
  });
  assert.deepEqual(result.accuracy, sample.accuracy);
});

test('lineage is read from the kubeflow.* properties', () => {
  const lineage = lineageOf({
    'kubeflow.notebook': {
      metadataType: 'MetadataStringValue',
      string_value: 'train.ipynb'
    },
    'kubeflow.run_id': {
      metadataType: 'MetadataStringValue',
      string_value: 'run-42'
    }
  });
  assert.deepEqual(lineage, { notebook: 'train.ipynb', runId: 'run-42' });
  assert.deepEqual(lineageOf(undefined), {});
});
