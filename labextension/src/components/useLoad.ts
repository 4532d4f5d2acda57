/**
 * What a view shows from the server: loaded when `key` (a namespace) changes or
 * `reload()` is called, with the failure's message; an answer that comes after the
 * view left (or moved to another key) is dropped.
 */
import * as React from 'react';

export interface ILoaded<T> {
  value: T | null;
  /** Changes the shown value in place (after a create or a delete). */
  setValue: React.Dispatch<React.SetStateAction<T | null>>;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, key: string): ILoaded<T> {
  const [value, setValue] = React.useState<T | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(true);
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then(found => live && (setValue(found), setError(null)))
      .catch((failure: Error) => live && setError(failure.message))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [key, attempt]);
  const reload = React.useCallback(() => setAttempt(n => n + 1), []);
  return { value, setValue, error, loading, reload };
}
