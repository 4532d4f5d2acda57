/**
 * What a panel shows while its one server call is out or failed, and the panel itself
 * once the data is there (kept on screen while it loads again).
 */
import * as React from 'react';

import { ErrorLine, StatusLine } from './FormMessages';

export function LoadGate<T>(props: {
  loaded: { data: T | null; error: string };
  /** what the error says: "Could not load the model: <error>" */
  failed: (error: string) => string;
  /** "Loading model…" */
  loading: string;
  children: (data: T) => JSX.Element;
}): JSX.Element | null {
  const { data, error } = props.loaded;
  if (error) {
    return <ErrorLine>{props.failed(error)}</ErrorLine>;
  }
  if (!data) {
    return <StatusLine>{props.loading}</StatusLine>;
  }
  return props.children(data);
}
