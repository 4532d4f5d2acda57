/**
 * From a step to its cells: the notebook opened (beside the pipeline view unless it is
 * open already), scrolled to the step's first cell, the step's cells highlighted until
 * the user moves to a cell outside them.
 */
import { JupyterFrontEnd } from '@jupyterlab/application';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { ITrans } from '../trans';
import { cellsLabel } from './text';

/** The class of the highlighted cells, and the attribute naming their step. */
export const STEP_CELL_CLASS = 'jp-kubeflow-step-cell';
const STEP_ATTRIBUTE = 'data-kubeflow-step';

/** Remove this extension's highlight from every cell of the notebook. */
function clearHighlight(panel: NotebookPanel): void {
  for (const cell of panel.content.widgets) {
    cell.removeClass(STEP_CELL_CLASS);
    if (cell.node.hasAttribute(STEP_ATTRIBUTE)) {
      cell.node.removeAttribute(STEP_ATTRIBUTE);
      cell.node.removeAttribute('title');
    }
  }
}

const followers = new WeakMap<NotebookPanel, () => void>();

/**
 * Open `path` at `cells` (0-based indexes among all its cells, as the server sends
 * them) and highlight them as the cells of `step`.
 */
export async function revealStepCells(
  app: JupyterFrontEnd,
  notebooks: INotebookTracker | null,
  path: string,
  step: string,
  cells: number[],
  trans: ITrans,
  besideId?: string
): Promise<NotebookPanel | null> {
  let panel = notebooks?.find(p => p.context.path === path) ?? null;
  if (panel) {
    app.shell.activateById(panel.id);
  } else {
    const opened = await app.commands.execute('docmanager:open', {
      path,
      factory: 'Notebook',
      ...(besideId ? { options: { mode: 'split-right', ref: besideId } } : {})
    });
    panel = opened instanceof NotebookPanel ? opened : null;
  }
  if (!panel) {
    return null;
  }
  await panel.context.ready;
  await panel.revealed;
  const notebook = panel.content;
  clearHighlight(panel);
  const present = cells.filter(i => i >= 0 && i < notebook.widgets.length);
  if (present.length === 0) {
    return panel;
  }
  for (const index of present) {
    const cell = notebook.widgets[index];
    cell.addClass(STEP_CELL_CLASS);
    cell.node.setAttribute(STEP_ATTRIBUTE, step);
    cell.node.title = trans.__('Step %1 (%2)', step, cellsLabel(cells, trans));
  }
  notebook.activeCellIndex = present[0];
  notebook.mode = 'command';
  await notebook.scrollToItem(present[0], 'start');
  // The highlight goes when the user works elsewhere in the notebook.
  const previous = followers.get(panel);
  if (previous) {
    previous();
  }
  const target = panel;
  const onActive = () => {
    if (!present.includes(target.content.activeCellIndex)) {
      clearHighlight(target);
      stop();
    }
  };
  const stop = () => {
    target.content.activeCellChanged.disconnect(onActive);
    followers.delete(target);
  };
  notebook.activeCellChanged.connect(onActive);
  followers.set(panel, stop);
  return panel;
}
