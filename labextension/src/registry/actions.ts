/** Archive and restore, shared by models and versions (archive asks first). */
import { Dialog, showDialog } from '@jupyterlab/apputils';

import { patchModel, patchVersion } from './client';
import { RegistryState } from './types';

/**
 * Set a model's or version's state; archiving asks for confirmation first.
 * @returns false when the person cancelled
 */
export async function changeState(
  kind: 'model' | 'version',
  id: string,
  name: string,
  state: RegistryState
): Promise<boolean> {
  if (state === 'ARCHIVED') {
    const answer = await showDialog({
      title: `Archive ${kind} "${name}"?`,
      body:
        kind === 'model'
          ? 'An archived model is hidden from the Live list; you can restore it later.'
          : 'An archived version stays in the registry but is marked Archived; you can restore it later.',
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Archive' })]
    });
    if (!answer.button.accept) {
      return false;
    }
  }
  if (kind === 'model') {
    await patchModel(id, { state });
  } else {
    await patchVersion(id, { state });
  }
  return true;
}
