/** A model: its facts, archive/restore, properties and labels, and its versions. */
import * as React from 'react';

import { ArchiveButton } from './actions';
import { DescriptionEditor } from './DescriptionEditor';
import { getModel, patchModel } from './client';
import { formatTimestamp } from './format';
import { SelectableList, StateBadge } from './ModelList';
import { PropertiesEditor } from './PropertiesEditor';
import { IModelVersion } from './types';
import { useLoader } from './useLoader';

export interface IModelViewProps {
  modelId: string;
  selectedVersionId: string | null;
  onSelectVersion: (version: IModelVersion) => void;
  generation: number;
  onChanged: () => void;
}

export function ModelView(props: IModelViewProps): JSX.Element {
  const { modelId, selectedVersionId, onSelectVersion, generation, onChanged } =
    props;
  const [local, setLocal] = React.useState(0);
  const loaded = useLoader(
    () => getModel(modelId),
    [modelId, generation, local]
  );
  const [actionError, setActionError] = React.useState('');
  React.useEffect(() => setActionError(''), [modelId]);

  if (loaded.error) {
    return (
      <p className="jp-kf-registry-error" role="alert">
        Could not load the model: {loaded.error}
      </p>
    );
  }
  if (!loaded.data) {
    return (
      <p className="jp-kf-registry-muted" role="status">
        Loading model…
      </p>
    );
  }
  const { model, versions } = loaded.data;

  return (
    <div className="jp-kf-registry-model" aria-busy={loaded.loading}>
      <div className="jp-kf-registry-header">
        <h3>{model.name}</h3>
        <StateBadge state={model.state} />
      </div>
      <DescriptionEditor
        owner={`model ${model.name}`}
        description={model.description}
        onSave={async description => {
          await patchModel(model.id, { description });
          setLocal(local + 1);
        }}
      />
      <dl className="jp-kf-registry-facts">
        {model.owner ? (
          <>
            <dt>Owner</dt>
            <dd>{model.owner}</dd>
          </>
        ) : null}
        <dt>Created</dt>
        <dd>{formatTimestamp(model.createTimeSinceEpoch) || '—'}</dd>
        <dt>Updated</dt>
        <dd>{formatTimestamp(model.lastUpdateTimeSinceEpoch) || '—'}</dd>
      </dl>
      <div className="jp-kf-registry-actions">
        <ArchiveButton
          kind="model"
          entity={model}
          onChanged={onChanged}
          onError={setActionError}
        />
      </div>
      {actionError ? (
        <p className="jp-kf-registry-error" role="alert">
          {actionError}
        </p>
      ) : null}
      <h4>Versions</h4>
      {versions.length === 0 ? (
        <p className="jp-kf-registry-empty">
          No versions yet: right-click a file and choose Register as model, with
          this model&apos;s name.
        </p>
      ) : (
        <SelectableList
          label={`Versions of ${model.name}`}
          items={versions}
          selectedId={selectedVersionId}
          onSelect={onSelectVersion}
          render={version => (
            <>
              <span className="jp-kf-registry-itemName">{version.name}</span>
              <StateBadge state={version.state} />
              <span className="jp-kf-registry-itemMeta">
                {version.author ? `${version.author} · ` : ''}
                {formatTimestamp(version.createTimeSinceEpoch)}
              </span>
            </>
          )}
        />
      )}
      <PropertiesEditor
        owner={`model ${model.name}`}
        customProperties={model.customProperties}
        onSave={async customProperties => {
          await patchModel(model.id, { customProperties });
          setLocal(local + 1);
        }}
      />
    </div>
  );
}
