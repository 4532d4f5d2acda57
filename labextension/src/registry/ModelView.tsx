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
import { useTrans } from '../trans';

export interface IModelViewProps {
  modelId: string;
  selectedVersionId: string | null;
  onSelectVersion: (version: IModelVersion) => void;
  generation: number;
  onChanged: () => void;
}

export function ModelView(props: IModelViewProps): JSX.Element {
  const trans = useTrans();
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
        {trans.__('Could not load the model: %1', loaded.error)}
      </p>
    );
  }
  if (!loaded.data) {
    return (
      <p className="jp-kf-registry-muted" role="status">
        {trans.__('Loading model…')}
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
            <dt>{trans.__('Owner')}</dt>
            <dd>{model.owner}</dd>
          </>
        ) : null}
        <dt>{trans.__('Created')}</dt>
        <dd>{formatTimestamp(model.createTimeSinceEpoch) || '—'}</dd>
        <dt>{trans.__('Updated')}</dt>
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
      <h4>{trans.__('Versions')}</h4>
      {versions.length === 0 ? (
        <p className="jp-kf-registry-empty">
          {trans.__(
            "No versions yet: right-click a file and choose Register as model, with this model's name."
          )}
        </p>
      ) : (
        <SelectableList
          label={trans.__('Versions of %1', model.name)}
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
