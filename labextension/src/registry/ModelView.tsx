/** A model: its facts, archive/restore, properties and labels, and its versions. */
import * as React from 'react';

import { LoadGate } from '../components/LoadGate';
import { EntityHead } from './EntityHead';
import { getModel, patchModel } from './client';
import { formatTimestamp } from './format';
import { SelectableList, StateBadge } from './ModelList';
import { PropertiesEditor } from './PropertiesEditor';
import { IModelVersion } from './types';
import { useEntity } from './useEntity';
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
  const { loaded, save } = useEntity(getModel, patchModel, modelId, generation);
  return (
    <LoadGate
      loaded={loaded}
      failed={error => trans.__('Could not load the model: %1', error)}
      loading={trans.__('Loading model…')}
    >
      {({ model, versions }) => {
        return (
          <div className="jp-kf-registry-model" aria-busy={loaded.loading}>
            <EntityHead
              kind="model"
              entity={model}
              title={model.name}
              facts={[
                [trans.__('Owner'), model.owner],
                [
                  trans.__('Created'),
                  formatTimestamp(model.createTimeSinceEpoch) || '—'
                ],
                [
                  trans.__('Updated'),
                  formatTimestamp(model.lastUpdateTimeSinceEpoch) || '—'
                ]
              ]}
              save={save}
              onChanged={onChanged}
            />
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
                    <span className="jp-kf-registry-itemName">
                      {version.name}
                    </span>
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
              owner={trans.__('model %1', model.name)}
              customProperties={model.customProperties}
              onSave={customProperties => save({ customProperties })}
            />
          </div>
        );
      }}
    </LoadGate>
  );
}
