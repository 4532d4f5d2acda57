/** Archive and restore, shared by models and versions (archive asks first). */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { patchModel, patchVersion } from './client';
import { RegistryState } from './types';
import { registrySettings } from './settings';
import { errorMessage } from './useLoader';
import { ITrans, useTrans } from '../trans';

/**
 * Set a model's or version's state; archiving asks for confirmation first (unless the
 * setting `confirmArchive` is off).
 * @returns false when the person cancelled
 */
export async function changeState(
  kind: 'model' | 'version',
  id: string,
  name: string,
  state: RegistryState,
  trans: ITrans
): Promise<boolean> {
  if (state === 'ARCHIVED' && registrySettings.current.confirmArchive) {
    const answer = await showDialog({
      title:
        kind === 'model'
          ? trans.__('Archive model "%1"?', name)
          : trans.__('Archive version "%1"?', name),
      body:
        kind === 'model'
          ? trans.__(
              'An archived model is hidden from the Live list; you can restore it later.'
            )
          : trans.__(
              'An archived version stays in the registry but is marked Archived; you can restore it later.'
            ),
      buttons: [
        Dialog.cancelButton(),
        Dialog.warnButton({ label: trans.__('Archive') })
      ]
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

/**
 * The Archive / Restore button of a model or version: confirms an archive, patches the
 * state, then `onChanged()`; a failure goes to `onError` (shown by the view in place).
 */
export function ArchiveButton(props: {
  kind: 'model' | 'version';
  entity: { id: string; name: string; state?: RegistryState };
  onChanged: () => void;
  onError: (message: string) => void;
}): JSX.Element {
  const trans = useTrans();
  const { kind, entity, onChanged, onError } = props;
  const archived = entity.state === 'ARCHIVED';
  const toggle = async (): Promise<void> => {
    onError('');
    try {
      const target = archived ? 'LIVE' : 'ARCHIVED';
      if (await changeState(kind, entity.id, entity.name, target, trans)) {
        onChanged();
      }
    } catch (reason) {
      onError(errorMessage(reason));
    }
  };
  return (
    <button
      className={`jp-mod-styled ${archived ? 'jp-mod-accept' : 'jp-mod-warn'}`}
      onClick={() => void toggle()}
      aria-label={`${archived ? 'Restore' : 'Archive'} ${kind} ${entity.name}`}
    >
      {archived ? trans.__('Restore %1', kind) : trans.__('Archive %1', kind)}
    </button>
  );
}
