/**
 * Notebook -> Kubeflow Pipeline: the `kubeflow:convert-notebook` command (file browser
 * context menu, notebook toolbar, palette) and the pipeline view it opens.
 */
import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  IToolbarWidgetRegistry,
  MainAreaWidget,
  Notification,
  showErrorMessage,
  ToolbarButton,
  WidgetTracker
} from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';

import * as client from './client';
import { pipelineIcon } from '../icons';
import { startSurface } from '../surface';
import { PipelineModel } from './model';
import { RunNotifier } from './notify';
import { macroParameters } from './parameters';
import { registerOutputArgs } from './registerOutput';
import { revealStepCells } from './reveal';
import { defaultSplit, pipelinesSettings } from './settings';
import { cellNumber, cellsLabel, describeError } from './text';
import { askKubeflowTarget, IKubeflowTarget } from './submit';
import { IAnalysis, IRun, SplitMode } from './types';
import { PipelineView } from './view';

export const CONVERT_COMMAND = 'kubeflow:convert-notebook';
export const SHOW_CELL_STEP_COMMAND = 'kubeflow:show-cell-step';
const REOPEN_COMMAND = 'kubeflow:reopen-pipeline-view';
export const SHOW_RUN_COMMAND = 'kubeflow:show-pipeline-run';
// The registry surface's command (same extension): registers a file with its lineage.
const REGISTER_MODEL_COMMAND = 'kubeflow:register-model';
const SPLITS: SplitMode[] = ['tags', 'headings', 'single'];

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-kubeflow:pipelines',
  description:
    'Convert a notebook into a Kubeflow Pipeline, run it, follow it.',
  autoStart: true,
  optional: [
    ILayoutRestorer,
    IDefaultFileBrowser,
    INotebookTracker,
    ICommandPalette,
    IToolbarWidgetRegistry,
    ISettingRegistry,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    fileBrowser: IDefaultFileBrowser | null,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null,
    toolbarRegistry: IToolbarWidgetRegistry | null,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ): void => {
    const trans = startSurface(pipelinesSettings, settingRegistry, translator);
    const notifier = new RunNotifier({
      trans,
      showRun: run =>
        void app.commands.execute(SHOW_RUN_COMMAND, {
          path: run.notebook,
          id: run.id
        })
    });
    const views = new Map<string, MainAreaWidget<PipelineView>>();
    /** The notebook's view, when one is open: it keeps the split chosen in it (a new
     * view takes the default). */
    const openViewOf = (
      path: string
    ): MainAreaWidget<PipelineView> | undefined => {
      const view = views.get(path);
      return view && !view.isDisposed ? view : undefined;
    };
    const tracker = new WidgetTracker<MainAreaWidget<PipelineView>>({
      namespace: 'kubeflow-pipeline'
    });
    let nextId = 0;

    /** The notebook the command is about: explicit, clicked in the browser, or current. */
    const targetPath = (args: Record<string, unknown>): string | null => {
      if (typeof args.path === 'string' && args.path) {
        return args.path;
      }
      const selected = (): string | null => {
        for (const item of fileBrowser?.selectedItems() ?? []) {
          if (item.type === 'notebook' || item.path.endsWith('.ipynb')) {
            return item.path;
          }
        }
        return null;
      };
      if (args.source === 'filebrowser') {
        return selected();
      }
      return notebooks?.currentWidget?.context.path ?? selected();
    };

    const openView = (
      path: string,
      analysis: IAnalysis,
      pipelineFile: string | null,
      split?: SplitMode,
      /** Open beside this widget (say, the notebook the user works in). */
      besideId?: string
    ): MainAreaWidget<PipelineView> => {
      const existing = openViewOf(path);
      if (existing) {
        existing.content.model.load(analysis, pipelineFile);
        app.shell.activateById(existing.id);
        return existing;
      }
      const model = new PipelineModel(path, split, trans);
      model.load(analysis, pipelineFile);
      void model.loadStatus();
      void model.resumeLatestRun();
      let target: IKubeflowTarget = { host: '', experiment: '' };
      const submit = async (): Promise<void> => {
        const answer = await askKubeflowTarget(
          {
            ...target,
            experiment:
              target.experiment || pipelinesSettings.current.defaultExperiment,
            host: target.host || model.status?.kfp_host || '',
            // Shown, and sent, as what the server would use; the user may change it.
            namespace: target.namespace || model.status?.namespace || ''
          },
          model.status?.kfp_host ?? '',
          model.status?.namespace ?? '',
          macroParameters(model.check.values),
          trans
        );
        if (answer) {
          target = answer;
          model.kfpTarget = {
            host: answer.host,
            namespace: answer.namespace,
            experiment: answer.experiment
          };
          await model.start('kfp', answer);
        }
      };
      const content = new PipelineView(
        model,
        trans,
        () => void submit(),
        file => void app.commands.execute('docmanager:open', { path: file }),
        // One click from a run's output to a model version that remembers the run.
        (output, run) =>
          void app.commands.execute(
            REGISTER_MODEL_COMMAND,
            registerOutputArgs(output, run)
          ),
        step =>
          void revealStepCells(
            app,
            notebooks,
            path,
            step.name,
            step.cells,
            trans,
            widget.id
          )
      );
      const widget = new MainAreaWidget({ content });
      const slug = path.replace(/[^A-Za-z0-9_-]+/g, '-');
      widget.id = `kubeflow-pipeline-${slug}-${nextId++}`;
      widget.title.label = trans.__(
        '%1 pipeline',
        PathExt.basename(path, '.ipynb')
      );
      widget.title.caption = trans.__('Kubeflow Pipeline of %1', path);
      widget.title.icon = pipelineIcon;
      widget.title.closable = true;
      let savedSplit = model.split;
      model.changed.connect(() => {
        if (model.split !== savedSplit) {
          // The layout restorer keeps the split in the view's saved arguments.
          savedSplit = model.split;
          void tracker.save(widget);
        }
      });
      // Each run it starts goes to the notification centre, followed there to its end
      // (from the view's answers while it is open).
      notifier.attach(model);
      model.runStarted.connect((_, run) =>
        notifier.follow(run, widget.title.label, model)
      );
      views.set(path, widget);
      void tracker.add(widget);
      widget.disposed.connect(() => {
        notifier.detach(model);
        if (views.get(path) === widget) {
          views.delete(path);
        }
      });
      app.shell.add(
        widget,
        'main',
        besideId ? { mode: 'split-right', ref: besideId } : undefined
      );
      app.shell.activateById(widget.id);
      return widget;
    };

    /** The notebook's split: its open view's, else the default (undefined: the server chooses). */
    const splitOf = (path: string): SplitMode | undefined => {
      const existing = openViewOf(path);
      return existing ? existing.content.model.split : defaultSplit();
    };
    /** What the server answers for a conversion; its refusal shown, and undefined. */
    const converting = async <T>(
      path: string,
      answer: Promise<T>
    ): Promise<T | undefined> => {
      try {
        return await answer;
      } catch (error) {
        await showErrorMessage(
          trans.__('Cannot convert %1', PathExt.basename(path)),
          describeError(error)
        );
        return undefined;
      }
    };

    app.commands.addCommand(CONVERT_COMMAND, {
      label: trans.__('Convert to Kubeflow Pipeline'),
      caption: trans.__(
        'Write <notebook>.pipeline.yaml beside the notebook and open the pipeline'
      ),
      icon: pipelineIcon,
      execute: async args => {
        const path = targetPath(args);
        if (!path) {
          await showErrorMessage(
            trans.__('Convert to Kubeflow Pipeline'),
            trans.__('Open a notebook or select one in the file browser first.')
          );
          return;
        }
        // Convert what the user sees: save an open, modified notebook first.
        const open = notebooks?.find(panel => panel.context.path === path);
        if (open?.context.model.dirty) {
          await open.context.save();
        }
        const split = splitOf(path);
        const result = await converting(path, client.compile(path, split));
        if (!result) {
          return;
        }
        void fileBrowser?.model.refresh();
        openView(path, result.analysis, result.pipeline, split);
      }
    });

    // A run in its pipeline view (from a notification, say): the view opened again when
    // it was closed, the run shown and followed while it goes.
    app.commands.addCommand(SHOW_RUN_COMMAND, {
      label: trans.__('Show a Pipeline Run'),
      execute: async args => {
        const path = typeof args.path === 'string' ? args.path : '';
        const id = typeof args.id === 'string' ? args.id : '';
        let run: IRun;
        let widget = openViewOf(path);
        try {
          run = await client.getRun(id);
          if (!widget) {
            const split = defaultSplit();
            widget = openView(
              path,
              await client.analyse(path, split),
              null,
              split
            );
          }
        } catch (error) {
          await showErrorMessage(
            trans.__('Cannot show run %1', id),
            describeError(error)
          );
          return;
        }
        widget.content.model.showRun(run);
        app.shell.activateById(widget.id);
      }
    });

    // Reopens a view after a page reload: analyses again (writes nothing) and picks the
    // notebook's latest run up; a notebook gone since is skipped without a dialog.
    app.commands.addCommand(REOPEN_COMMAND, {
      label: trans.__('Reopen a pipeline view'),
      execute: async args => {
        const path = typeof args.path === 'string' ? args.path : '';
        const split = SPLITS.find(s => s === args.split);
        try {
          openView(path, await client.analyse(path, split), null, split);
        } catch (error) {
          console.warn(`Not reopening the pipeline of ${path}:`, error);
        }
      }
    });
    if (restorer) {
      // `as any`: this package's @jupyterlab/apputils (~4.5) and the one @jupyterlab/
      // application was built against (4.7) declare WidgetTracker twice; at run time
      // they are the same shared singleton.
      void restorer.restore<MainAreaWidget<PipelineView>>(tracker as any, {
        command: REOPEN_COMMAND,
        args: widget => ({
          path: widget.content.model.notebookPath,
          ...(widget.content.model.split
            ? { split: widget.content.model.split }
            : {})
        }),
        name: widget => widget.content.model.notebookPath
      });
    }

    // From a notebook cell to its step: the pipeline view (beside the notebook), the
    // step selected and centred, and a message naming it.
    app.commands.addCommand(SHOW_CELL_STEP_COMMAND, {
      label: trans.__('Show the Pipeline Step of This Cell'),
      caption: trans.__(
        'Select the Kubeflow Pipeline step this cell belongs to'
      ),
      icon: pipelineIcon,
      isEnabled: () => !!notebooks?.currentWidget,
      execute: async () => {
        const panel = notebooks?.currentWidget;
        if (!panel) {
          return;
        }
        const path = panel.context.path;
        const index = panel.content.activeCellIndex;
        if (panel.context.model.dirty) {
          // The server reads the saved notebook: make its cells the ones on screen.
          await panel.context.save();
        }
        const existing = openViewOf(path);
        const split = splitOf(path);
        const analysis = await converting(path, client.analyse(path, split));
        if (!analysis) {
          return;
        }
        const step = analysis.steps.find(s => s.cells.includes(index));
        const cell = trans.__('Cell %1', cellNumber(index));
        if (!step) {
          Notification.info(
            trans.__(
              '%1 is in no step of the pipeline (a markdown, imports, functions, parameters, metrics or skip cell)',
              cell
            ),
            { autoClose: 6000 }
          );
          return;
        }
        const view =
          existing ?? openView(path, analysis, null, split, panel.id);
        view.content.model.load(analysis, null);
        view.content.model.select(step.name, true);
        app.shell.activateById(view.id);
        Notification.info(
          trans.__(
            '%1 is in step %2 (%3)',
            cell,
            step.name,
            cellsLabel(step.cells, trans)
          ),
          { autoClose: 6000 }
        );
      }
    });

    palette?.addItem({
      command: CONVERT_COMMAND,
      category: trans.__('Kubeflow')
    });
    palette?.addItem({
      command: SHOW_CELL_STEP_COMMAND,
      category: trans.__('Kubeflow')
    });

    // The notebook toolbar item declared in schema/pipelines.json: an icon button that
    // converts the notebook of its own panel (read at click time, so renames follow).
    toolbarRegistry?.addFactory<NotebookPanel>(
      'Notebook',
      'kubeflow-convert',
      panel =>
        new ToolbarButton({
          icon: pipelineIcon,
          tooltip: trans.__('Convert to Kubeflow Pipeline'),
          onClick: () =>
            void app.commands.execute(CONVERT_COMMAND, {
              path: panel.context.path
            })
        })
    );
  }
};

export default plugin;
