/**
 * The head of a model's or a version's column: its name and state, its description
 * (editable in place), its facts, and its actions (Archive/Restore, and any other given)
 * with the error of the last one, forgotten when another entity is shown.
 */
import * as React from 'react';

import { Fact, Facts } from '../components/Facts';
import { ErrorLine } from '../components/FormMessages';
import { useTrans } from '../trans';
import { ArchiveButton } from './actions';
import { DescriptionEditor } from './DescriptionEditor';
import { StateBadge } from './ModelList';
import { IResourcePatch, RegistryState } from './types';

export function EntityHead(props: {
  kind: 'model' | 'version';
  entity: {
    id: string;
    name: string;
    state?: RegistryState;
    description?: string;
  };
  title: React.ReactNode;
  facts: Fact[];
  save: (patch: IResourcePatch) => Promise<void>;
  /** the state changed: reload what shows it */
  onChanged: () => void;
  /** more actions beside Archive/Restore */
  children?: React.ReactNode;
}): JSX.Element {
  const { kind, entity } = props;
  const trans = useTrans();
  const [actionError, setActionError] = React.useState('');
  React.useEffect(() => setActionError(''), [entity.id]);
  return (
    <>
      <div className="jp-kf-registry-header">
        <h3>{props.title}</h3>
        <StateBadge state={entity.state} />
      </div>
      <DescriptionEditor
        owner={
          kind === 'model'
            ? trans.__('model %1', entity.name)
            : trans.__('version %1', entity.name)
        }
        description={entity.description}
        onSave={description => props.save({ description })}
      />
      <Facts facts={props.facts} />
      <div className="jp-kf-registry-actions">
        <ArchiveButton
          kind={kind}
          entity={entity}
          onChanged={props.onChanged}
          onError={setActionError}
        />
        {props.children}
      </div>
      <ErrorLine>{actionError}</ErrorLine>
    </>
  );
}
