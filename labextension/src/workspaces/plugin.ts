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
import { ITrans, Message, Naming, TRANSLATION_DOMAIN } from '../trans';
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

interface ITarget {
  namespace: string;
  name: string;
}

/** What a command does to a workspace (its dialogs name it). */
type Action =
  'pause' | 'resume' | 'restart' | 'delete' | 'update' | 'edit' | 'connect';

/** An action's words: when no workspace can be chosen, the question, a failure. */
const ACTION_TEXTS: Record<
  Action,
  { cannot: Message; which: Naming; failed: Naming }
> = {
  pause: {
    cannot: trans => trans.__('Cannot pause a workspace'),
    which: (trans, ns) => trans.__('Pause which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot pause %1', name)
  },
  resume: {
    cannot: trans => trans.__('Cannot resume a workspace'),
    which: (trans, ns) => trans.__('Resume which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot resume %1', name)
  },
  restart: {
    cannot: trans => trans.__('Cannot restart a workspace'),
    which: (trans, ns) => trans.__('Restart which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot restart %1', name)
  },
  delete: {
    cannot: trans => trans.__('Cannot delete a workspace'),
    which: (trans, ns) => trans.__('Delete which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot delete %1', name)
  },
  update: {
    cannot: trans => trans.__('Cannot update a workspace'),
    which: (trans, ns) => trans.__('Update which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot update %1', name)
  },
  edit: {
    cannot: trans => trans.__('Cannot edit a workspace'),
    which: (trans, ns) => trans.__('Edit which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot edit %1', name)
  },
  connect: {
    cannot: trans => trans.__('Cannot connect to a workspace'),
    which: (trans, ns) => trans.__('Connect to which workspace in %1?', ns),
    failed: (trans, name) => trans.__('Cannot connect to %1', name)
  }
};

/**
 * A command's label: the workspace named (`named`) when its args give one, as the
 * panel's buttons run it, else what the palette lists (`unnamed`).
 */
