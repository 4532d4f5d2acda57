/**
 * The sidebar widget: it keeps what commands need to know (the namespace shown, its
 * workspaces) and takes their requests (show the create or edit view). A tab bar
 * switches between Workspaces (WorkspacesView.tsx, kept mounted so its live list stays
 * current) and the namespace's Volumes and Secrets (PanelTabs.tsx).
 */
import { ReactWidget } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

import { DialogButton } from '../components/DialogButton';
import { kubeflowIcon } from '../icons';
import {
  PANEL_TABS,
  PanelTab,
  StoragePane,
  TabBar,
  tabId,
  tabPanelId
} from './PanelTabs';
import type { IWorkspaceItem } from './types';
import { IItemChange, IViewRequest, WorkspacesView } from './WorkspacesView';
import { ITrans, plainTrans, TransContext, withTrans } from '../trans';

export class WorkspacesPanel extends ReactWidget {
  constructor(
    readonly commands: CommandRegistry,
    private readonly _trans: ITrans = plainTrans
  ) {
    super();
    this.id = 'kubeflow-workspaces';
    this.title.icon = kubeflowIcon;
    this.title.caption = _trans.__('Kubeflow Workspaces');
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

  /** The tab shown: Workspaces, Volumes or Secrets. */
  get tab(): PanelTab {
    return this._tab;
  }

  showTab(tab: PanelTab): void {
    this._tab = tab;
    this.update();
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
    const tab = this._tab;
    return withTrans(
      this._trans,
      <PanelErrorBoundary>
        <TabBar
          current={tab}
          onSelect={selected => this.showTab(selected)}
          onKinds={() =>
            void this.commands.execute('kubeflow:open-workspace-kinds')
          }
        />
        <div
          role="tabpanel"
          id={tabPanelId('workspaces')}
          aria-labelledby={tabId('workspaces')}
          hidden={tab !== 'workspaces'}
        >
          <WorkspacesView
            panel={this}
            request={this._request}
            onShown={(namespace, items) => {
              const moved = namespace !== this._namespace;
              this._namespace = namespace;
              this._items = items;
              if (moved && this._tab !== 'workspaces') {
                this.update();
              }
            }}
          />
        </div>
        {PANEL_TABS.filter(other => other.id !== 'workspaces').map(other => (
          <div
            key={other.id}
            role="tabpanel"
            id={tabPanelId(other.id)}
            aria-labelledby={tabId(other.id)}
            hidden={tab !== other.id}
            className={
              tab === other.id ? 'jp-KubeflowWorkspaces-body' : undefined
            }
          >
            {tab === other.id && other.id !== 'workspaces' ? (
              <StoragePane
                tab={other.id}
                namespace={this._namespace}
                onNamespace={namespace => this.followNamespace(namespace)}
              />
            ) : null}
          </div>
        ))}
      </PanelErrorBoundary>
    );
  }

  /** Show a request's view; a command's request brings the Workspaces tab forward. */
  private request(request: Omit<IViewRequest, 'serial'>): void {
    this._tab = 'workspaces';
    this.send(request);
  }

  /** A namespace chosen in the Volumes or Secrets tab: the Workspaces tab follows. */
  private followNamespace(namespace: string): void {
    this._namespace = namespace;
    this.send({ namespace, view: { kind: 'list' } });
  }

  private send(request: Omit<IViewRequest, 'serial'>): void {
    this._request = { ...request, serial: (this._request?.serial ?? 0) + 1 };
    this.update();
  }

  private _tab: PanelTab = 'workspaces';
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
  static contextType = TransContext;
  declare context: React.ContextType<typeof TransContext>;

  static getDerivedStateFromError(error: Error): Partial<{ error: Error }> {
    return { error };
  }

  componentDidCatch(error: Error): void {
    console.error('Kubeflow Workspaces panel failed', error);
  }

  render(): React.ReactNode {
    if (this.state.error) {
      const trans = this.context;
      return (
        <div className="jp-KubeflowWorkspaces-body" role="alert">
          <p>
            {trans.__(
              'The workspaces panel hit an error: %1',
              this.state.error.message
            )}
          </p>
          <DialogButton
            tone="accept"
            onClick={() =>
              this.setState(previous => ({
                error: null,
                generation: previous.generation + 1
              }))
            }
          >
            {trans.__('Start again')}
          </DialogButton>
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
