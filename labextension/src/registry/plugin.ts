/**
 * The registry surface: `kubeflow:open-registry` (the tab), `kubeflow:register-model`
 * (file browser context menu), `kubeflow:deploy-model-version`, and the model catalog:
 * `kubeflow:open-model-catalog` and `kubeflow:register-catalog-model`.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  MainAreaWidget,
  showErrorMessage,
  WidgetTracker
} from '@jupyterlab/apputils';
import { IFileBrowserFactory } from '@jupyterlab/filebrowser';
import { ILauncher } from '@jupyterlab/launcher';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

import { registryIcon, registryLauncherIcon } from '../icons';
import { startSurface } from '../surface';
import { getRegisterForm } from './catalog/client';
import { showRegisterCatalogDialog } from './catalog/RegisterCatalogDialog';
import { ICatalogModelRef } from './catalog/types';
import { getVersion } from './client';
import { showDeployDialog } from './DeployDialog';
import { notifyDeploy } from './notify';
import { followRegisterJob } from './progress';
import { IRegisterOptions, showRegisterDialog } from './RegisterDialog';
import { RegistryWidget } from './RegistryWidget';
import { registrySettings } from './settings';
import { IRegisterJob } from './types';
import { errorMessage } from './useLoader';

const PLUGIN_ID = 'jupyter-kubeflow:registry';

export namespace CommandIDs {
  export const open = 'kubeflow:open-registry';
  export const register = 'kubeflow:register-model';
  export const deploy = 'kubeflow:deploy-model-version';
  export const openCatalog = 'kubeflow:open-model-catalog';
  export const registerFromCatalog = 'kubeflow:register-catalog-model';
}

/**
 * What a command reads about the thing it acts on, or null once an error dialog titled
 * by the command has said why not: `absent` when nothing was given or open, `failed`
 * (the whole sentence around the reason) when it could not be read.
 */
