/**
 * Facts as a description list: a term and its value a row, in order; a row whose value
 * is missing (undefined, null, false or '') is left out (give '—' to show it as unknown).
 */
import * as React from 'react';

export type Fact = [term: string, value: React.ReactNode];

export function Facts(props: { facts: Fact[] }): JSX.Element {
  return (
    <dl className="jp-kf-registry-facts">
      {props.facts
        .filter(
          ([, value]) =>
            value !== undefined &&
            value !== null &&
            value !== false &&
            value !== ''
        )
        .map(([term, value]) => (
          <React.Fragment key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </React.Fragment>
        ))}
    </dl>
  );
}
