/** Loading state for one server call: data, error and loading, re-run when deps change. */
import * as React from 'react';

import { errorMessage } from '../api';

export { errorMessage };

export interface ILoaded<T> {
  data: T | null;
  error: string;
  loading: boolean;
}

export function useLoader<T>(
  load: () => Promise<T> | null,
  deps: React.DependencyList
): ILoaded<T> {
  const [state, setState] = React.useState<ILoaded<T>>({
    data: null,
    error: '',
    loading: true
  });
  React.useEffect(() => {
    let current = true;
    const promise = load();
    if (promise === null) {
      setState({ data: null, error: '', loading: false });
      return;
    }
    // keep the old data on screen while reloading, so the panel never goes blank
    setState(previous => ({ ...previous, error: '', loading: true }));
    promise.then(
      data => current && setState({ data, error: '', loading: false }),
      reason =>
        current &&
        setState({ data: null, error: errorMessage(reason), loading: false })
    );
    return () => {
      current = false;
    };
  }, deps);
  return state;
}
