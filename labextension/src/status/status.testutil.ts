/** What the status route answers, for the unit tests of the status surface. */
import { IConnectionStatus } from './summary';

// What the status route answers with nothing configured (embedded defaults).
export const EMBEDDED: IConnectionStatus = {
  version: '0.1.0',
  pipelines: {
    kfp_host: '',
    kfp_found: '',
    token_from: '',
    connected: false,
    multi_user: null,
    namespace: '',
    namespace_from: '',
    base_image: 'python:3.11-slim'
  },
  registry: {
    mode: 'embedded',
    url: '/kubeflow/registry',
    connected: true,
    storage: ['local']
  },
  workspaces: {
    connected: false,
    server: '',
    context: null,
    namespace: 'default',
    error: 'no kubeconfig',
    currentWorkspace: null
  }
};

export const CONNECTED: IConnectionStatus = {
  pipelines: {
    kfp_host: 'https://kubeflow.example.com/pipeline',
    kfp_found: 'configured',
    token_from: 'environment variable KF_PIPELINES_TOKEN',
    connected: true,
    multi_user: true,
    namespace: 'team-a',
    namespace_from: 'kubeconfig',
    base_image: 'python:3.11-slim'
  },
  registry: {
    mode: 'external',
    url: 'https://registry.example.com:8443',
    connected: true,
    storage: ['local', 's3']
  },
  workspaces: {
    connected: true,
    server: 'https://10.0.0.1:6443',
    context: 'team-a',
    namespace: 'team-a',
    currentWorkspace: { namespace: 'team-a', name: 'lab' }
  }
};