function workspaceLabel(
  named: (name: string) => string,
  unnamed: string
): (args: Record<string, unknown>) => string {
  return args => (args.name ? named(String(args.name)) : unnamed);
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
  action: Action,
  trans: ITrans
): Promise<ITarget | null> {
  const given = targetOf(args);
  if (given) {
    return given;
  }
  const namespace = panel.namespace;
  const texts = ACTION_TEXTS[action];
  if (!namespace || panel.items.length === 0) {
    await showErrorMessage(
      texts.cannot(trans),
      trans.__(
        'Open the Kubeflow Workspaces panel, connect to a cluster and choose a namespace with workspaces first.'
      )
    );
    return null;
  }
  const picked = await InputDialog.getItem({
    title: texts.which(trans, namespace),
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
    addLogsCommand(app, trans);
    addKindsCommand(app, editorServices, trans);

    /**
     * A command's `execute`: the workspace to act on (from the args, else asked for),
     * and the panel's item of it, given to `run`; failures are reported in a dialog,
     * never as an unhandled rejection.
     */
    const act =
      (
        action: Action,
        run: (
          target: ITarget,
          item: IWorkspaceItem | undefined,
          args: Record<string, unknown>
        ) => Promise<IWorkspaceItem | null>
      ) =>
      async (args: Record<string, unknown>): Promise<IWorkspaceItem | null> => {
        const target = await resolveTarget(panel, args, action, trans);
        if (!target) {
          return null;
        }
        try {
          const item = await run(target, findItem(panel, target), args);
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
            ACTION_TEXTS[action].failed(trans, target.name),
            (error as Error).message ?? String(error)
          );
          return null;
        }
      };

    app.commands.addCommand(COMMAND_IDS.open, {
      label: trans.__('Open Kubeflow Workspaces'),
      caption: trans.__('Show the Kubeflow Workspaces sidebar'),
      icon: kubeflowIcon,
      execute: show
    });

    app.commands.addCommand(COMMAND_IDS.pause, {
      label: workspaceLabel(
        name => trans.__('Pause Workspace %1', name),
        trans.__('Pause a Kubeflow Workspace')
      ),
      execute: act('pause', async (target, item) => {
        // Pending updates: "Update and stop" or "Stop and defer updates" (upstream's).
        const choice = item?.pendingRestart
          ? await askStop(item, trans)
          : 'plain';
        if (choice === null) {
          return null;
        }
        // Pausing the workspace this page runs in stops this JupyterLab: ask first.
        if (item?.isCurrent) {
          const paused = await confirmDanger({
            title: trans.__('Pause this workspace?'),
            body: trans.__(
              'This JupyterLab runs in "%1": pausing it stops this page and its kernels.',
              target.name
            ),
            label: trans.__('Pause'),
            ariaLabel: trans.__('Pause %1', target.name)
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
    const startOrRestart = (
      action: 'resume' | 'restart',
      ask: (item: IWorkspaceItem, trans: ITrans) => Promise<UpdateChoice>,
      always: boolean
    ) =>
      act(action, async (target, item) => {
        const asked = item && (always || item.pendingRestart);
        const choice = asked ? await ask(item, trans) : 'plain';
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
      label: workspaceLabel(
        name => trans.__('Resume Workspace %1', name),
        trans.__('Resume a Kubeflow Workspace')
      ),
      execute: startOrRestart('resume', askStart, false)
    });

    app.commands.addCommand(COMMAND_IDS.restart, {
      label: workspaceLabel(
        name => trans.__('Restart Workspace %1', name),
        trans.__('Restart a Kubeflow Workspace')
      ),
      caption: trans.__(
        'Pause, then resume once paused: what applies a change to a pod that is not ready'
      ),
      execute: startOrRestart('restart', askRestart, true)
    });

    app.commands.addCommand(COMMAND_IDS.delete, {
      label: workspaceLabel(
        name => trans.__('Delete Workspace %1', name),
        trans.__('Delete a Kubeflow Workspace')
      ),
      execute: act('delete', async (target, item) => {
        // Deleting the workspace this page runs in always asks.
        if (workspacesSettings.current.confirmDelete || item?.isCurrent) {
          const confirmed = await confirmDanger({
            title: trans.__('Delete workspace'),
            body: item?.isCurrent
              ? trans.__(
                  'Delete workspace "%1" in %2? Its pod stops and the Workspace is removed; its volumes are kept. This JupyterLab runs in it: this page stops working.',
                  target.name,
                  target.namespace
                )
              : trans.__(
                  'Delete workspace "%1" in %2? Its pod stops and the Workspace is removed; its volumes are kept.',
                  target.name,
                  target.namespace
                ),
            label: trans.__('Delete'),
            ariaLabel: trans.__('Delete %1', target.name)
          });
          if (!confirmed) {
            return null;
          }
        }
        await deleteWorkspace(target.namespace, target.name);
        if (item) {
          panel.reportChange({ item, deleted: true });
        }
        Notification.info(trans.__('Workspace %1 deleted.', target.name), {
          autoClose: 4000
        });
        return null;
      })
    });

    app.commands.addCommand(COMMAND_IDS.create, {
      label: trans.__('New Kubeflow Workspace…'),
      caption: trans.__('Create a workspace from a WorkspaceKind'),
      execute: args => {
        const namespace =
          typeof args.namespace === 'string' ? args.namespace : undefined;
        const name = typeof args.name === 'string' ? args.name : undefined;
        panel.showCreate(namespace, name);
        show();
      }
    });

    app.commands.addCommand(COMMAND_IDS.edit, {
      label: workspaceLabel(
        name => trans.__('Edit Workspace %1', name),
        trans.__('Edit a Kubeflow Workspace')
      ),
      execute: act('edit', async target => {
        panel.showEdit(target.namespace, target.name);
        show();
        return null;
      })
    });

    app.commands.addCommand(COMMAND_IDS.applyRedirect, {
      label: args =>
        args.target
          ? trans.__(
              'Apply Update %1 to Workspace %2',
              args.target,
              args.name ?? ''
            )
          : trans.__('Apply a Kubeflow Workspace Update'),
      execute: act('update', async (target, item, args) => {
        const which = args.which === 'podConfig' ? 'podConfig' : 'imageConfig';
        const option = typeof args.target === 'string' ? args.target : '';
        const to = option || item?.[which].desired || '';
        if (!to) {
          throw new Error(trans.__('No update is offered for this workspace.'));
        }
        // Choosing the redirect target is what applies it; pause/resume does not.
        const applies = item ? changesApplyOf(item) : 'now';
        if (item && applies === 'restart') {
          // A pod that is not ready keeps its old options unless restarted.
          const choice = await askUpdateNotReady(item, to, trans);
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
          !(await confirmRestart(
            target.name,
            trans.__('Applying the update to %1', to),
            trans
          ))
        ) {
          return null;
        }
        return patchWorkspace(target.namespace, target.name, { [which]: to });
      })
    });

    app.commands.addCommand(COMMAND_IDS.connect, {
      label: workspaceLabel(
        name => trans.__('Connect to Workspace %1', name),
        trans.__('Connect to a Kubeflow Workspace')
      ),
      execute: act('connect', async (target, item, args) => {
        const url =
          typeof args.url === 'string' && args.url ? args.url : item?.url;
        if (!url) {
          throw new Error(
            trans.__(
              'No URL is known for this workspace (see %1).',
              'c.KubeflowExtension.workspace_url_template'
            )
          );
        }
        // A new tab, with no handle back to this page.
        window.open(url, '_blank', 'noopener,noreferrer');
        return null;
      })
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
        palette.addItem({ command, category: trans.__('Kubeflow') });
      }
    }
  }
};

export default plugin;
