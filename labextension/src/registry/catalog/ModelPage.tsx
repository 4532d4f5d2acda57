/**
 * A catalog model's page: what it is (provider, licence, tasks, languages), its README
 * rendered as Markdown, its artifacts' URIs (copy), its performance figures, Register.
 */
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import * as React from 'react';

import { CopyButton } from '../../components/CopyButton';
import { Facts } from '../../components/Facts';
import { DetailsSection, ListSection } from '../../components/DetailsSection';
import { TableHead } from '../../components/TableHead';
import { formatTimestamp } from '../format';
import { useLoader } from '../useLoader';
import { getCatalogModel } from './client';
import { logoSource, performanceTable } from './query';
import { Readme } from './Readme';
import { ICatalogArtifact, ICatalogModelRef, ICatalogSource } from './types';
import { useTrans } from '../../trans';

export function ModelPage(props: {
  model: ICatalogModelRef;
  source: ICatalogSource | undefined;
  rendermime: IRenderMimeRegistry;
  onBack: () => void;
  onRegister: (ref: ICatalogModelRef) => void;
}): JSX.Element {
  const trans = useTrans();
  const { model: ref, source, rendermime, onBack, onRegister } = props;
  const loaded = useLoader(
    () => getCatalogModel(ref),
    [ref.sourceId, ref.name]
  );
  const back = (
    <button
      className="jp-mod-styled jp-kf-registry-smallButton"
      onClick={onBack}
    >
      {trans.__('← All models')}
    </button>
  );
  if (loaded.error) {
    return (
      <div className="jp-kf-catalog-page">
        {back}
        <p className="jp-kf-registry-error" role="alert">
          {trans.__(
            'Could not open %1 from %2: %3',
            ref.name,
            source?.name ?? ref.sourceId,
            loaded.error
          )}
        </p>
      </div>
    );
  }
  const details = loaded.data;
  if (!details) {
    return (
      <div className="jp-kf-catalog-page">
        {back}
        <p className="jp-kf-registry-muted" role="status">
          {trans.__('Loading %1…', ref.name)}
        </p>
      </div>
    );
  }
  const { model, artifacts, performance } = details;
  const logo = logoSource(model.logo);
  const validated = new Set(model.validatedTasks ?? []);
  return (
    <article
      className="jp-kf-catalog-page"
      aria-label={trans.__('Catalog model %1', model.name)}
    >
      {back}
      <header className="jp-kf-catalog-pageHead">
        {logo ? <img className="jp-kf-catalog-logo" src={logo} alt="" /> : null}
        <div>
          <h3>{model.name}</h3>
          <p className="jp-kf-registry-muted">
            {[model.provider, source?.name ?? ref.sourceId]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <button
          className="jp-mod-styled jp-mod-accept"
          onClick={() => onRegister(ref)}
          disabled={artifacts.length === 0}
          title={
            artifacts.length === 0
              ? trans.__(
                  'This catalog model lists no model artifact to register'
                )
              : trans.__('Register this model in the model registry')
          }
        >
          {trans.__('Register…')}
        </button>
      </header>
      {model.description ? (
        <p className="jp-kf-catalog-description">{model.description}</p>
      ) : null}
      <Facts
        facts={[
          [
            trans.__('Licence'),
            model.licenseLink && /^https?:\/\//.test(model.licenseLink) ? (
              <a
                href={model.licenseLink}
                target="_blank"
                rel="noopener noreferrer"
              >
                {model.license || model.licenseLink}
              </a>
            ) : (
              model.license || '—'
            )
          ],
          [
            trans.__('Tasks'),
            <span className="jp-kf-catalog-tags">
              {(model.tasks ?? []).map(task => (
                <span
                  key={task}
                  className="jp-kf-catalog-tag"
                  title={
                    validated.has(task)
                      ? trans.__('Validated by the catalog')
                      : undefined
                  }
                >
                  {task}
                  {validated.has(task) ? ' ✓' : ''}
                </span>
              ))}
            </span>
          ],
          [trans.__('Languages'), (model.language ?? []).join(', ') || '—'],
          [trans.__('Library'), model.libraryName || '—'],
          [trans.__('Maturity'), model.maturity],
          [
            trans.__('Updated'),
            formatTimestamp(model.lastUpdateTimeSinceEpoch) || '—'
          ]
        ]}
      />
      <ListSection
        title={trans.__('Artifacts')}
        items={artifacts}
        empty={trans.__('No model artifacts listed.')}
      >
        {(artifact, index) => (
          <ArtifactUri key={artifact.id ?? index} artifact={artifact} />
        )}
      </ListSection>
      {performance.length > 0 ? (
        <PerformanceTable artifacts={performance} />
      ) : null}
      <DetailsSection title={trans.__('Model card')}>
        {model.readme ? (
          <Readme markdown={model.readme} rendermime={rendermime} />
        ) : (
          <p className="jp-kf-registry-muted">
            {trans.__('This model has no README.')}
          </p>
        )}
      </DetailsSection>
    </article>
  );
}

function ArtifactUri(props: { artifact: ICatalogArtifact }): JSX.Element {
  const trans = useTrans();
  const { artifact } = props;
  const uri = artifact.uri ?? '';
  return (
    <div className="jp-kf-registry-uri" data-artifact-id={artifact.id}>
      <code aria-label={trans.__('Artifact URI')}>{uri}</code>
      <CopyButton text={uri} label={trans.__('Copy URI %1', uri)}>
        {trans.__('Copy URI')}
      </CopyButton>
    </div>
  );
}

function PerformanceTable(props: {
  artifacts: ICatalogArtifact[];
}): JSX.Element {
  const trans = useTrans();
  const { columns, rows } = performanceTable(props.artifacts);
  return (
    <DetailsSection title={trans.__('Performance')}>
      <div className="jp-kf-catalog-tableScroll">
        <table className="jp-kf-catalog-table">
          <TableHead columns={[trans.__('Hardware'), ...columns]} />
          <tbody>
            {rows.map(row => (
              <tr key={row.key}>
                <th scope="row">{row.hardware}</th>
                {row.cells.map((cell, i) => (
                  <td key={columns[i]}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </DetailsSection>
  );
}
