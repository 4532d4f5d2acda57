/**
 * Command ids and the colour of a state badge. Pure: no JupyterLab imports
 * (unit-tested in state.test.ts).
 */

export const COMMAND_IDS = {
  open: 'kubeflow:open-workspaces',
  pause: 'kubeflow:workspace-pause',
  resume: 'kubeflow:workspace-resume',
  delete: 'kubeflow:workspace-delete',
  create: 'kubeflow:workspace-create',
  edit: 'kubeflow:workspace-edit',
  connect: 'kubeflow:workspace-connect'
};

/** The badge colour class of a state (Running green, Paused grey, ...). */
export function stateClass(state: string): string {
  switch (state) {
    case 'Running':
      return 'jp-mod-running';
    case 'Paused':
      return 'jp-mod-paused';
    case 'Pending':
    case 'Terminating':
      return 'jp-mod-pending';
    case 'Error':
      return 'jp-mod-error';
    default:
      return 'jp-mod-unknown';
  }
}
