/**
 * Which Kubeflow this JupyterLab talks to, at a glance: a status-bar item (Kubeflow
 * Pipelines, the model registry, the cluster's namespace) that opens the details, and
 * `kubeflow:show-connection` for the palette. All from `GET /kubeflow/api/status`.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator } from '@jupyterlab/translation';

import { kubeflowIcon } from '../icons';
import { startSurface } from '../surface';
import { ConnectionModel } from './model';
import { statusSettings } from './settings';
import { ConnectionDetails, ConnectionStatusItem } from './StatusItem';

export const SHOW_CONNECTION_COMMAND = 'kubeflow:show-connection';

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-kubeflow:status',
  description: 'Which Kubeflow this JupyterLab talks to, in the status bar.',
  autoStart: true,
  optional: [IStatusBar, ISettingRegistry, ITranslator, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    statusBar: IStatusBar | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null,
    palette: ICommandPalette | null
  ): void => {
    const trans = startSurface(statusSettings, settingRegistry, translator);
    const model = new ConnectionModel();

    app.commands.addCommand(SHOW_CONNECTION_COMMAND, {
      label: trans.__('Show Kubeflow Connection'),
      caption: trans.__(
        'Which Kubeflow Pipelines, model registry and cluster this JupyterLab talks to'
      ),
      icon: args => (args.isPalette ? undefined : kubeflowIcon),
      execute: async () => {
        void model.refresh();
        await showDialog({
          title: trans.__('Kubeflow connection'),
          body: new ConnectionDetails(model, trans),
          buttons: [Dialog.okButton({ label: trans.__('Close') })]
        });
      }
    });
    palette?.addItem({
      command: SHOW_CONNECTION_COMMAND,
      category: trans.__('Kubeflow')
    });

    if (statusBar) {
      const item = new ConnectionStatusItem(
        model,
        trans,
        () => void app.commands.execute(SHOW_CONNECTION_COMMAND)
      );
      statusBar.registerStatusItem(plugin.id, {
        item,
        align: 'left',
        rank: 100
      });
      void app.restored.then(() => model.refresh());
    }
  }
};

export default plugin;
