import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';

/** The registry surface (filled in by its capability). */
const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-kubeflow:registry',
  description: 'Kubeflow registry.',
  autoStart: true,
  activate: (app: JupyterFrontEnd): void => {
    void app;
  }
};

export default plugin;
