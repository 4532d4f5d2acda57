/**
 * Each surface rendered with a translator that marks every string it translates
 * (`⟦…⟧`), with realistic data: every visible text and every `title`, `aria-label`,
 * `placeholder` and `alt` must be marked or be the data given (names, numbers). A string
 * that skips `trans` shows up unmarked. Renders with `react-dom/server` (no effects
 * run: what a surface shows first); `translations.test.ts` checks the sources for the
 * branches no render reaches.
 */
import './testing/jupyterlab';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as React from 'react';

import { ITrans, plainTrans, withTrans } from './trans';
import { PipelineModel } from './pipelines/model';
import { ParameterForm } from './pipelines/form';
import { KubeflowPipeline } from './pipelines/kfppipeline';
import { RunPanel } from './pipelines/runpanel';
import { RunsList } from './pipelines/runs';
import { PipelineComponent } from './pipelines/view';
import { IAnalysis, IRun } from './pipelines/types';
import { CONNECTED, EMBEDDED } from './status/status.testutil';
import { detailSections, summarize } from './status/summary';
import { ModelList } from './registry/ModelList';
import { RegistryWidget } from './registry/RegistryWidget';
import { CatalogView } from './registry/catalog/CatalogView';
import { ModelCard } from './registry/catalog/ModelCard';
import { RegisteredFrom } from './registry/catalog/RegisteredFrom';
import { Header, NotConnected } from './workspaces/banners';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { renderToStaticMarkup } = require('react-dom/server') as {
  renderToStaticMarkup(element: React.ReactElement): string;
};

/** The test translator: English, with each translated string marked. */
const marking: ITrans = {
  __: (msgid, ...args) => `⟦${plainTrans.__(msgid, ...args)}⟧`,
  _n: (msgid, plural, n, ...args) =>
    `⟦${plainTrans._n(msgid, plural, n, ...args)}⟧`
};

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What is left of a shown text once the marked parts and the data are taken out. */
function unmarked(text: string, data: readonly string[]): string {
  let rest = text;
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  for (const value of [...data].sort((a, b) => b.length - a.length)) {
    rest = rest.split(value).join(' ');
  }
  return /\p{L}/u.test(rest) ? rest.replace(/\s+/g, ' ').trim() : '';
}

/** The untranslated texts and attributes of rendered markup. */
function untranslated(markup: string, data: readonly string[]): string[] {
  const found: string[] = [];
  const tags = /<[^>]*>/g;
  for (const text of markup.split(tags)) {
    const left = unmarked(decode(text), data);
    if (left) {
      found.push(`text: ${left}`);
    }
  }
  for (const tag of markup.match(tags) ?? []) {
    for (const [, name, value] of tag.matchAll(
      /\s(title|aria-label|placeholder|alt)="([^"]*)"/g
    )) {
      const left = unmarked(decode(value), data);
      if (left) {
        found.push(`${name}: ${left}`);
      }
    }
  }
  return found;
}

/** What a ReactWidget renders (its `render` is protected). */
function renderWidget(widget: object): React.ReactElement {
  return (widget as { render(): React.ReactElement }).render();
}

function assertTranslated(
  element: React.ReactElement,
  data: readonly string[]
): string {
  const markup = renderToStaticMarkup(withTrans(marking, element));
  assert.ok(markup.includes('⟦'), `nothing translated in ${markup}`);
  assert.deepEqual(untranslated(markup, data), []);
  return markup;
}

test('the check finds an unmarked text and attribute, and takes data out', () => {
  const markup = renderToStaticMarkup(
    React.createElement(
      'p',
      { title: 'Bare title' },
      '⟦Step⟧ train · 3 ',
      React.createElement('span', { 'aria-label': '⟦Fit⟧' }, 'Bare text')
    )
  );
  assert.deepEqual(untranslated(markup, ['train']), [
    'text: Bare text',
    'title: Bare title'
  ]);
});

const NOTEBOOK = 'demo/train.ipynb';
const ANALYSIS: IAnalysis = {
  name: 'train',
  path: NOTEBOOK,
  steps: [
    {
      name: 'load_data',
      cells: [1, 2],
      inputs: [],
      outputs: ['frame'],
      after: [],
      image: null,
      limits: {},
      annotations: {},
      labels: {},
      source: 'frame = read()'
    },
    {
      name: 'fit_model',
      cells: [4],
      inputs: ['frame', 'epochs'],
      outputs: ['model'],
      after: ['load_data'],
      image: 'python:3.11-slim',
      limits: { cpu: '2' },
      annotations: {},
      labels: {},
      source: 'model = fit(frame, epochs)'
    }
  ],
  edges: [{ source: 'load_data', target: 'fit_model', values: ['frame'] }],
  parameters: [
    { name: 'epochs', type: 'int', default: 3 },
    { name: 'rate', type: 'float', default: 0.1 }
  ],
  metrics: ['accuracy'],
  warnings: [],
  split: 'tags'
};

const RUN: IRun = {
  id: 'run-7f3a',
  mode: 'kfp',
  notebook: NOTEBOOK,
  pipeline: 'demo/train.pipeline.yaml',
  status: 'SUCCEEDED',
  created: 1764950000,
  finished: 1764950042,
  parameters: { epochs: 3 },
  steps: [
    { name: 'load_data', status: 'CACHED', seconds: 1.5, pod: 'train-x1' },
    { name: 'fit_model', status: 'SUCCEEDED', seconds: 40.2, pod: 'train-x2' }
  ],
  metrics: { accuracy: 0.93 },
  log_tail: '',
  error: null,
  url: 'https://kubeflow.example.com/pipeline/#/runs/details/9c1e',
  kfp_run_id: '9c1e',
  kfp_run_name: 'train 2026-12-05',
  namespace: 'team-a',
  outputs: [
    {
      step: 'fit_model',
      name: 'model',
      path: 'runs/run-7f3a/model.joblib',
      type: 'joblib',
      uri: 's3://bucket/model.joblib'
    }
  ]
};

