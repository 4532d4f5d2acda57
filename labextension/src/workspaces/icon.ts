import { LabIcon } from '@jupyterlab/ui-components';

/** A Kubeflow-like mark (a hub of three petals), coloured by the theme's icon colour. */
const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M12 2.2 15.6 7.6 12 10.6 8.4 7.6Z"/>
    <path d="M20.9 15.3 14.6 15.8 13.9 11.2 18.4 9.5Z"/>
    <path d="M3.1 15.3 5.6 9.5 10.1 11.2 9.4 15.8Z"/>
    <path d="M7.2 20.3 10.6 17.2 13.4 17.2 16.8 20.3 12 22Z"/>
    <circle cx="12" cy="13.4" r="1.6"/>
  </g>
</svg>`;

export const kubeflowWorkspacesIcon = new LabIcon({
  name: 'jupyter-kubeflow:workspaces',
  svgstr
});
