/**
 * A titled section of a details page (a version's, a catalog model's): its heading is
 * also its accessible name, so the two cannot say different things.
 */
import * as React from 'react';

export function DetailsSection(props: {
  title: string;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <section aria-label={props.title}>
      <h4>{props.title}</h4>
      {props.children}
    </section>
  );
}

/** A details section listing items (artifacts), or saying, muted, that it has none. */
export function ListSection<T>(props: {
  title: string;
  items: T[];
  /** Said when there are no items. */
  empty: string;
  children: (item: T, index: number) => React.ReactNode;
}): JSX.Element {
  return (
    <DetailsSection title={props.title}>
      {props.items.length === 0 ? (
        <p className="jp-kf-registry-muted">{props.empty}</p>
      ) : (
        props.items.map(props.children)
      )}
    </DetailsSection>
  );
}
