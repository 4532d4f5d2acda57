/** "Registered from": the catalog model a version's artifact came from, a link back. */
import * as React from 'react';

import { IModelArtifact } from '../types';
import { catalogOrigin } from './query';
import { ICatalogModelRef } from './types';
import { useTrans } from '../../trans';

export function RegisteredFrom(props: {
  artifacts: IModelArtifact[];
  open: (ref: ICatalogModelRef) => void;
}): JSX.Element | null {
  const trans = useTrans();
  const seen = new Set<string>();
  const origins = props.artifacts
    .map(catalogOrigin)
    .filter((ref): ref is ICatalogModelRef => {
      const key = ref ? `${ref.sourceId}\n${ref.name}` : '';
      if (!ref || seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    });
  if (origins.length === 0) {
    return null;
  }
  return (
    <section aria-label={trans.__('Registered from')}>
      <h4>{trans.__('Registered from')}</h4>
      <dl className="jp-kf-registry-facts">
        {origins.map(ref => (
          <React.Fragment key={`${ref.sourceId}/${ref.name}`}>
            <dt>{trans.__('Model catalog')}</dt>
            <dd>
              <button
                className="jp-kf-registry-link"
                onClick={() => props.open(ref)}
                title={trans.__('Open this model in the catalog')}
              >
                {ref.name}
              </button>{' '}
              <span className="jp-kf-registry-muted">({ref.sourceId})</span>
            </dd>
          </React.Fragment>
        ))}
      </dl>
    </section>
  );
}
