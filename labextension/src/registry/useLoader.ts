/** Loading state for one server call: data, error and loading, re-run when deps change. */
import * as React from 'react';

import { KubeflowAPIError } from '../api';

export interface ILoaded<T> {
  data: T | null;
  error: string;
  loading: boolean;
}

/** The message a person reads for a failed call. */
export function errorMessage(reason: unknown): string {
  if (reason instanceof KubeflowAPIError) {
    const where = reason.field ? ` (field: ${reason.field})` : '';
    return `${reason.message}${where}`;
  }
  return reason instanceof Error ? reason.message : String(reason);
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
