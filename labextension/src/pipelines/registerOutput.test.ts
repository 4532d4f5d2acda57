import assert from 'node:assert/strict';
import { test } from 'node:test';

import { canRegister, registerOutputArgs, servingURI } from './registerOutput';
import { makeRun } from './run.testutil';
import { IRun, IRunOutput } from './types';
import { testAnswers } from '../testing/testEach';

const run = makeRun({
  id: 'a1b2',
  notebook: 'train.ipynb',
  pipeline: 'train',
  created: 1,
  finished: 2
});
const output: IRunOutput = {
  step: 'fit',
  name: 'model',
  path: '/data/runs/a1b2/fit/model',
  type: 'Model'
};

test('a local run registers its file with its lineage, and no source', () => {
  assert.equal(canRegister(output, run), true);
  assert.deepEqual(registerOutputArgs(output, run), {
    path: '/data/runs/a1b2/fit/model',
    modelName: 'train-model',
    lineage: { notebook: 'train.ipynb', pipeline: 'train', runId: 'a1b2' }
  });
});

test('a Kubeflow run registers the stored URI with the run as its source', () => {
  const kfp: IRun = {
    ...run,
    mode: 'kfp',
    kfp_run_id: '5f0e-77',
    kfp_run_name: 'train a1b2',
    namespace: 'team-a'
  };
  const stored = {
    ...output,
    uri: 'minio://mlpipeline/v2/artifacts/fit/model'
  };
  assert.equal(canRegister(output, kfp), false); // nothing stored to point at
  assert.equal(canRegister(stored, kfp), true);
  assert.deepEqual(registerOutputArgs(stored, kfp), {
    // KFP's minio:// is its own name for the bucket; model servers read s3://
    uri: 's3://mlpipeline/v2/artifacts/fit/model',
    modelName: 'train-model',
    lineage: { notebook: 'train.ipynb', pipeline: 'train', runId: 'a1b2' },
    modelSource: {
      kind: 'kfp',
      class: 'pipelinerun',
      group: 'team-a',
      id: '5f0e-77',
      name: 'train a1b2'
    }
  });
});

testAnswers('only the minio scheme of KFP is renamed for serving', servingURI, [
  ['MINIO://b/k/minio://x', 's3://b/k/minio://x'],
  ['s3://b/k', 's3://b/k'],
  ['gs://b/k', 'gs://b/k']
]);

test("a Kubeflow step's metrics file is no model to register", () => {
  const kfp: IRun = { ...run, mode: 'kfp', kfp_run_id: '5f0e-77' };
  const metrics = {
    ...output,
    name: 'kfp_metrics',
    type: 'Metrics',
    uri: 'minio://mlpipeline/v2/artifacts/fit/5f0e-77/step-fit/kfp_metrics'
  };
  assert.equal(canRegister(metrics, kfp), false);
  assert.equal(canRegister({ ...metrics, type: 'Artifact' }, kfp), true);
});
