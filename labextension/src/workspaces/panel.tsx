/**
 * The sidebar widget: it keeps what commands need to know (the namespace shown, its
 * workspaces) and takes their requests (show the create or edit view). The React view
 * is in WorkspacesView.tsx.
 */
import { ReactWidget } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { kubeflowWorkspacesIcon } from './icon';
import type { IWorkspaceItem } from './types';
import { IItemChange, IViewRequest, WorkspacesView } from './WorkspacesView';

export class WorkspacesPanel extends ReactWidget {
  constructor(readonly commands: CommandRegistry) {
    super();
    this.id = 'kubeflow-workspaces';
    this.title.icon = kubeflowWorkspacesIcon;
    this.title.caption = 'Kubeflow Workspaces';
    this.addClass('jp-KubeflowWorkspaces');
  }

  /** The namespace shown, once connected. */
  get namespace(): string | null {
    return this._namespace;
  }

  /** The workspaces shown. */
  get items(): readonly IWorkspaceItem[] {
    return this._items;
  }

  get itemChanged(): ISignal<this, IItemChange> {
    return this._itemChanged;
  }

  /** Apply an action's answer at once (the live stream confirms it a moment later). */
  reportChange(change: IItemChange): void {
    this._itemChanged.emit(change);
  }

  /**
   * The Notebooks controller's webhook did not answer a write (its message), or a later
   * write went through (null): the view says so and marks the list possibly stale.
   */
  get controllerProblem(): ISignal<this, string | null> {
    return this._controllerProblem;
  }

  reportControllerProblem(message: string | null): void {
    this._controllerProblem.emit(message);
  }

  showList(): void {
    this.request({ view: { kind: 'list' } });
  }

  showCreate(namespace?: string, name?: string): void {
    this.request({ namespace, view: { kind: 'create', name } });
  }

  showEdit(namespace: string, name: string): void {
    this.request({ namespace, view: { kind: 'edit', name } });
  }

  protected render(): JSX.Element {
    return (
      <PanelErrorBoundary>
        <WorkspacesView
          panel={this}
          request={this._request}
          onShown={(namespace, items) => {
            this._namespace = namespace;
            this._items = items;
          }}
        />
      </PanelErrorBoundary>
    );
  }

  private request(request: Omit<IViewRequest, 'serial'>): void {
    this._request = { ...request, serial: (this._request?.serial ?? 0) + 1 };
    this.update();
  }

  private _namespace: string | null = null;
  private _items: readonly IWorkspaceItem[] = [];
  private _request: IViewRequest | undefined;
  private _itemChanged = new Signal<this, IItemChange>(this);
  private _controllerProblem = new Signal<this, string | null>(this);
}

/** A rendering bug must not leave a blank sidebar: say so, and offer a fresh start. */
class PanelErrorBoundary extends React.Component<
  { children: React.ReactNode },
  { error: Error | null; generation: number }
> {
  state = { error: null as Error | null, generation: 0 };

  static getDerivedStateFromError(error: Error): Partial<{ error: Error }> {
    return { error };
  }

  componentDidCatch(error: Error): void {
    console.error('Kubeflow Workspaces panel failed', error);
  }

  render(): React.ReactNode {
    if (this.state.error) {
      return (
        <div className="jp-KubeflowWorkspaces-body" role="alert">
          <p>The workspaces panel hit an error: {this.state.error.message}</p>
          <button
            type="button"
            className="jp-mod-styled jp-mod-accept jp-Dialog-button"
            onClick={() =>
              this.setState(previous => ({
                error: null,
                generation: previous.generation + 1
              }))
            }
          >
            Start again
          </button>
        </div>
      );
    }
    return (
      <React.Fragment key={this.state.generation}>
        {this.props.children}
      </React.Fragment>
    );
  }
}
