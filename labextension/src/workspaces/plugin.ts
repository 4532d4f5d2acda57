/**
 * The Kubeflow Workspaces sidebar and its commands. Commands take `{namespace, name}`
 * so the panel's buttons, the palette and the UI tests all go through them.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IEditorServices } from '@jupyterlab/codeeditor';
import {
  ICommandPalette,
  InputDialog,
  Notification,
  showErrorMessage
} from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { confirmDanger } from '../components/ConfirmDialog';
import { deleteWorkspace, patchWorkspace, workspaceAction } from './client';
import { changesApplyOf } from './edit';
import { confirmRestart } from './EditForm';
import { kubeflowIcon } from '../icons';
import { TRANSLATION_DOMAIN } from '../trans';
import { addKindsCommand } from './KindsView';
import { addLogsCommand } from './LogsView';
import { WorkspacesPanel } from './panel';
import type { IWorkspaceItem } from './types';
import { COMMAND_IDS, isControllerDown } from './state';
import {
  askRestart,
  askStart,
  askStop,
  askUpdateNotReady,
  UpdateChoice
} from './updateDialogs';
import { workspacesSettings } from './settings';

const CATEGORY = 'Kubeflow';

interface ITarget {
  namespace: string;
  name: string;
}

function targetOf(args: Record<string, unknown>): ITarget | null {
  const namespace = typeof args.namespace === 'string' ? args.namespace : '';
  const name = typeof args.name === 'string' ? args.name : '';
  return namespace && name ? { namespace, name } : null;
}

/**
 * The workspace a command acts on: from its args, else asked for among the panel's
 * list (when run from the palette).
 */
async function resolveTarget(
  panel: WorkspacesPanel,
  args: Record<string, unknown>,
  verb: string
): Promise<ITarget | null> {
  const given = targetOf(args);
  if (given) {
    return given;
  }
  const namespace = panel.namespace;
  if (!namespace || panel.items.length === 0) {
    await showErrorMessage(
      `Cannot ${verb} a workspace`,
      'Open the Kubeflow Workspaces panel, connect to a cluster and choose a namespace with workspaces first.'
    );
    return null;
  }
  const picked = await InputDialog.getItem({
    title: `${verb[0].toUpperCase()}${verb.slice(1)} which workspace in ${namespace}?`,
    items: panel.items.map(item => item.name)
  });
  return picked.button.accept && picked.value
    ? { namespace, name: picked.value }
    : null;
}

