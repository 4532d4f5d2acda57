/** A version: artifacts (URI, format, storage), lineage, properties and labels, deploy. */
import { Clipboard } from '@jupyterlab/apputils';
import * as React from 'react';

import { ArchiveButton } from './actions';
import { RegisteredFrom } from './catalog/RegisteredFrom';
import { ICatalogModelRef } from './catalog/types';
import { DescriptionEditor } from './DescriptionEditor';
import { getVersion, patchArtifact, patchVersion } from './client';
import { formatTimestamp } from './format';
import { StateBadge } from './ModelList';
import { lineageOf } from './properties';
import { PropertiesEditor } from './PropertiesEditor';
import { IModelArtifact, IVersionDetails } from './types';
import { useLoader } from './useLoader';
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
  const [local, setLocal] = React.useState(0);
  const loaded = useLoader(
    () => getVersion(versionId),
    [versionId, generation, local]
  );
  const [actionError, setActionError] = React.useState('');
  React.useEffect(() => setActionError(''), [versionId]);

  if (loaded.error) {
    return (
      <p className="jp-kf-registry-error" role="alert">
        {trans.__('Could not load the version: %1', loaded.error)}
      </p>
    );
  }
  const details = loaded.data;
  if (!details) {
    return (
      <p className="jp-kf-registry-muted" role="status">
        {trans.__('Loading version…')}
      </p>
    );
  }
  const { version, model, artifacts, inferenceServices } = details;
  const lineage = lineageOf(version.customProperties);
  const archived = version.state === 'ARCHIVED';

  return (
    <div className="jp-kf-registry-version" aria-busy={loaded.loading}>
      <div className="jp-kf-registry-header">
        <h3>
          {model.name} <span className="jp-kf-registry-muted">/</span>{' '}
          {version.name}
        </h3>
        <StateBadge state={version.state} />
      </div>
      <DescriptionEditor
        owner={`version ${version.name}`}
        description={version.description}
        onSave={async description => {
          await patchVersion(version.id, { description });
          setLocal(local + 1);
        }}
      />
      <dl className="jp-kf-registry-facts">
        <dt>{trans.__('Author')}</dt>
        <dd>{version.author || '—'}</dd>
        <dt>{trans.__('Created')}</dt>
        <dd>{formatTimestamp(version.createTimeSinceEpoch) || '—'}</dd>
        <dt>{trans.__('Updated')}</dt>
        <dd>{formatTimestamp(version.lastUpdateTimeSinceEpoch) || '—'}</dd>
        <dt>{trans.__('Version id')}</dt>
        <dd>{version.id}</dd>
      </dl>
      <div className="jp-kf-registry-actions">
        <ArchiveButton
          kind="version"
          entity={version}
          onChanged={onChanged}
          onError={setActionError}
        />
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
      </div>
      {actionError ? (
        <p className="jp-kf-registry-error" role="alert">
          {actionError}
        </p>
      ) : null}
      {lineage.notebook || lineage.runId || lineage.pipeline ? (
        <section aria-label={trans.__('Lineage')}>
          <h4>{trans.__('Lineage')}</h4>
          <dl className="jp-kf-registry-facts">
            {lineage.notebook ? (
              <>
                <dt>{trans.__('Notebook')}</dt>
                <dd>
                  <button
                    className="jp-kf-registry-link"
                    onClick={() => openNotebook(lineage.notebook as string)}
                    title={trans.__('Open this notebook')}
                  >
                    {lineage.notebook}
                  </button>
                </dd>
              </>
            ) : null}
            {lineage.pipeline ? (
              <>
                <dt>{trans.__('Pipeline')}</dt>
                <dd>{lineage.pipeline}</dd>
              </>
            ) : null}
            {lineage.runId ? (
              <>
                <dt>{trans.__('Run id')}</dt>
                <dd>
                  <code>{lineage.runId}</code>
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      <RegisteredFrom artifacts={artifacts} open={props.openCatalogModel} />
      <section aria-label={trans.__('Artifacts')}>
        <h4>{trans.__('Artifacts')}</h4>
        {artifacts.length === 0 ? (
          <p className="jp-kf-registry-muted">
            {trans.__('This version has no artifacts.')}
          </p>
        ) : (
          artifacts.map(artifact => (
            <ArtifactView
              key={artifact.id}
              artifact={artifact}
              onSaved={() => setLocal(local + 1)}
            />
          ))
        )}
      </section>
      <PropertiesEditor
        owner={`version ${version.name}`}
        customProperties={version.customProperties}
        onSave={async customProperties => {
          await patchVersion(version.id, { customProperties });
          setLocal(local + 1);
        }}
      />
      {inferenceServices.length > 0 ? (
        <section aria-label={trans.__('Deployments')}>
          <h4>{trans.__('Deployments')}</h4>
          <ul className="jp-kf-registry-plainList">
            {inferenceServices.map(service => (
              <li key={service.id}>
                {service.name}
                {service.runtime ? ` (${service.runtime})` : ''}
                {service.desiredState ? ` — ${service.desiredState}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function ArtifactView(props: {
  artifact: IModelArtifact;
  onSaved: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { artifact, onSaved } = props;
  const [copied, setCopied] = React.useState(false);
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
          <button
            className="jp-mod-styled jp-kf-registry-smallButton"
            aria-label={trans.__('Copy URI of %1', artifact.name)}
            onClick={() => {
              Clipboard.copyToSystem(artifact.uri as string);
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }}
          >
            {copied ? trans.__('Copied') : trans.__('Copy URI')}
          </button>
        ) : null}
      </div>
      <dl className="jp-kf-registry-facts">
        <dt>{trans.__('Name')}</dt>
        <dd>{artifact.name}</dd>
        <dt>{trans.__('Format')}</dt>
        <dd>{format || '—'}</dd>
        <dt>{trans.__('Storage')}</dt>
        <dd>{storage || '—'}</dd>
      </dl>
      <PropertiesEditor
        owner={`artifact ${artifact.name}`}
        customProperties={artifact.customProperties}
        onSave={async customProperties => {
          await patchArtifact(artifact.id, { customProperties });
          onSaved();
        }}
      />
    </div>
  );
}
