/** A version: artifacts (URI, format, storage), lineage, properties and labels, deploy. */
import * as React from 'react';

import { CopyButton } from '../components/CopyButton';
import { DetailsSection, ListSection } from '../components/DetailsSection';
import { Facts } from '../components/Facts';
import { LoadGate } from '../components/LoadGate';
import { RegisteredFrom } from './catalog/RegisteredFrom';
import { ICatalogModelRef } from './catalog/types';
import { getVersion, patchArtifact, patchVersion } from './client';
import { EntityHead } from './EntityHead';
import { formatTimestamp } from './format';
import { lineageOf } from './properties';
import { PropertiesEditor } from './PropertiesEditor';
import { IModelArtifact, IVersionDetails } from './types';
import { useEntity } from './useEntity';
import { useTrans } from '../trans';

export interface IVersionViewProps {
  versionId: string;
  generation: number;
  /** something changed here that others show (state): reload everything */
  onChanged: () => void;
  openNotebook: (path: string) => void;
  deploy: (details: IVersionDetails) => void;
  /** open the catalog model a version was registered from */
  openCatalogModel: (ref: ICatalogModelRef) => void;
}

export function VersionView(props: IVersionViewProps): JSX.Element {
  const trans = useTrans();
  const { versionId, generation, onChanged, openNotebook, deploy } = props;
  const { loaded, reload, save } = useEntity(
    getVersion,
    patchVersion,
    versionId,
    generation
  );
  return (
    <LoadGate
      loaded={loaded}
      failed={error => trans.__('Could not load the version: %1', error)}
      loading={trans.__('Loading version…')}
    >
      {details => {
        const { version, model, artifacts, inferenceServices } = details;
        const lineage = lineageOf(version.customProperties);
        const archived = version.state === 'ARCHIVED';

        return (
          <div className="jp-kf-registry-version" aria-busy={loaded.loading}>
            <EntityHead
              kind="version"
              entity={version}
              title={
                <>
                  {model.name} <span className="jp-kf-registry-muted">/</span>{' '}
                  {version.name}
                </>
              }
              facts={[
                [trans.__('Author'), version.author || '—'],
                [
                  trans.__('Created'),
                  formatTimestamp(version.createTimeSinceEpoch) || '—'
                ],
                [
                  trans.__('Updated'),
                  formatTimestamp(version.lastUpdateTimeSinceEpoch) || '—'
                ],
                [trans.__('Version id'), version.id]
              ]}
              save={save}
              onChanged={onChanged}
            >
              <button
                className="jp-mod-styled jp-mod-accept"
                onClick={() => deploy(details)}
                disabled={archived}
                title={
                  archived
                    ? trans.__('Restore the version to deploy it')
                    : trans.__('Deploy as a KServe InferenceService')
                }
              >
                {trans.__('Deploy…')}
              </button>
            </EntityHead>
            {lineage.notebook || lineage.runId || lineage.pipeline ? (
              <DetailsSection title={trans.__('Lineage')}>
                <Facts
                  facts={[
                    [
                      trans.__('Notebook'),
                      lineage.notebook ? (
                        <button
                          className="jp-kf-registry-link"
                          onClick={() =>
                            openNotebook(lineage.notebook as string)
                          }
                          title={trans.__('Open this notebook')}
                        >
                          {lineage.notebook}
                        </button>
                      ) : null
                    ],
                    [trans.__('Pipeline'), lineage.pipeline],
                    [
                      trans.__('Run id'),
                      lineage.runId ? <code>{lineage.runId}</code> : null
                    ]
                  ]}
                />
              </DetailsSection>
            ) : null}
            <RegisteredFrom
              artifacts={artifacts}
              open={props.openCatalogModel}
            />
            <ListSection
              title={trans.__('Artifacts')}
              items={artifacts}
              empty={trans.__('This version has no artifacts.')}
            >
              {artifact => (
                <ArtifactView
                  key={artifact.id}
                  artifact={artifact}
                  onSaved={reload}
                />
              )}
            </ListSection>
            <PropertiesEditor
              owner={trans.__('version %1', version.name)}
              customProperties={version.customProperties}
              onSave={customProperties => save({ customProperties })}
            />
            {inferenceServices.length > 0 ? (
              <DetailsSection title={trans.__('Deployments')}>
                <ul className="jp-kf-registry-plainList">
                  {inferenceServices.map(service => (
                    <li key={service.id}>
                      {service.name}
                      {service.runtime ? ` (${service.runtime})` : ''}
                      {service.desiredState ? ` — ${service.desiredState}` : ''}
                    </li>
                  ))}
                </ul>
              </DetailsSection>
            ) : null}
          </div>
        );
      }}
    </LoadGate>
  );
}

function ArtifactView(props: {
  artifact: IModelArtifact;
  onSaved: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { artifact, onSaved } = props;
  const format = [artifact.modelFormatName, artifact.modelFormatVersion]
    .filter(Boolean)
    .join(' ');
  const storage = [artifact.storageKey, artifact.storagePath]
    .filter(Boolean)
    .join(': ');
  return (
    <div className="jp-kf-registry-artifact" data-artifact-id={artifact.id}>
      <div className="jp-kf-registry-uri">
        <code aria-label={trans.__('Artifact URI')}>
          {artifact.uri || trans.__('(no URI)')}
        </code>
        {artifact.uri ? (
          <CopyButton
            text={artifact.uri}
            label={trans.__('Copy URI of %1', artifact.name)}
          >
            {trans.__('Copy URI')}
          </CopyButton>
        ) : null}
      </div>
      <Facts
        facts={[
          [trans.__('Name'), artifact.name],
          [trans.__('Format'), format || '—'],
          [trans.__('Storage'), storage || '—']
        ]}
      />
      <PropertiesEditor
        owner={trans.__('artifact %1', artifact.name)}
        customProperties={artifact.customProperties}
        onSave={async customProperties => {
          await patchArtifact(artifact.id, { customProperties });
          onSaved();
        }}
      />
    </div>
  );
}
