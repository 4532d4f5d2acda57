/**
 * The registry tab: models | a model's versions | a version's details. The selection
 * lives in a small model so commands (register, deploy) can steer and refresh the tab.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { ModelList } from './ModelList';
import { RegistryHeader } from './RegistryHeader';
import { ModelView } from './ModelView';
import { IVersionDetails } from './types';
import { VersionView } from './VersionView';

/** What the tab shows; `generation` bumps to reload everything. */
export class RegistrySelection {
  modelId: string | null = null;
  versionId: string | null = null;
  generation = 0;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  select(modelId: string | null, versionId: string | null = null): void {
    this.modelId = modelId;
    this.versionId = versionId;
    this._changed.emit();
  }

  refresh(): void {
    this.generation += 1;
    this._changed.emit();
  }

  private _changed = new Signal<this, void>(this);
}

export interface IRegistryActions {
  openNotebook: (path: string) => void;
  deploy: (details: IVersionDetails) => void;
}

export class RegistryWidget extends ReactWidget {
  readonly selection = new RegistrySelection();

  constructor(private readonly _actions: IRegistryActions) {
    super();
    this.addClass('jp-kf-registry');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.selection.changed}>
        {() => (
          <RegistryView selection={this.selection} actions={this._actions} />
        )}
      </UseSignal>
    );
  }
}

function RegistryView(props: {
  selection: RegistrySelection;
  actions: IRegistryActions;
}): JSX.Element {
  const { selection, actions } = props;
  const refresh = (): void => selection.refresh();
  return (
    <div className="jp-kf-registry-root">
      <RegistryHeader generation={selection.generation} onRefresh={refresh} />
      <div className="jp-kf-registry-layout">
        <ModelList
          selectedId={selection.modelId}
          onSelect={model => selection.select(model.id)}
          generation={selection.generation}
        />
        <section
          className="jp-kf-registry-column jp-kf-registry-versions"
          aria-label="Model"
        >
          {selection.modelId ? (
            <ModelView
              modelId={selection.modelId}
              selectedVersionId={selection.versionId}
              onSelectVersion={version =>
                selection.select(selection.modelId, version.id)
              }
              generation={selection.generation}
              onChanged={refresh}
            />
          ) : (
            <p className="jp-kf-registry-empty">
              Select a model to see its versions.
            </p>
          )}
        </section>
        <section
          className="jp-kf-registry-column jp-kf-registry-details"
          aria-label="Version"
        >
          {selection.versionId ? (
            <VersionView
              versionId={selection.versionId}
              generation={selection.generation}
              onChanged={refresh}
              openNotebook={actions.openNotebook}
              deploy={actions.deploy}
            />
          ) : (
            <p className="jp-kf-registry-empty">
              {selection.modelId
                ? 'Select a version to see its artifacts.'
                : ''}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