async function readOrSay<K, T>(
  title: string,
  key: K | null,
  absent: string,
  read: (key: K) => Promise<T>,
  failed: (reason: string) => string
): Promise<T | null> {
  if (key === null) {
    await showErrorMessage(title, absent);
    return null;
  }
  try {
    return await read(key);
  } catch (reason) {
    await showErrorMessage(title, failed(errorMessage(reason)));
    return null;
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Kubeflow Model Registry: browse, register and deploy models.',
  autoStart: true,
  requires: [IFileBrowserFactory, IRenderMimeRegistry],
  optional: [ICommandPalette, ILauncher, ISettingRegistry, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    browsers: IFileBrowserFactory,
    rendermime: IRenderMimeRegistry,
    palette: ICommandPalette | null,
    launcher: ILauncher | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): void => {
    const trans = startSurface(registrySettings, settingRegistry, translator);
    const category = trans.__('Kubeflow');
    const tracker = new WidgetTracker<MainAreaWidget<RegistryWidget>>({
      namespace: 'kubeflow-registry'
    });
    let counter = 0;

    const registryTab = (): RegistryWidget => {
      let main = tracker.currentWidget ?? tracker.find(() => true) ?? null;
      if (!main || main.isDisposed) {
        const content = new RegistryWidget(
          {
            openNotebook: path =>
              void app.commands.execute('docmanager:open', { path }),
            deploy: details =>
              void app.commands.execute(CommandIDs.deploy, {
                versionId: details.version.id
              }),
            registerFromCatalog: ref =>
              void app.commands.execute(CommandIDs.registerFromCatalog, {
                sourceId: ref.sourceId,
                name: ref.name
              }),
            rendermime
          },
          trans
        );
        main = new MainAreaWidget({ content });
        counter += 1;
        main.id = `kubeflow-registry-${counter}`;
        main.title.label = trans.__('Model Registry');
        main.title.icon = registryIcon;
        main.title.closable = true;
        void tracker.add(main);
        app.shell.add(main, 'main');
      }
      app.shell.activateById(main.id);
      return main.content;
    };

    const openRegistry = (
      modelId?: string,
      versionId?: string
    ): RegistryWidget => {
      const content = registryTab();
      const selection = content.selection;
      if (modelId) {
        selection.select(modelId, versionId ?? null);
      }
      selection.refresh();
      return content;
    };

    app.commands.addCommand(CommandIDs.open, {
      label: trans.__('Open Model Registry'),
      caption: trans.__('Browse the Kubeflow Model Registry'),
      icon: args =>
        args.isPalette
          ? undefined
          : args.isLauncher
            ? registryLauncherIcon
            : registryIcon,
      execute: args => {
        openRegistry(
          args.modelId as string | undefined,
          args.versionId as string | undefined
        );
      }
    });

    /** The signed-in user, as a new version's author. */
    const author = (): string => {
      const identity = app.serviceManager.user.identity;
      return identity?.display_name || identity?.username || '';
    };
    /** An accepted registration, followed in the notification centre; its version
     * opens when it is done. */
    const follow = async (
      label: string,
      job: IRegisterJob | null
    ): Promise<void> => {
      if (!job) {
        return;
      }
      const open = (done: IRegisterJob): void => {
        if (done.result) {
          openRegistry(done.result.model.id, done.result.version.id);
        }
      };
      try {
        open(await followRegisterJob(label, job, open, trans));
      } catch {
        // the notification already says what went wrong
      }
    };

    app.commands.addCommand(CommandIDs.register, {
      label: trans.__('Register as Model…'),
      caption: trans.__(
        'Upload this file or folder to the model registry as a new model version'
      ),
      execute: async args => {
        const uri = args.uri as string | undefined;
        let path = args.path as string | undefined;
        if (!path && !uri) {
          const item = browsers.tracker.currentWidget?.selectedItems().next();
          path = item && !item.done ? item.value.path : undefined;
        }
        if (!path && !uri) {
          await showErrorMessage(
            trans.__('Register as Model'),
            trans.__('Select a file or folder to register.')
          );
          return;
        }
        const job = await showRegisterDialog(
          {
            path,
            uri,
            modelName: args.modelName as string | undefined,
            author: author(),
            lineage: args.lineage as IRegisterOptions['lineage'],
            modelSource: args.modelSource as IRegisterOptions['modelSource']
          },
          trans
        );
        const source = (uri || path) ?? '';
        await follow(source.split('/').pop() || source, job);
      }
    });

    app.commands.addCommand(CommandIDs.deploy, {
      label: trans.__('Deploy Model Version…'),
      caption: trans.__(
        'Deploy a registered model version as a KServe InferenceService'
      ),
      isEnabled: () =>
        Boolean(tracker.currentWidget?.content.selection.versionId),
      execute: async args => {
        const widget = tracker.currentWidget?.content;
        const versionId =
          (args.versionId as string | undefined) ??
          widget?.selection.versionId ??
          undefined;
        const details = await readOrSay(
          trans.__('Deploy'),
          versionId || null,
          trans.__('Open a model version in the Model Registry first.'),
          getVersion,
          reason => trans.__('Cannot load version %1: %2', versionId, reason)
        );
        if (!details) {
          return;
        }
        const result = await showDeployDialog(
          details,
          trans,
          (deploying, target) =>
            notifyDeploy(
              deploying,
              details,
              target,
              () => openRegistry(details.model.id, details.version.id),
              trans
            )
        );
        if (result) {
          widget?.selection.refresh();
        }
      }
    });

    app.commands.addCommand(CommandIDs.openCatalog, {
      label: trans.__('Open Model Catalog'),
      caption: trans.__(
        'Browse the Kubeflow model catalog: curated models to register'
      ),
      execute: args => {
        const sourceId = args.sourceId as string | undefined;
        const name = args.name as string | undefined;
        registryTab().selection.openCatalog(
          sourceId && name ? { sourceId, name } : null
        );
      }
    });

    app.commands.addCommand(CommandIDs.registerFromCatalog, {
      label: trans.__('Register Catalog Model…'),
      caption: trans.__(
        'Register a model of the catalog in the model registry'
      ),
      execute: async args => {
        const ref: ICatalogModelRef = {
          sourceId: (args.sourceId as string | undefined) ?? '',
          name: (args.name as string | undefined) ?? ''
        };
        const form = await readOrSay(
          trans.__('Register Catalog Model'),
          ref.sourceId && ref.name ? ref : null,
          trans.__('Open a model of the catalog first.'),
          getRegisterForm,
          reason =>
            trans.__(
              'Cannot prepare the registration of %1: %2',
              ref.name,
              reason
            )
        );
        if (!form) {
          return;
        }
        const job = await showRegisterCatalogDialog(
          { ...form, author: author() },
          trans
        );
        await follow(ref.name, job);
      }
    });

    palette?.addItem({ command: CommandIDs.open, category });
    palette?.addItem({ command: CommandIDs.openCatalog, category });
    palette?.addItem({ command: CommandIDs.deploy, category });
    // isLauncher: the card shows the mark drawn for its size.
    launcher?.add({
      command: CommandIDs.open,
      category,
      rank: 2,
      args: { isLauncher: true }
    });
  }
};

export default plugin;
