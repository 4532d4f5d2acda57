/**
 * What a list says instead of, or above, its items: why it could not load, that it is
 * loading (only while it has nothing to show), or that it is empty.
 */
import * as React from 'react';

import { ErrorLine, StatusLine } from './FormMessages';

export function ListStatus(props: {
  loaded: { error: string; loading: boolean };
  /** how many items it shows */
  count: number;
  /** what the error says: "Could not list models: <error>" */
  failed: (error: string) => string;
  /** "Loading models…" */
  loading: string;
  /** what an empty list means */
  empty: string;
}): JSX.Element {
  const { loaded, count } = props;
  return (
    <>
      <ErrorLine>{loaded.error && props.failed(loaded.error)}</ErrorLine>
      <StatusLine>
        {loaded.loading && count === 0 ? props.loading : ''}
      </StatusLine>
      {!loaded.loading && !loaded.error && count === 0 ? (
        <p className="jp-kf-registry-empty">{props.empty}</p>
      ) : null}
    </>
  );
}
