/**
 * A model or version shown in a column: loaded, and loaded again after an edit made here
 * (`save`, `reload`) or elsewhere (`generation`).
 */
import * as React from 'react';

import { IResourcePatch } from './types';
import { ILoaded, useLoader } from './useLoader';

export interface IEntity<T> {
  loaded: ILoaded<T>;
  reload: () => void;
  /** PATCH some of its fields, then load it again */
  save: (patch: IResourcePatch) => Promise<void>;
}

export function useEntity<T>(
  load: (id: string) => Promise<T>,
  patch: (id: string, patch: IResourcePatch) => Promise<unknown>,
  id: string,
  generation: number
): IEntity<T> {
  const [local, setLocal] = React.useState(0);
  const loaded = useLoader(() => load(id), [id, generation, local]);
  const reload = (): void => setLocal(n => n + 1);
  const save = async (change: IResourcePatch): Promise<void> => {
    await patch(id, change);
    reload();
  };
  return { loaded, reload, save };
}
