import { LabIcon } from '@jupyterlab/ui-components';

/** Three steps joined left to right: the pipeline. Filled with the theme's icon colour. */
const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="1" y="9" width="6" height="6" rx="1.5"/>
    <rect x="17" y="3" width="6" height="6" rx="1.5"/>
    <rect x="17" y="15" width="6" height="6" rx="1.5"/>
    <path d="M7 11.2h3.2V6.2H17v1.6h-5.2v3.4h0v1.6h0v3.4H17v1.6h-6.8v-5H7z"/>
  </g>
</svg>`;

export const pipelineIcon = new LabIcon({
  name: 'jupyter-kubeflow:pipeline',
  svgstr
});
