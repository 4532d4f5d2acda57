import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

/** The pipelines surface (filled in by its capability). */
const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-kubeflow:pipelines',
  description: 'Kubeflow pipelines.',
  autoStart: true,
  activate: (app: JupyterFrontEnd): void => {
    void app;
  }
};

export default plugin;
