import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  detailSections,
  hostOf,
  IConnectionStatus,
  summarize
} from './summary';
import { plainTrans as trans } from '../trans';
import { CONNECTED, EMBEDDED } from './status.testutil';
import { testEach } from '../testing/testEach';

testEach(
  'the line names what is connected; nothing is a problem',
  {
    'nothing configured: the embedded defaults': [
      EMBEDDED,
      'Kubeflow: local runs only | embedded registry | no cluster',
      /Model Registry: embedded registry/
    ],
    'connected: the hosts and the namespace': [
      CONNECTED,
      'Kubeflow: kubeflow.example.com | registry.example.com:8443 | team-a',
      /Model Registry: registry\.example\.com:8443/
    ]
  },
  (status: IConnectionStatus, text: string, title: RegExp) => {
    const summary = summarize(status, trans);
    assert.equal(summary.text, text);
    assert.equal(summary.problem, false);
    assert.match(summary.title, title);
  }
);

test('a configured part that does not answer is a problem, said in its section', () => {
  const down: IConnectionStatus = {
    ...CONNECTED,
    pipelines: { ...CONNECTED.pipelines, connected: false, multi_user: null },
    workspaces: {
      ...CONNECTED.workspaces,
      connected: false,
      error: 'connection refused'
    }
  };
  const summary = summarize(down, trans);
  assert.equal(summary.problem, true);
  assert.match(summary.text, /cluster not answering$/);
  const sections = detailSections(down, trans);
  assert.match(sections[0].problem ?? '', /does not answer/);
  assert.equal(sections[1].problem, undefined);
  assert.equal(sections[2].problem, 'connection refused');
  // a registry that fails its probe, even the embedded one, is a problem too
  const registryDown = {
    ...EMBEDDED,
    registry: { ...EMBEDDED.registry, connected: false, error: 'locked' }
  };
  assert.equal(summarize(registryDown, trans).problem, true);
  assert.equal(detailSections(registryDown, trans)[1].problem, 'locked');
});

test('the details name each part, and where values came from', () => {
  const [pipelines, registry, cluster] = detailSections(CONNECTED, trans);
  const rows = (section: { rows: [string, string][] }) =>
    Object.fromEntries(section.rows);
  assert.deepEqual(rows(pipelines), {
    Endpoint: 'https://kubeflow.example.com/pipeline',
    Found: 'configured',
    Answers: 'yes',
    'Multi-user': 'yes',
    Token: 'environment variable KF_PIPELINES_TOKEN',
    'Runs go to namespace': 'team-a (from kubeconfig)',
    'Base image of steps': 'python:3.11-slim'
  });
  assert.equal(rows(registry)['Model storage'], 'local, s3');
  assert.equal(rows(registry).Registry, 'external');
  assert.equal(
    rows(cluster)['This JupyterLab runs in workspace'],
    'team-a/lab'
  );
  const embedded = detailSections(EMBEDDED, trans);
  assert.match(rows(embedded[0]).Endpoint, /run locally/);
  assert.match(rows(embedded[1]).Registry, /embedded/);
  assert.match(rows(embedded[2])['API server'], /no kubeconfig/);
  assert.ok(embedded.every(section => section.problem === undefined));
});

test('a status the server could not fully answer still reads', () => {
  // the route answers {connected: false, error} for a capability whose status raised
  const partial: IConnectionStatus = {
    pipelines: { connected: false, error: 'boom' } as never
  };
  assert.equal(
    summarize(partial, trans).text,
    'Kubeflow: local runs only | embedded registry | no cluster'
  );
  assert.equal(detailSections(partial, trans).length, 3);
});

test('hostOf keeps the host and port and drops the rest', () => {
  assert.equal(
    hostOf('https://user@kf.example.com:8443/pipeline'),
    'kf.example.com:8443'
  );
  assert.equal(hostOf('not a url'), 'not a url');
});