function findItem(
  panel: WorkspacesPanel,
  target: ITarget
): IWorkspaceItem | undefined {
  return panel.items.find(
    item => item.namespace === target.namespace && item.name === target.name
  );
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-kubeflow:workspaces',
  description: 'The Kubeflow Notebooks 2.0 workspaces sidebar.',
  autoStart: true,
  optional: [
    ICommandPalette,
    ILayoutRestorer,
    IEditorServices,
    ISettingRegistry,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    editorServices: IEditorServices | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    void workspacesSettings.connect(settingRegistry);
    const panel = new WorkspacesPanel(app.commands, trans);
    app.shell.add(panel, 'left', { rank: 700 });
    restorer?.add(panel, panel.id);

    const show = () => app.shell.activateById(panel.id);
    addLogsCommand(app);
    addKindsCommand(app, editorServices);

    /** Run an action; report failures in a dialog, never as an unhandled rejection. */
    const act = async (
      args: Record<string, unknown>,
      verb: string,
      run: (target: ITarget) => Promise<IWorkspaceItem | null>
    ): Promise<IWorkspaceItem | null> => {
      const target = await resolveTarget(panel, args, verb);
      if (!target) {
        return null;
      }
      try {
        const item = await run(target);
        if (item) {
          panel.reportChange({ item });
          panel.reportControllerProblem(null);
        }
        return item;
      } catch (error) {
        if (isControllerDown(error)) {
          panel.reportControllerProblem((error as Error).message);
        }
        await showErrorMessage(
          `Cannot ${verb} ${target.name}`,
          (error as Error).message ?? String(error)
        );
        return null;
      }
    };

    app.commands.addCommand(COMMAND_IDS.open, {
      label: 'Open Kubeflow Workspaces',
      caption: 'Show the Kubeflow Workspaces sidebar',
      icon: kubeflowIcon,
      execute: show
    });

    app.commands.addCommand(COMMAND_IDS.pause, {
      label: args =>
        args.name
          ? `Pause Workspace ${args.name}`
          : 'Pause a Kubeflow Workspace',
      execute: args =>
        act(args, 'pause', async target => {
          const item = findItem(panel, target);
          // Pending updates: "Update and stop" or "Stop and defer updates" (upstream's).
          const choice = item?.pendingRestart ? await askStop(item) : 'plain';
          if (choice === null) {
            return null;
          }
          // Pausing the workspace this page runs in stops this JupyterLab: ask first.
          if (item?.isCurrent) {
            const paused = await confirmDanger({
              title: 'Pause this workspace?',
              body: `This JupyterLab runs in "${target.name}": pausing it stops this page and its kernels.`,
              label: 'Pause',
              ariaLabel: `Pause ${target.name}`
            });
            if (!paused) {
              return null;
            }
          }
          return workspaceAction(
            target.namespace,
            target.name,
            'pause',
            choice === 'update'
          );
        })
    });

    /**
     * Resume or restart, asking first when the kind offers updates ("Update and
     * start" / "Start", as upstream's Start dialog; "Update and restart" / "Restart").
     */
    const withUpdates =
      (
        action: 'resume' | 'restart',
        ask: (item: IWorkspaceItem) => Promise<UpdateChoice>,
        always: boolean
      ) =>
      (args: Record<string, unknown>) =>
        act(args, action, async target => {
          const item = findItem(panel, target);
          const asked = item && (always || item.pendingRestart);
          const choice = asked ? await ask(item) : 'plain';
          if (choice === null) {
            return null;
          }
          return workspaceAction(
            target.namespace,
            target.name,
            action,
            choice === 'update'
          );
        });

    app.commands.addCommand(COMMAND_IDS.resume, {
      label: args =>
        args.name
          ? `Resume Workspace ${args.name}`
          : 'Resume a Kubeflow Workspace',
      execute: withUpdates('resume', askStart, false)
    });

    app.commands.addCommand(COMMAND_IDS.restart, {
      label: args =>
        args.name
          ? `Restart Workspace ${args.name}`
          : 'Restart a Kubeflow Workspace',
      caption:
        'Pause, then resume once paused: what applies a change to a pod that is not ready',
      execute: withUpdates('restart', askRestart, true)
    });

    app.commands.addCommand(COMMAND_IDS.delete, {
      label: args =>
        args.name
          ? `Delete Workspace ${args.name}`
          : 'Delete a Kubeflow Workspace',
      execute: args =>
        act(args, 'delete', async target => {
          const item = findItem(panel, target);
          const warning = item?.isCurrent
            ? ' This JupyterLab runs in it: this page stops working.'
            : '';
          // Deleting the workspace this page runs in always asks.
          if (workspacesSettings.current.confirmDelete || item?.isCurrent) {
            const confirmed = await confirmDanger({
              title: 'Delete workspace',
              body: `Delete workspace "${target.name}" in ${target.namespace}? Its pod stops and the Workspace is removed; its volumes are kept.${warning}`,
              label: 'Delete',
              ariaLabel: `Delete ${target.name}`
            });
            if (!confirmed) {
              return null;
            }
          }
          await deleteWorkspace(target.namespace, target.name);
          if (item) {
            panel.reportChange({ item, deleted: true });
          }
          Notification.info(`Workspace ${target.name} deleted.`, {
            autoClose: 4000
          });
          return null;
        })
    });

    app.commands.addCommand(COMMAND_IDS.create, {
      label: 'New Kubeflow Workspace…',
      caption: 'Create a workspace from a WorkspaceKind',
      execute: args => {
        const namespace =
          typeof args.namespace === 'string' ? args.namespace : undefined;
        const name = typeof args.name === 'string' ? args.name : undefined;
        panel.showCreate(namespace, name);
        show();
      }
    });

    app.commands.addCommand(COMMAND_IDS.edit, {
      label: args =>
        args.name ? `Edit Workspace ${args.name}` : 'Edit a Kubeflow Workspace',
      execute: async args => {
        const target = await resolveTarget(panel, args, 'edit');
        if (target) {
          panel.showEdit(target.namespace, target.name);
          show();
        }
      }
    });

    app.commands.addCommand(COMMAND_IDS.applyRedirect, {
      label: args =>
        args.target
          ? `Apply Update ${args.target} to Workspace ${args.name ?? ''}`
          : 'Apply a Kubeflow Workspace Update',
      execute: args =>
        act(args, 'update', async target => {
          const which =
            args.which === 'podConfig' ? 'podConfig' : 'imageConfig';
          const item = findItem(panel, target);
          const option = typeof args.target === 'string' ? args.target : '';
          const to = option || item?.[which].desired || '';
          if (!to) {
            throw new Error('No update is offered for this workspace.');
          }
          // Choosing the redirect target is what applies it; pause/resume does not.
          const applies = item ? changesApplyOf(item) : 'now';
          if (item && applies === 'restart') {
            // A pod that is not ready keeps its old options unless restarted.
            const choice = await askUpdateNotReady(item, to);
            if (choice === null) {
              return null;
            }
            const saved = await patchWorkspace(target.namespace, target.name, {
              [which]: to
            });
            return choice === 'restart'
              ? workspaceAction(target.namespace, target.name, 'restart')
              : saved;
          }
          if (
            applies === 'now' &&
            !(await confirmRestart(target.name, `Applying the update to ${to}`))
          ) {
            return null;
          }
          return patchWorkspace(target.namespace, target.name, { [which]: to });
        })
    });

    app.commands.addCommand(COMMAND_IDS.connect, {
      label: args =>
        args.name
          ? `Connect to Workspace ${args.name}`
          : 'Connect to a Kubeflow Workspace',
      execute: async args => {
        const target = await resolveTarget(panel, args, 'connect to');
        const item = target ? findItem(panel, target) : undefined;
        const url =
          typeof args.url === 'string' && args.url ? args.url : item?.url;
        if (!target) {
          return;
        }
        if (!url) {
          await showErrorMessage(
            `Cannot connect to ${target.name}`,
            'No URL is known for this workspace (see c.KubeflowExtension.workspace_url_template).'
          );
          return;
        }
        // A new tab, with no handle back to this page.
        window.open(url, '_blank', 'noopener,noreferrer');
      }
    });

    if (palette) {
      for (const command of [
        COMMAND_IDS.open,
        COMMAND_IDS.kinds,
        COMMAND_IDS.create,
        COMMAND_IDS.connect,
        COMMAND_IDS.pause,
        COMMAND_IDS.resume,
        COMMAND_IDS.restart,
        COMMAND_IDS.edit,
        COMMAND_IDS.delete
      ]) {
        palette.addItem({ command, category: CATEGORY });
      }
    }
  }
};

export default plugin;
