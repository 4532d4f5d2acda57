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

import { withTrans } from './trans';
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
import { CreateForm } from './workspaces/CreateForm';
import { EditForm } from './workspaces/EditForm';
import { OptionSelect, PodMetadataRows } from './workspaces/fields';
import { SecretCard, SecretForm, SecretsView } from './workspaces/SecretsView';
import { NewVolumeFields } from './workspaces/VolumeForm';
import { DataVolumeRows, SecretRows } from './workspaces/VolumeRows';
import { VolumeRow, VolumesView } from './workspaces/VolumesView';
import {
  secretDeleteRefusal,
  secretUpdateRefusal,
  volumeDeleteRefusal
} from './workspaces/storage';
import {
  kindOption,
  kindUsage,
  workspaceItem,
  workspaceKind
} from './testing/workspaces';
import { marking } from './testing/trans';
import { FormBody } from './components/SubmittingDialog';
import { DeployBody } from './registry/DeployDialog';
import { DescriptionEditor } from './registry/DescriptionEditor';
import { PropertiesEditor } from './registry/PropertiesEditor';
import { RegisterFormView } from './registry/RegisterFormView';
import { RegisterCatalogForm } from './registry/catalog/RegisterCatalogDialog';
import { IRegisterForm } from './registry/registerForm';
import { IRegisterJob, IVersionDetails } from './registry/types';
import { ICatalogRegisterForm } from './registry/catalog/types';
import { KindCard, KindsView } from './workspaces/KindsView';
import { LogsView } from './workspaces/LogsView';
import { StoragePane, TabBar } from './workspaces/PanelTabs';
import { DetailsList, PodDetails } from './workspaces/PodDetails';
import { autoPauseNote } from './workspaces/state';
import {
  COLUMNS,
  EMPTY_WINDOW,
  loadingText,
  NO_QUERY
} from './workspaces/table';
import { TableToolbar } from './workspaces/TableToolbar';
import type { IKindOverview } from './workspaces/kindTypes';
import type { IWorkspaceDetails } from './workspaces/types';
import {
  restartQuestion,
  startQuestion,
  stopQuestion,
  updateNotReadyQuestion
} from './workspaces/updateDialogs';
import { WorkspaceCard } from './workspaces/WorkspaceCard';
import { WorkspaceCards } from './workspaces/WorkspaceCards';
import { WorkspaceTable } from './workspaces/WorkspaceTable';
import workspacesPlugin from './workspaces/plugin';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { renderToStaticMarkup } = require('react-dom/server') as {
  renderToStaticMarkup(element: React.ReactElement): string;
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

/**
 * The text of each element of rendered markup, its child elements as one mark each
 * (`\u0001`): a sentence translated whole may hold an element (`Redirects to <code>
 * img</code>`) and is still one marked text; the child's own text is checked apart.
 */
function ownTexts(markup: string): string[] {
  const texts: string[] = [];
  const open: string[] = [''];
  for (const part of markup.split(/(<[^>]*>)/)) {
    if (part.startsWith('</')) {
      texts.push(open.pop() ?? '');
    } else if (part.startsWith('<')) {
      if (!part.endsWith('/>')) {
        open[open.length - 1] += '\u0001';
        open.push('');
      }
    } else {
      open[open.length - 1] += part;
    }
  }
  return [...texts, ...open];
}

/** The untranslated texts and attributes of rendered markup. */
function untranslated(markup: string, data: readonly string[]): string[] {
  const found: string[] = [];
  const tags = /<[^>]*>/g;
  for (const text of ownTexts(markup)) {
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

/** A register dialog's body as it first shows `form`. */
function formDialog<F>(
  form: F,
  view: (props: { body: FormBody<F, IRegisterJob> }) => JSX.Element
): React.ReactElement {
  return renderWidget(
    new FormBody<F, IRegisterJob>(
      form,
      body => React.createElement(view, { body }),
      marking
    )
  );
}

test('registry: the register, catalog register and deploy dialogs and the editors are translated', () => {
  const register: IRegisterForm = {
    path: 'models/iris.onnx',
    modelName: 'iris',
    versionName: 'v1',
    modelFormatName: 'onnx',
    modelFormatVersion: '1',
    description: 'Iris classifier',
    properties: [{ key: 'accuracy', value: '0.97' }],
    labels: ['prod'],
    author: 'ada',
    storage: '',
    lineage: { notebook: 'train.ipynb', pipeline: 'train', runId: 'r7' },
    modelSource: { kind: 'kfp', name: 'run-7', group: 'team-a' }
  };
  assertTranslated(formDialog(register, RegisterFormView), [
    'models/iris.onnx',
    'iris',
    'v1',
    'onnx',
    'Iris classifier',
    'accuracy',
    '0.97',
    'prod',
    'ada',
    'train.ipynb',
    'train',
    'r7',
    'run-7',
    'team-a'
  ]);
  const catalog: ICatalogRegisterForm = {
    sourceId: 'redhat',
    catalogModelName: 'granite',
    modelName: 'granite',
    description: 'A language model',
    versionName: 'v2',
    uri: 'oci://registry.example.com/granite:1.0',
    uris: ['oci://registry.example.com/granite:1.0'],
    modelFormatName: '',
    modelFormatVersion: '',
    labels: ['text-generation'],
    author: 'ada'
  };
  assertTranslated(formDialog(catalog, RegisterCatalogForm), [
    ...Object.values(catalog).flat()
  ]);
  const details = {
    model: { id: '1', name: 'iris' },
    version: { id: '2', name: 'v1' },
    artifacts: [{ id: '3', name: 'iris', modelFormatName: 'onnx' }],
    inferenceServices: []
  } as unknown as IVersionDetails;
  assertTranslated(renderWidget(new DeployBody(details, marking)), [
    'iris',
    'v1',
    'onnx',
    'iris-v1',
    'default'
  ]);
  const save = async () => undefined;
  assertTranslated(
    React.createElement(PropertiesEditor, {
      owner: 'version v1',
      customProperties: {
        prod: { metadataType: 'MetadataStringValue', string_value: '' },
        accuracy: { metadataType: 'MetadataStringValue', string_value: '0.97' }
      },
      onSave: save
    }),
    ['version v1', 'prod', 'accuracy', '0.97']
  );
  assertTranslated(
    React.createElement(DescriptionEditor, {
      owner: 'version v1',
      description: undefined,
      onSave: save
    }),
    ['version v1']
  );
});

const NOW = Date.parse('2026-12-05T12:00:00Z');
const at = (ms: number) => new Date(ms).toLocaleString();

/** A running workspace with all a card shows: services, activity, an update, secrets. */
const CHURN = workspaceItem({
  name: 'churn-lab',
  displayName: 'Churn analysis',
  pendingRestart: true,
  changesApply: 'restart',
  phase: 'Starting',
  imageConfig: {
    current: 'jupyterlab_scipy_190',
    desired: 'jupyterlab_scipy_200',
    redirectChain: [
      {
        source: 'jupyterlab_scipy_190',
        target: 'jupyterlab_scipy_200',
        message: { text: 'Security fixes', level: 'Warning' }
      }
    ]
  },
  podConfig: {
    current: 'small_cpu',
    desired: 'big_gpu',
    redirectChain: [{ source: 'small_cpu', target: 'big_gpu' }]
  },
  dataVolumes: [{ pvcName: 'churn-data', mountPath: '/data', readOnly: true }],
  secrets: [{ secretName: 'creds', mountPath: '/secrets', mounted: false }],
  gpus: 1,
  services: [{ id: 'lab', displayName: 'JupyterLab', url: '/ws/churn/' }],
  activity: {
    lastActivity: NOW - 300_000,
    lastUpdate: null,
    lastProbe: {
      result: 'Failure',
      message: 'no answer',
      endTime: NOW - 60_000
    },
    lastRunningTime: null,
    pauseEligibleAfter: NOW + 600_000,
    autoPaused: false,
    autoPauseAt: NOW + 900_000,
    idleLimitSeconds: 3600,
    probe: { probeIntervalSeconds: 300, kind: 'jupyter' }
  }
} as never);

const WORKSPACE_DATA = [
  'churn-lab',
  'team-a',
  'jupyterlab',
  'JupyterLab',
  'Churn analysis',
  'jupyterlab_scipy_190',
  'jupyterlab_scipy_200',
  'small_cpu',
  'big_gpu',
  'churn-data',
  '/data',
  'creds',
  '/secrets',
  'Security fixes',
  'Warning',
  'Failure',
  'no answer',
  'Running',
  'Starting',
  // the activity lines' times, in the browser's locale
  at(NOW - 300_000),
  at(NOW - 60_000)
];

test('workspaces: a card, the table, its toolbar and the banners are translated', () => {
  const noop = () => undefined;
  const permissions = { create: true, update: true, delete: true, reasons: {} };
  const card = assertTranslated(
    React.createElement(WorkspaceCard, {
      item: CHURN,
      permissions,
      showNamespace: true,
      onAction: noop
    } as never),
    WORKSPACE_DATA
  );
  // the actions' hooks for tests and styles stay the same in every language
  for (const action of ['connect', 'pause', 'restart', 'logs', 'edit']) {
    assert.ok(card.includes(`data-action="${action}"`), action);
  }
  const paused = workspaceItem({
    name: 'idle-lab',
    displayName: 'idle-lab',
    state: 'Paused',
    phase: 'Paused',
    paused: true,
    activity: { ...CHURN.activity, autoPaused: true } as never
  });
  assertTranslated(
    React.createElement(WorkspaceCard, {
      item: paused,
      permissions: { ...permissions, update: false },
      showNamespace: false,
      onAction: noop
    } as never),
    [...WORKSPACE_DATA, 'idle-lab', 'img', 'pod', 'Paused']
  );
  const held = {
    ...EMPTY_WINDOW,
    total: 2,
    keys: ['team-a/churn-lab', 'team-a/idle-lab'],
    items: new Map([
      ['team-a/churn-lab', CHURN],
      ['team-a/idle-lab', paused]
    ]),
    loading: { namespaces: 640, workspaces: 31500 }
  };
  const tableProps = {
    window: held,
    query: NO_QUERY,
    columns: COLUMNS.map(column => column.id),
    selected: null,
    label: marking.__('Workspaces'),
    onSort: noop,
    onSelect: noop,
    onRange: noop
  };
  assertTranslated(React.createElement(WorkspaceTable, tableProps), [
    ...WORKSPACE_DATA,
    'idle-lab',
    'img',
    'pod',
    '—'
  ]);
  assertTranslated(
    React.createElement(WorkspaceCards, {
      window: held,
      query: NO_QUERY,
      compact: false,
      showNamespace: true,
      label: marking.__('Workspaces'),
      permissionsIn: () => permissions,
      onSort: noop,
      onAction: noop,
      onRange: noop
    }),
    [...WORKSPACE_DATA, 'idle-lab', 'img', 'pod']
  );
  assertTranslated(
    React.createElement(TableToolbar, {
      query: { ...NO_QUERY, search: 'churn', state: 'Running' },
      kinds: [],
      allNamespaces: true,
      refusal: null,
      onChange: noop,
      columns: { offered: ['kind'], shown: ['name'], onChange: noop }
    } as never),
    [...WORKSPACE_DATA, 'churn']
  );
  // what the pure modules say in the card and the table's notice
  const notes = [
    autoPauseNote(CHURN, marking, NOW),
    autoPauseNote(paused, marking, NOW),
    loadingText(held.loading, marking),
    loadingText({ namespaces: null, workspaces: null }, marking)
  ];
  const data = [at(NOW + 900_000), at(NOW - 300_000), at(NOW + 600_000)];
  assert.deepEqual(
    notes.map(note => unmarked(note ?? '⟦⟧', data)).filter(Boolean),
    []
  );
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

/** A kind whose options are hidden, labelled, redirected and denied (its own words). */
const KIND = workspaceKind({
  description: 'JupyterLab with the scientific Python stack.',
  imageConfig: {
    default: 'img',
    options: [
      kindOption('img', { labels: [{ key: 'python', value: '3.11' }] }),
      kindOption('img-old', {
        hidden: true,
        redirect: { to: 'img', message: 'Moved to Python 3.11.', level: 'Info' }
      })
    ]
  },
  podConfig: {
    default: 'pod',
    options: [
      kindOption('pod', {
        labels: [{ key: 'cpu', value: '1' }],
        workspacesCount: 3
      }),
      // denied with the kind's words, and without (the extension's)
      kindOption('pod-big', {
        restrictions: { deny: true, denyMessage: null }
      }),
      kindOption('pod-gpu', {
        restrictions: {
          deny: true,
          denyMessage: { text: 'GPUs are for team-b.', level: 'Warning' }
        }
      })
    ]
  }
});

const WORKSPACES_DATA = [
  'team-a',
  'ws1',
  'jupyterlab',
  'JupyterLab',
  'JupyterLab with the scientific Python stack.',
  'img',
  'img-old',
  'pod',
  'pod-gpu',
  'pod-big',
  'python=3.11',
  'cpu=1',
  'Moved to Python 3.11.',
  'GPUs are for team-b.',
  'data-pvc',
  'locked-pvc',
  '10Gi',
  '1Gi',
  // Kubernetes' access modes
  'ReadWriteOncePod',
  'ReadWriteOnce',
  'ReadOnlyMany',
  'ReadWriteMany',
  '/data/data-pvc',
  '/home/jovyan',
  'db-credentials',
  '/secrets/db-credentials',
  'Opaque',
  'user',
  'password',
  'team',
  'standard',
  'slow',
  'Bound',
  'Info'
];

/** RBAC allows every verb (what refuses is the item's own state). */
const MAY_ALL = { create: true, update: true, delete: true, reasons: {} };

const PVCS = [
  { name: 'data-pvc', storage: '10Gi', accessModes: ['ReadWriteOnce'] },
  {
    name: 'locked-pvc',
    storage: '1Gi',
    accessModes: ['ReadWriteOnce'],
    canMount: false
  }
];

test('workspaces: the create and edit forms and their rows are translated', () => {
  const noop = () => undefined;
  assertTranslated(
    React.createElement(CreateForm, {
      namespace: 'team-a',
      kinds: [
        KIND,
        {
          ...KIND,
          name: 'old',
          displayName: 'JupyterLab',
          deprecated: true,
          deprecationMessage: 'Moved to Python 3.11.'
        }
      ],
      initialName: 'ws1',
      onCreated: noop,
      onCancel: noop
    }),
    WORKSPACES_DATA
  );
  // no kind may be used: the notice
  assertTranslated(
    React.createElement(CreateForm, {
      namespace: 'team-a',
      kinds: [],
      onCreated: noop,
      onCancel: noop
    }),
    WORKSPACES_DATA
  );
  // a kind the cluster no longer lists, an update pending
  assertTranslated(
    React.createElement(EditForm, {
      item: workspaceItem({ pendingRestart: true }),
      onSaved: noop,
      onCancel: noop
    }),
    WORKSPACES_DATA
  );
  assertTranslated(
    React.createElement(EditForm, {
      item: workspaceItem(),
      kind: KIND,
      onSaved: noop,
      onCancel: noop
    }),
    WORKSPACES_DATA
  );
  // nothing chosen yet, hidden options and label filters offered
  assertTranslated(
    React.createElement(OptionSelect, {
      field: 'imageConfig',
      options: KIND.imageConfig,
      value: '',
      namespace: 'team-a',
      onChange: noop
    }),
    WORKSPACES_DATA
  );
  assertTranslated(
    React.createElement(OptionSelect, {
      field: 'podConfig',
      options: KIND.podConfig,
      value: 'pod',
      namespace: 'team-a',
      onChange: noop
    }),
    WORKSPACES_DATA
  );
  assertTranslated(
    React.createElement(DataVolumeRows, {
      namespace: 'team-a',
      rows: [
        { pvcName: 'data-pvc', mountPath: '/data/data-pvc', readOnly: true },
        { pvcName: 'gone-pvc', mountPath: '', readOnly: false }
      ],
      pvcs: PVCS,
      errors: {},
      onChange: noop
    }),
    [...WORKSPACES_DATA, 'gone-pvc']
  );
  assertTranslated(
    React.createElement(SecretRows, {
      namespace: 'team-a',
      rows: [
        { secretName: 'db-credentials', mountPath: '/secrets/db-credentials' }
      ],
      secrets: [{ name: 'db-credentials' }, { name: 'tls', canMount: false }],
      errors: {},
      onChange: noop
    }),
    [...WORKSPACES_DATA, 'tls']
  );
  // no secrets to mount: the add button says why
  assertTranslated(
    React.createElement(SecretRows, {
      namespace: 'team-a',
      rows: [],
      secrets: [],
      errors: {},
      onChange: noop
    }),
    WORKSPACES_DATA
  );
  assertTranslated(
    React.createElement(PodMetadataRows, {
      rows: {
        labels: [{ key: 'team', value: 'team-a' }],
        annotations: [{ key: 'team', value: 'team-a' }]
      },
      errors: {},
      onChange: noop
    }),
    WORKSPACES_DATA
  );
});

test('workspaces: the Volumes and Secrets tabs and their forms are translated', () => {
  const noop = () => undefined;
  // what the tabs show first: the toolbar and the loading state
  assertTranslated(
    React.createElement(VolumesView, { namespace: 'team-a' }),
    WORKSPACES_DATA
  );
  assertTranslated(
    React.createElement(SecretsView, { namespace: 'team-a' }),
    WORKSPACES_DATA
  );
  const users = [
    { name: 'ws1', state: 'Running', mountPath: '/home/jovyan', home: true },
    {
      name: 'ws2',
      mountPath: '/data/data-pvc',
      home: false,
      mounted: false,
      reason: 'ws2 mounts another volume at /data/data-pvc.'
    }
  ];
  const volume = {
    name: 'data-pvc',
    canMount: false,
    size: '1Gi',
    capacity: '10Gi',
    storageClass: 'standard',
    accessModes: ['ReadWriteOnce'],
    phase: 'Bound',
    created: '',
    usedBy: users,
    canDelete: true,
    deleteReason: null
  };
  const rows = (row: React.ReactElement) =>
    React.createElement('table', null, React.createElement('tbody', null, row));
  const volumeData = [
    ...WORKSPACES_DATA,
    'ws2',
    'ws2 mounts another volume at /data/data-pvc.'
  ];
  assertTranslated(
    rows(
      React.createElement(VolumeRow, {
        volume,
        // in use: its delete is refused, with the reason as the button's title
        refusal: volumeDeleteRefusal(volume, MAY_ALL, 'team-a', marking),
        error: 'the API server is unreachable',
        onDelete: noop
      })
    ),
    [...volumeData, 'the API server is unreachable']
  );
  assertTranslated(
    rows(
      React.createElement(VolumeRow, {
        volume: { ...volume, phase: null, capacity: null, usedBy: [] },
        refusal: null,
        onDelete: noop
      })
    ),
    volumeData
  );
  const secret = {
    name: 'db-credentials',
    type: 'Opaque',
    keys: ['user', 'password'],
    immutable: true,
    created: '',
    usedBy: users,
    canUpdate: true,
    canDelete: true,
    canMount: false
  };
  // with keys and users, and with neither
  for (const shown of [secret, { ...secret, keys: [], usedBy: [] }]) {
    assertTranslated(
      React.createElement(SecretCard, {
        secret: shown,
        // immutable and in use: both refused, the delete's reason shown under it
        updateRefusal: secretUpdateRefusal(shown, MAY_ALL, 'team-a', marking),
        deleteRefusal: secretDeleteRefusal(shown, MAY_ALL, 'team-a', marking),
        onEdit: noop,
        onDelete: noop
      }),
      volumeData
    );
  }
  // a new secret, and a change of one (its stored keys)
  assertTranslated(
    React.createElement(SecretForm, {
      namespace: 'team-a',
      taken: [],
      onSaved: noop,
      onCancel: noop
    }),
    volumeData
  );
  assertTranslated(
    React.createElement(SecretForm, {
      namespace: 'team-a',
      secret,
      taken: [],
      onSaved: noop,
      onCancel: noop
    }),
    volumeData
  );
  assertTranslated(
    React.createElement(NewVolumeFields, {
      namespace: 'team-a',
      storageClasses: [
        { name: 'standard', isDefault: true, canUse: true },
        { name: 'slow', isDefault: false, canUse: false }
      ],
      taken: [],
      onCreated: noop,
      onCancel: noop
    }),
    volumeData
  );
  assertTranslated(
    React.createElement(NewVolumeFields, {
      namespace: 'team-a',
      storageClasses: [],
      taken: [],
      onCreated: noop,
      onCancel: noop
    }),
    volumeData
  );
});

test('workspaces: the panel tabs and the storage pane are translated', () => {
  const noop = () => undefined;
  assertTranslated(
    React.createElement(TabBar, {
      current: 'volumes',
      onSelect: noop,
      onKinds: noop
    }),
    []
  );
  assertTranslated(
    React.createElement(StoragePane, {
      tab: 'secrets',
      namespace: 'team-a',
      onNamespace: noop
    }),
    []
  );
});

test('workspaces: the pod details are translated', () => {
  const details: IWorkspaceDetails = {
    resources: {
      podConfig: 'small_cpu',
      displayName: 'Small CPU',
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '1', memory: '2Gi' },
      gpus: 1
    },
    outdated: [
      { what: 'image', pod: 'scipy:1.9', chosen: 'scipy:2.0' },
      {
        what: 'resources',
        pod: { requests: { cpu: '250m' }, limits: {} },
        chosen: { requests: { cpu: '500m' }, limits: { cpu: '1' } }
      }
    ],
    pod: {
      name: 'ws-churn-lab-0',
      node: null,
      phase: 'Pending',
      containers: [
        {
          name: 'main',
          image: 'scipy:2.0',
          ready: false,
          restartCount: 3,
          state: 'waiting'
        }
      ],
      initContainers: [
        {
          name: 'init',
          image: 'busybox',
          ready: true,
          restartCount: 0,
          state: ''
        }
      ]
    },
    mounts: {
      home: { pvcName: 'churn-home', size: '10Gi', mountPath: '/home/jovyan' },
      data: [{ pvcName: 'churn-data', mountPath: '/data', readOnly: true }],
      secrets: [{ secretName: 'creds', mountPath: '/secrets' }]
    },
    audit: {
      createdAt: '2026-11-01T08:00:00Z',
      createdBy: 'alice',
      updatedAt: null,
      updatedBy: 'kubectl-edit',
      byManager: true
    }
  } as IWorkspaceDetails;
  const data = [
    ...WORKSPACE_DATA,
    'Small CPU',
    '500m',
    '250m',
    '1Gi',
    '2Gi',
    'cpu',
    'memory',
    'scipy:1.9',
    'scipy:2.0',
    'ws-churn-lab-0',
    'Pending',
    'main',
    'init',
    'busybox',
    'waiting',
    'churn-home',
    '10Gi',
    '/home/jovyan',
    'alice',
    'kubectl-edit',
    at(Date.parse('2026-11-01T08:00:00Z')),
    at(CHURN.activity?.autoPauseAt as number),
    at(CHURN.activity?.lastActivity as number)
  ];
  assertTranslated(
    React.createElement(DetailsList, {
      details,
      name: 'churn-lab',
      id: 'd1',
      item: CHURN
    }),
    data
  );
  assertTranslated(
    React.createElement(DetailsList, {
      details: { ...details, pod: null, outdated: [], resources: null },
      name: 'idle-lab',
      id: 'd2',
      item: workspaceItem({ paused: true, pendingRestart: false })
    }),
    [...data, 'idle-lab']
  );
  // before the server answers
  assertTranslated(
    React.createElement(PodDetails, {
      namespace: 'team-a',
      name: 'churn-lab',
      version: '1',
      id: 'd3'
    }),
    []
  );
});

test('workspaces: the logs view and the kinds view are translated', () => {
  const noop = () => undefined;
  assertTranslated(
    React.createElement(LogsView, { namespace: 'team-a', name: 'churn-lab' }),
    ['team-a', 'churn-lab', '100', '200', '1000', '5000']
  );
  assertTranslated(
    React.createElement(KindsView, { services: {} as never }),
    []
  );
  const option = {
    description: '',
    hidden: false,
    redirect: null,
    labels: []
  };
  const kind: IKindOverview = {
    name: 'jupyterlab',
    displayName: 'JupyterLab',
    description: 'A JupyterLab with the scientific Python stack.',
    deprecated: true,
    deprecationMessage: 'Use jupyterlab-v2.',
    hidden: true,
    icon: null,
    ports: [{ id: 'lab', displayName: 'JupyterLab', protocol: 'HTTP' }],
    defaults: { imageConfig: 'scipy_190', podConfig: 'small_cpu' },
    images: [
      {
        ...option,
        id: 'scipy_190',
        displayName: 'SciPy 1.9',
        hidden: true,
        image: 'scipy:1.9',
        redirect: {
          to: 'scipy_200',
          message: 'Security fixes',
          level: 'Warning'
        },
        ports: [{ id: 'lab', port: 8888, displayName: 'JupyterLab' }]
      }
    ],
    podConfigs: [
      {
        ...option,
        id: 'small_cpu',
        displayName: 'Small CPU',
        requests: { cpu: '1' },
        limits: { memory: '2Gi' },
        gpus: 1
      }
    ],
    controllerCount: 3,
    resourceVersion: '7',
    created: '',
    usage: kindUsage({
      sample: [
        {
          namespace: 'team-a',
          name: 'churn-lab',
          phase: 'Running',
          podConfig: 'small_cpu',
          gpus: 1
        }
      ]
    })
  };
  assertTranslated(
    React.createElement(KindCard, {
      kind,
      refusal: () => undefined,
      error: 'Not deleted: webhook denied',
      onEdit: noop,
      onCopy: noop,
      onDelete: noop
    }),
    [
      ...WORKSPACE_DATA,
      'A JupyterLab with the scientific Python stack.',
      'Use jupyterlab-v2.',
      'HTTP',
      'lab',
      'scipy_190',
      'scipy_200',
      'SciPy 1.9',
      'scipy:1.9',
      'Small CPU',
      'Not deleted: webhook denied',
      '8888'
    ]
  );
});

test('workspaces: the update dialogs are translated', () => {
  const notReady = { ...CHURN, pendingRestart: false };
  for (const question of [
    stopQuestion(CHURN, marking),
    startQuestion(CHURN, marking),
    restartQuestion(CHURN, marking),
    restartQuestion(notReady, marking),
    updateNotReadyQuestion(CHURN, 'big_gpu', marking)
  ]) {
    assertTranslated(question.body, WORKSPACE_DATA);
    const words = [
      question.title,
      question.update,
      question.updateAria,
      question.plain,
      question.plainAria
    ];
    assert.deepEqual(
      words.map(word => unmarked(word, WORKSPACE_DATA)).filter(Boolean),
      []
    );
  }
});

test('workspaces: the commands are labelled through the translator', () => {
  const commands = new Map<string, Record<string, unknown>>();
  const app = {
    commands: {
      addCommand: (id: string, options: Record<string, unknown>) =>
        commands.set(id, options)
    },
    shell: { add: () => undefined, activateById: () => undefined }
  };
  const palette: string[] = [];
  workspacesPlugin.activate(
    app as never,
    {
      addItem: (item: { category: string }) => palette.push(item.category)
    } as never,
    null,
    null,
    null,
    { load: () => marking } as never
  );
  assert.ok(commands.size >= 11, `commands: ${[...commands.keys()]}`);
  const shown: string[] = [...palette];
  for (const options of commands.values()) {
    for (const key of ['label', 'caption']) {
      const value = options[key];
      if (typeof value === 'function') {
        shown.push(value({}), value({ name: 'churn-lab', target: 'big_gpu' }));
      } else if (value !== undefined) {
        shown.push(value as string);
      }
    }
  }
  assert.deepEqual(
    shown.map(text => unmarked(text, ['churn-lab', 'big_gpu'])).filter(Boolean),
    []
  );
});