const PIPELINE_DATA = [
  NOTEBOOK,
  'train.ipynb',
  'train',
  'load_data',
  'fit_model',
  'frame',
  'epochs',
  'rate',
  'accuracy',
  'model',
  'run-7f3a',
  '9c1e',
  'team-a',
  'train-x1',
  'train-x2',
  'python:3.11-slim',
  'frame = read()',
  'model = fit(frame, epochs)',
  'epochs=3',
  'joblib',
  'runs/run-7f3a/model.joblib',
  's3://bucket/model.joblib',
  'demo/train.pipeline.yaml',
  'cpu',
  'int',
  'float',
  // dates in the browser's locale
  new Date(RUN.created * 1000).toLocaleString()
];

test('pipelines: the view, its graph, form and run panel are translated', () => {
  const model = new PipelineModel(NOTEBOOK, 'tags');
  model.load(ANALYSIS, 'demo/train.pipeline.yaml');
  model.select('fit_model');
  const noop = () => undefined;
  assertTranslated(
    React.createElement(PipelineComponent, {
      model,
      onSubmit: noop,
      onOpen: noop
    }),
    PIPELINE_DATA
  );
  assertTranslated(
    React.createElement(RunPanel, { run: RUN, onRegister: noop }),
    PIPELINE_DATA
  );
  assertTranslated(
    React.createElement(RunsList, {
      runs: [RUN, { ...RUN, id: 'run-2b', mode: 'local', status: 'FAILED' }],
      error: null,
      shownId: RUN.id,
      onShow: noop,
      onRefresh: noop,
      clusterPath: NOTEBOOK
    }),
    [...PIPELINE_DATA, 'run-2b']
  );
  assertTranslated(
    React.createElement(ParameterForm, {
      parameters: [],
      texts: {},
      errors: {},
      disabled: false,
      onChange: noop,
      onReset: noop
    }),
    PIPELINE_DATA
  );
  assertTranslated(
    React.createElement(KubeflowPipeline, {
      path: NOTEBOOK,
      target: { host: '', namespace: '', experiment: '' },
      parameters: { epochs: 3 },
      onRun: noop
    }),
    PIPELINE_DATA
  );
  model.dispose();
});

test('status: the status-bar summary and the details are translated', () => {
  // Kubeflow Pipelines connected, the embedded registry, no cluster.
  const status = { ...EMBEDDED, pipelines: CONNECTED.pipelines };
  const summary = summarize(status, marking);
  const sections = detailSections(status, marking);
  const shown = [
    summary.text,
    summary.title,
    ...sections.flatMap(s => [s.title, ...s.rows.map(([label]) => label)])
  ];
  const data = ['kubeflow.example.com', 'team-a', 'default'];
  assert.deepEqual(shown.map(text => unmarked(text, data)).filter(Boolean), []);
});

test('registry: the tab, the model list and the catalog are translated', () => {
  const noop = () => undefined;
  const actions = {
    openNotebook: noop,
    deploy: noop,
    registerFromCatalog: noop,
    rendermime: {} as never
  };
  // the widget's own tree: tabs, header, the model list, the empty detail
  assertTranslated(renderWidget(new RegistryWidget(actions, marking)), []);
  assertTranslated(
    React.createElement(ModelList, {
      selectedId: null,
      onSelect: noop,
      generation: 0
    }),
    []
  );
  assertTranslated(
    React.createElement(CatalogView, {
      rendermime: {} as never,
      model: null,
      onOpen: noop,
      onRegister: noop,
      generation: 0
    }),
    []
  );
  const granite = {
    id: '7',
    name: 'granite-3.1-8b-instruct',
    sourceId: 'redhat',
    description: 'A compact instruction-tuned language model.',
    provider: 'IBM',
    license: 'apache-2.0',
    tasks: ['text-generation'],
    language: ['en', 'fr'],
    maturity: 'Generally Available',
    libraryName: 'transformers',
    lastUpdateTimeSinceEpoch: '1764950000000'
  };
  assertTranslated(
    React.createElement(ModelCard, {
      model: granite,
      sourceName: 'Red Hat AI validated',
      onOpen: noop
    }),
    [
      ...Object.values(granite).flat(),
      'Red Hat AI validated',
      new Date(1764950000000).toLocaleDateString(),
      new Date(1764950000000).toLocaleString()
    ]
  );
  assertTranslated(
    React.createElement(RegisteredFrom, {
      artifacts: [
        {
          id: '3',
          name: 'granite',
          modelSourceKind: 'catalog',
          modelSourceClass: 'redhat',
          modelSourceName: 'granite-3.1-8b-instruct'
        }
      ],
      open: noop
    }),
    ['redhat', 'granite-3.1-8b-instruct']
  );
});

test('workspaces: the banners are translated', () => {
  const noop = () => undefined;
  // the cards, the table and its toolbar wait for the labels of state.ts and table.ts
  assertTranslated(React.createElement(Header, { live: true }), []);
  assertTranslated(
    React.createElement(NotConnected, {
      status: {
        connected: false,
        server: 'https://127.0.0.1:6443',
        error: 'connection refused'
      } as never,
      onRetry: noop
    }),
    ['https://127.0.0.1:6443', 'connection refused']
  );
});
