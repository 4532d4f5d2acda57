/**
 * One action a person starts (save, preview, delete): whether it is running, and the
 * message of its last failure, kept to show in place until the next try.
 */
import * as React from 'react';

import { errorMessage } from '../api';

export interface IAction {
  busy: boolean;
  error: string;
  /** forget the last error (editing starts again) */
  reset: () => void;
  /** run `work`; true when it succeeded, else its message is kept in `error` */
  run: (work: () => Promise<void>) => Promise<boolean>;
}

export function useAction(): IAction {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState('');
  const run = async (work: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError('');
    try {
      await work();
      return true;
    } catch (reason) {
      setError(errorMessage(reason));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, reset: () => setError(''), run };
}
