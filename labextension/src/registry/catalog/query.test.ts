import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  catalogModelsPath,
  catalogOrigin,
  logoSource,
  modelPath,
  performanceTable,
  propertyText
} from './query';
import { testAnswers } from '../../testing/testEach';

testAnswers(
  'models query: only what is set; lists repeat their key',
  catalogModelsPath,
  [
    [{}, 'catalog/models'],
    [{ q: '   ' }, 'catalog/models'],
    [
      {
        q: 'llm & co',
        sources: ['a', 'b'],
        filters: { task: ['text-generation', 'translation'], license: [] },
        orderBy: 'NAME',
        sortOrder: 'DESC',
        pageSize: 24,
        pageToken: 'x=='
      },
      'catalog/models?q=llm+%26+co&source=a&source=b&task=text-generation&task=translation' +
        '&orderBy=NAME&sortOrder=DESC&pageSize=24&pageToken=x%3D%3D'
    ],
    [{ labels: ['Validated AI'] }, 'catalog/models?label=Validated+AI']
  ]
);

test('a model is addressed by source and name, its slashes kept in a query value', () => {
  assert.equal(
    modelPath('model', { sourceId: 'org', name: 'acme/llm 7b' }),
    'catalog/model?source=org&name=acme%2Fllm+7b'
  );
});

testAnswers(
  'logos: inline images only, never a URL elsewhere or a script',
  logoSource,
  [
    ['data:image/png;base64,AAAA', 'data:image/png;base64,AAAA'],
    [
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/svg+xml;base64,PHN2Zz4='
    ],
    ['https://tracker.example/logo.png', null],
    ['javascript:alert(1)', null],
    ['data:text/html;base64,PHNjcmlwdD4=', null],
    ['data:image/png;base64,AA"onerror="x', null],
    [undefined, null]
  ]
);

testAnswers('property values as text', propertyText, [
  [{ metadataType: 'MetadataDoubleValue', double_value: 85.25 }, '85.25'],
  [{ metadataType: 'MetadataDoubleValue', double_value: 1105.4 }, '1105.4'],
  [{ metadataType: 'MetadataDoubleValue', double_value: 2 }, '2'],
  [{ metadataType: 'MetadataIntValue', int_value: '2' }, '2'],
  [{ metadataType: 'MetadataBoolValue', bool_value: true }, 'yes'],
  [undefined, '']
]);

test('performance table: hardware, then the known columns the artifacts have', () => {
  const table = performanceTable([
    {
      id: '7',
      artifactType: 'metrics-artifact',
      customProperties: {
        hardware_type: {
          metadataType: 'MetadataStringValue',
          string_value: 'H100'
        },
        hardware_count: { metadataType: 'MetadataIntValue', int_value: '2' },
        ttft_p90: { metadataType: 'MetadataDoubleValue', double_value: 102.5 },
        use_case: {
          metadataType: 'MetadataStringValue',
          string_value: 'chatbot'
        }
      }
    },
    { id: '8', artifactType: 'metrics-artifact', customProperties: {} }
  ]);
  assert.deepEqual(table.columns, ['Use case', 'TTFT p90 (ms)']);
  assert.deepEqual(table.rows, [
    { key: '7', hardware: '2 × H100', cells: ['chatbot', '102.5'] },
    { key: '8', hardware: '—', cells: ['—', '—'] }
  ]);
});

test('catalog origin of a registered artifact, as Hub records it', () => {
  assert.deepEqual(
    catalogOrigin({
      modelSourceKind: 'catalog',
      modelSourceClass: 'validated',
      modelSourceName: 'acme/llm'
    }),
    { sourceId: 'validated', name: 'acme/llm' }
  );
  assert.equal(
    catalogOrigin({
      modelSourceKind: 'kfp',
      modelSourceClass: 'pipelinerun',
      modelSourceName: 'r'
    }),
    null
  );
  assert.equal(
    catalogOrigin({ modelSourceKind: 'catalog', modelSourceName: 'x' }),
    null
  );
});
