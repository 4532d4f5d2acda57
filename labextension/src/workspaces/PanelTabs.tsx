/**
 * The sidebar's tab bar (Workspaces, Volumes, Secrets: a WAI-ARIA tablist, arrow keys
 * move between tabs) and the Volumes/Secrets pane with its namespace picker.
 */
import * as React from 'react';

import { fetchNamespaces } from './client';
import { NamespacePicker } from './NamespacePicker';
import { SecretsView } from './SecretsView';
import type { INamespaces } from './types';
import { VolumesView } from './VolumesView';
import { ITrans, Message, useTrans } from '../trans';

export type PanelTab = 'workspaces' | 'volumes' | 'secrets';

export const PANEL_TABS: { id: PanelTab; label: Message }[] = [
  { id: 'workspaces', label: trans => trans.__('Workspaces') },
  { id: 'volumes', label: trans => trans.__('Volumes') },
  { id: 'secrets', label: trans => trans.__('Secrets') }
];

/** A tab's name. */
export function tabLabel(tab: PanelTab, trans: ITrans): string {
  return PANEL_TABS.find(each => each.id === tab)?.label(trans) ?? tab;
}

export function tabId(tab: PanelTab): string {
  return `jp-kfws-tab-${tab}`;
}

export function tabPanelId(tab: PanelTab): string {
  return `jp-kfws-tabpanel-${tab}`;
}

export function TabBar(props: {
  current: PanelTab;
  onSelect: (tab: PanelTab) => void;
  /** Opens the Workspace kinds view (a main-area tab), when given. */
  onKinds?: () => void;
}): JSX.Element {
  const trans = useTrans();
  const refs = React.useRef<Record<string, HTMLButtonElement | null>>({});
  const onKeyDown = (event: React.KeyboardEvent) => {
    const index = PANEL_TABS.findIndex(tab => tab.id === props.current);
    const moves: Record<string, number> = {
      ArrowRight: (index + 1) % PANEL_TABS.length,
      ArrowLeft: (index - 1 + PANEL_TABS.length) % PANEL_TABS.length,
      Home: 0,
      End: PANEL_TABS.length - 1
    };
    const next = moves[event.key];
    if (next === undefined) {
      return;
    }
    event.preventDefault();
    const tab = PANEL_TABS[next].id;
    props.onSelect(tab);
    refs.current[tab]?.focus();
  };
  return (
    <div
      className="jp-KubeflowStorage-tabs"
      role="tablist"
      aria-label={trans.__('Kubeflow workspaces, volumes and secrets')}
      onKeyDown={onKeyDown}
    >
      {PANEL_TABS.map(tab => {
        const selected = tab.id === props.current;
        return (
          <button
            key={tab.id}
            ref={element => {
              refs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={selected}
            aria-controls={tabPanelId(tab.id)}
            tabIndex={selected ? 0 : -1}
            className={`jp-KubeflowStorage-tab${selected ? ' jp-mod-selected' : ''}`}
            onClick={() => props.onSelect(tab.id)}
          >
            {tabLabel(tab.id, trans)}
          </button>
        );
      })}
      {props.onKinds ? (
        <button
          type="button"
          className="jp-KubeflowStorage-tab jp-KubeflowStorage-kindsLink"
          tabIndex={-1}
          title={trans.__(
            'Open the Workspace kinds view: images, pod configs, ports, workspaces and GPUs of each kind'
          )}
          onClick={props.onKinds}
        >
          {trans.__('Kinds ↗')}
        </button>
      ) : null}
    </div>
  );
}

/**
 * Volumes or Secrets of one namespace. It starts at the namespace the Workspaces tab
 * shows (`namespace`), and a choice here is reported back (`onNamespace`) so both
 * tabs show the same namespace.
 */
export function StoragePane(props: {
  tab: 'volumes' | 'secrets';
  namespace: string | null;
  onNamespace: (namespace: string) => void;
}): JSX.Element {
  const trans = useTrans();
  const [namespaces, setNamespaces] = React.useState<INamespaces | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [attempt, setAttempt] = React.useState(0);

  React.useEffect(() => {
    let live = true;
    setError(null);
    fetchNamespaces()
      .then(found => live && setNamespaces(found))
      .catch((failure: Error) => live && setError(failure.message));
    return () => {
      live = false;
    };
  }, [attempt]);

  if (error) {
    return (
      <div className="jp-KubeflowWorkspaces-notice jp-mod-error" role="alert">
        {trans.__('Cannot list namespaces: %1', error)}{' '}
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          onClick={() => setAttempt(n => n + 1)}
        >
          {trans.__('Retry')}
        </button>
      </div>
    );
  }
  if (!namespaces) {
    return (
      <p className="jp-KubeflowWorkspaces-muted" role="status">
        {trans.__('Connecting to the cluster…')}
      </p>
    );
  }
  // The Workspaces tab's namespace when it shows one; else the server's own.
  const shown =
    props.namespace && namespaces.namespaces.includes(props.namespace)
      ? props.namespace
      : namespaces.current;
  const choices = namespaces.namespaces.includes(shown)
    ? namespaces.namespaces
    : [...namespaces.namespaces, shown];
  const selectId = `jp-kfst-namespace-${props.tab}`;
  return (
    <>
      <div className="jp-KubeflowWorkspaces-toolbar">
        <label className="jp-KubeflowWorkspaces-label" htmlFor={selectId}>
          {trans.__('Namespace')}
        </label>
        <NamespacePicker
          id={selectId}
          namespaces={choices}
          value={shown}
          title={
            namespaces.canList
              ? undefined
              : trans.__('You may not list namespaces: only your own is shown.')
          }
          onChange={props.onNamespace}
        />
      </div>
      {props.tab === 'volumes' ? (
        <VolumesView key={shown} namespace={shown} />
      ) : (
        <SecretsView key={shown} namespace={shown} />
      )}
    </>
  );
}
