/**
 * The registry tab: the registry (models | a model's versions | a version's details) and
 * the model catalog. The selection lives in a small model so commands (register, deploy,
 * open the catalog) can steer and refresh the tab.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/apputils';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { CatalogView } from './catalog/CatalogView';
import { ICatalogModelRef } from './catalog/types';
import { ModelList } from './ModelList';
import { RegistryHeader } from './RegistryHeader';
import { ModelView } from './ModelView';
import { IVersionDetails } from './types';
import { VersionView } from './VersionView';
import { ITrans, useTrans, withTrans } from '../trans';

/** What the tab shows; `generation` bumps to reload everything. */
export class RegistrySelection {
  view: 'registry' | 'catalog' = 'registry';
  modelId: string | null = null;
  versionId: string | null = null;
  /** the catalog model whose page is open (null: the catalog's list) */
  catalogModel: ICatalogModelRef | null = null;
  generation = 0;

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  select(modelId: string | null, versionId: string | null = null): void {
    this.view = 'registry';
    this.modelId = modelId;
    this.versionId = versionId;
    this._changed.emit();
  }

  showView(view: 'registry' | 'catalog'): void {
    this.view = view;
    this._changed.emit();
  }

  /** The catalog, at a model's page when one is given. */
  openCatalog(model: ICatalogModelRef | null = null): void {
    this.view = 'catalog';
    this.catalogModel = model;
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
  registerFromCatalog: (ref: ICatalogModelRef) => void;
  rendermime: IRenderMimeRegistry;
}

export class RegistryWidget extends ReactWidget {
  readonly selection = new RegistrySelection();

  constructor(
    private readonly _actions: IRegistryActions,
    private readonly _trans: ITrans
  ) {
    super();
    this.addClass('jp-kf-registry');
  }

  protected render(): JSX.Element {
    return withTrans(
      this._trans,
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
  const trans = useTrans();
  const { selection, actions } = props;
  const refresh = (): void => selection.refresh();
  const tab = (view: 'registry' | 'catalog', label: string): JSX.Element => (
    <button
      role="tab"
      aria-selected={selection.view === view}
      className={`jp-kf-registry-tab${selection.view === view ? ' jp-mod-current' : ''}`}
      onClick={() => selection.showView(view)}
    >
      {label}
    </button>
  );
  return (
    <div className="jp-kf-registry-root">
      <div
        className="jp-kf-registry-tabs"
        role="tablist"
        aria-label={trans.__('Registry views')}
      >
        {tab('registry', trans.__('Registered models'))}
        {tab('catalog', trans.__('Model catalog'))}
      </div>
      <RegistryHeader generation={selection.generation} onRefresh={refresh} />
      {selection.view === 'catalog' ? (
        <div className="jp-kf-registry-catalogLayout" role="tabpanel">
          <CatalogView
            rendermime={actions.rendermime}
            model={selection.catalogModel}
            onOpen={ref => selection.openCatalog(ref)}
            onRegister={actions.registerFromCatalog}
            generation={selection.generation}
          />
        </div>
      ) : (
        <div className="jp-kf-registry-layout" role="tabpanel">
          <ModelList
            selectedId={selection.modelId}
            onSelect={model => selection.select(model.id)}
            generation={selection.generation}
          />
          <Column
            className="jp-kf-registry-versions"
            label={trans.__('Model')}
            empty={trans.__('Select a model to see its versions.')}
            selected={selection.modelId}
          >
            {modelId => (
              <ModelView
                modelId={modelId}
                selectedVersionId={selection.versionId}
                onSelectVersion={version =>
                  selection.select(selection.modelId, version.id)
                }
                generation={selection.generation}
                onChanged={refresh}
              />
            )}
          </Column>
          <Column
            className="jp-kf-registry-details"
            label={trans.__('Version')}
            empty={
              selection.modelId
                ? trans.__('Select a version to see its artifacts.')
                : ''
            }
            selected={selection.versionId}
          >
            {versionId => (
              <VersionView
                versionId={versionId}
                generation={selection.generation}
                onChanged={refresh}
                openNotebook={actions.openNotebook}
                deploy={actions.deploy}
                openCatalogModel={ref => selection.openCatalog(ref)}
              />
            )}
          </Column>
        </div>
      )}
    </div>
  );
}

/** A column of the registry view: what is selected, or what to select. */
function Column(props: {
  className: string;
  label: string;
  /** said while nothing is selected */
  empty: string;
  /** the id of what is selected, if anything */
  selected: string | null;
  children: (selected: string) => React.ReactNode;
}): JSX.Element {
  return (
    <section
      className={`jp-kf-registry-column ${props.className}`}
      aria-label={props.label}
    >
      {props.selected ? (
        props.children(props.selected)
      ) : (
        <p className="jp-kf-registry-empty">{props.empty}</p>
      )}
    </section>
  );
}
