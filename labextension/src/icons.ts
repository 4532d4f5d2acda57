/**
 * Kubeflow's marks as JupyterLab icons, one per surface, drawn in `style/icons/`. Their
 * shapes carry JupyterLab's icon classes (`jp-icon3`: the theme's icon colour;
 * `jp-icon-brand*`: its brand blues), so they follow the light and dark themes.
 */
import { LabIcon } from '@jupyterlab/ui-components';

import kubeflowSvg from '../style/icons/kubeflow.svg';
import pipelineSvg from '../style/icons/pipeline.svg';
import registryLauncherSvg from '../style/icons/registry-launcher.svg';
import registrySvg from '../style/icons/registry.svg';

/** An icon of this extension, named `jupyter-kubeflow:<name>` as JupyterLab looks it up. */
function mark(name: string, svgstr: string): LabIcon {
  return new LabIcon({ name: `jupyter-kubeflow:${name}`, svgstr });
}

/** The Kubeflow mark: the Workspaces sidebar and the status bar. */
export const kubeflowIcon = mark('kubeflow', kubeflowSvg);

/** A notebook's pipeline: its tab, the notebook toolbar and the context menus. */
export const pipelineIcon = mark('pipeline', pipelineSvg);

/** The Model Registry tab. */
export const registryIcon = mark('registry', registrySvg);

/** The Model Registry's launcher card (drawn for the card's larger size). */
export const registryLauncherIcon = mark(
  'registry-launcher',
  registryLauncherSvg
);
