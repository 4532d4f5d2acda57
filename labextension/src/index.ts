/**
 * jupyter-kubeflow's frontend: one plugin per surface.
 * - pipelines: `kubeflow:convert-notebook` and the pipeline view
 * - registry: the model registry tab, register and deploy
 * - workspaces: the Kubeflow Notebooks 2.0 sidebar
 * - status: the status-bar item saying which Kubeflow the lab talks to
 */
import { JupyterFrontEndPlugin } from '@jupyterlab/application';

import pipelinesPlugin from './pipelines/plugin';
import registryPlugin from './registry/plugin';
import statusPlugin from './status/plugin';
import workspacesPlugin from './workspaces/plugin';

const plugins: JupyterFrontEndPlugin<any>[] = [
  pipelinesPlugin,
  registryPlugin,
  workspacesPlugin,
  statusPlugin
];

export default plugins;
