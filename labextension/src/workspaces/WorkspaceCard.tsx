/**
 * One workspace in the list: state badge, what it runs, markers, and the actions its
 * namespace's permissions allow (a refused action stays focusable and says why).
 */
import * as React from 'react';

import type {
  IOptionStatus,
  IPermissions,
  IWorkspaceItem,
  Verb
} from './types';
import { COMMAND_IDS, stateClass } from './state';

function ActionButton(props: {
  label: string;
  target: string;
  refusal?: string;
  onClick: () => void;
}): JSX.Element {
  const refused = props.refusal !== undefined;
  return (
    <button
      type="button"
      className="jp-KubeflowWorkspaces-action"
      aria-label={`${props.label} ${props.target}`}
      aria-disabled={refused}
      title={refused ? props.refusal : `${props.label} ${props.target}`}
      data-action={props.label.toLowerCase()}
      onClick={() => {
        if (!refused) {
          props.onClick();
        }
      }}
    >
      {props.label}
    </button>
  );
}

function OptionLine(props: {
  label: string;
  option: IOptionStatus;
}): JSX.Element {
  const { current, desired, redirectChain } = props.option;
  const changing = desired && current && desired !== current;
  return (
    <div className="jp-KubeflowWorkspaces-detail">
      <span className="jp-KubeflowWorkspaces-muted">{props.label}:</span>{' '}
      {changing ? (
        <span title="Applies at the next restart">
          {current} → {desired}
        </span>
      ) : (
        <span>{current || desired || '—'}</span>
      )}
      {redirectChain.length > 0 ? (
        <span
          className="jp-KubeflowWorkspaces-redirect"
          title={redirectChain
            .map(step => `${step.source} → ${step.target}`)
            .join(', ')}
        >
          {' '}
          (redirected)
        </span>
      ) : null}
    </div>
  );
}

export interface IWorkspaceCardProps {
  item: IWorkspaceItem;
  permissions: IPermissions;
  onAction: (command: string) => void;
}

export function WorkspaceCard(props: IWorkspaceCardProps): JSX.Element {
  const { item, permissions } = props;
  const refusal = (verb: Verb): string | undefined =>
    permissions[verb]
      ? undefined
      : (permissions.reasons[verb] ??
        `You may not ${verb} workspaces in ${item.namespace}.`);
  const title = item.displayName || item.name;
  const connectRefusal = !item.url
    ? 'No URL is known for this workspace.'
    : item.paused
      ? 'The workspace is paused: resume it first.'
      : undefined;
  return (
    <li
      className="jp-KubeflowWorkspaces-card"
      data-workspace={item.name}
      aria-label={`Workspace ${item.name}, ${item.state}`}
    >
      <div className="jp-KubeflowWorkspaces-cardHeader">
        <span className="jp-KubeflowWorkspaces-cardTitle" title={item.name}>
          {title}
        </span>
        <span
          className={`jp-KubeflowWorkspaces-badge ${stateClass(item.state)}`}
          data-state={item.state}
          role="status"
          aria-label={`State: ${item.state}`}
        >
          {item.state || 'Unknown'}
        </span>
      </div>
      {title !== item.name ? (
        <div className="jp-KubeflowWorkspaces-muted">{item.name}</div>
      ) : null}
      <div className="jp-KubeflowWorkspaces-markers">
        {item.isCurrent ? (
          <span
            className="jp-KubeflowWorkspaces-marker jp-mod-current"
            title="This JupyterLab runs in this workspace"
          >
            This JupyterLab
          </span>
        ) : null}
        {item.pendingRestart ? (
          <span
            className="jp-KubeflowWorkspaces-marker jp-mod-restart"
            title="The running pod does not have the latest configuration yet: pause and resume to apply it"
          >
            Restart pending
          </span>
        ) : null}
      </div>
      {item.stateMessage ? (
        <div className="jp-KubeflowWorkspaces-stateMessage">
          {item.stateMessage}
        </div>
      ) : null}
      <div className="jp-KubeflowWorkspaces-detail">
        <span className="jp-KubeflowWorkspaces-muted">Kind:</span> {item.kind}
      </div>
      <OptionLine label="Image" option={item.imageConfig} />
      <OptionLine label="Pod config" option={item.podConfig} />
      <div className="jp-KubeflowWorkspaces-actions">
        <ActionButton
          label="Connect"
          target={item.name}
          refusal={connectRefusal}
          onClick={() => props.onAction(COMMAND_IDS.connect)}
        />
        {item.paused ? (
          <ActionButton
            label="Resume"
            target={item.name}
            refusal={refusal('update')}
            onClick={() => props.onAction(COMMAND_IDS.resume)}
          />
        ) : (
          <ActionButton
            label="Pause"
            target={item.name}
            refusal={refusal('update')}
            onClick={() => props.onAction(COMMAND_IDS.pause)}
          />
        )}
        <ActionButton
          label="Edit"
          target={item.name}
          refusal={refusal('update')}
          onClick={() => props.onAction(COMMAND_IDS.edit)}
        />
        <ActionButton
          label="Delete"
          target={item.name}
          refusal={refusal('delete')}
          onClick={() => props.onAction(COMMAND_IDS.delete)}
        />
      </div>
    </li>
  );
}
