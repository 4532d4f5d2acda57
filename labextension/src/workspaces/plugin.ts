import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

/** The workspaces surface (filled in by its capability). */
const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-kubeflow:workspaces',
  description: 'Kubeflow workspaces.',
  autoStart: true,
  activate: (app: JupyterFrontEnd): void => {
    void app;
  }
};

export default plugin;
