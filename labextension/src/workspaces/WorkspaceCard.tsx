/**
 * One workspace in the list: state badge, what it runs, markers, and the actions its
 * namespace's permissions allow (a refused action stays focusable and says why).
 */
import * as React from 'react';

import { changesApplyOf } from './edit';
import type {
  ChangesApply,
  IOptionStatus,
  IPermissions,
  IService,
  IWorkspaceItem,
  Verb
} from './types';
import { deniedText, refusalOf } from './permissions';
import { PodDetails } from './PodDetails';
import {
  activityLines,
  autoPauseNote,
  COMMAND_IDS,
  offeredActions,
  phaseLabel,
  phaseOf,
  stateClass
} from './state';
import { useTrans } from '../trans';

function ActionButton(props: {
  /** What it does, for tests and styles (`data-action`): the same in every language. */
  action: string;
  label: string;
  /** The visible text, when it says more than the label (e.g. the port's name). */
  text?: string;
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
      data-action={props.action}
      onClick={() => {
        if (!refused) {
          props.onClick();
        }
      }}
    >
      {props.text ?? props.label}
    </button>
  );
}

/** A redirect the kind offers from the chosen option, and the action that applies it. */
export interface IRedirectOffer {
  which: 'imageConfig' | 'podConfig';
  target: string;
}

function OptionLine(props: {
  label: string;
  which: 'imageConfig' | 'podConfig';
  option: IOptionStatus;
  applies: ChangesApply;
  refusal?: string;
  onApply: (offer: IRedirectOffer) => void;
}): JSX.Element {
  const trans = useTrans();
  const { current, desired, redirectChain } = props.option;
  const redirected = redirectChain.length > 0 && desired && desired !== current;
  return (
    <div className="jp-KubeflowWorkspaces-detail" data-option={props.which}>
      <span className="jp-KubeflowWorkspaces-muted">{props.label}:</span>{' '}
      <span>{current || desired || '—'}</span>
      {props.option.reconciled === false ? (
        <span
          className="jp-KubeflowWorkspaces-muted"
          title={trans.__(
            'The Notebooks controller has not picked up this choice yet'
          )}
        >
          {' '}
          {trans.__('(applying…)')}
        </span>
      ) : null}
      {redirected ? (
        <div
          className="jp-KubeflowWorkspaces-redirect"
          data-redirect-target={desired}
        >
          <div>
            {trans.__(
              'An update is available: %1',
              redirectChain.map(step => step.target).join(' → ')
            )}
          </div>
          {redirectChain
            .filter(step => step.message?.text)
            .map(step => (
              <div
                key={step.source}
                className={`jp-KubeflowWorkspaces-redirectMessage jp-mod-${(
                  step.message?.level ?? 'Info'
                ).toLowerCase()}`}
              >
                {step.message?.level}: {step.message?.text}
              </div>
            ))}
          <div className="jp-KubeflowWorkspaces-muted">
            {trans.__(
              'Pausing and resuming does not apply it: choose it.%1',
              APPLY_NOTES[props.applies]
            )}
          </div>
          <ActionButton
            action="apply-update"
            label={trans.__('Apply update')}
            target={`${props.label} ${desired}`}
            refusal={props.refusal}
            onClick={() =>
              props.onApply({ which: props.which, target: desired })
            }
          />
        </div>
      ) : null}
    </div>
  );
}

/** What choosing an update does to the pod, by when changes reach it. */
const APPLY_NOTES: Record<ChangesApply, string> = {
  now: ' Applying it restarts the workspace now.',
  restart:
    ' Its pod is not ready and is left as it is: applying it needs a restart (offered when you apply it).',
  resume: ' It takes effect when the workspace is resumed.',
  start: ' It takes effect when its pod starts.'
};

export interface IWorkspaceCardProps {
  item: IWorkspaceItem;
  permissions: IPermissions;
  /** All namespaces are listed: say which one this workspace is in. */
  showNamespace?: boolean;
  onAction: (command: string, args?: Record<string, string>) => void;
}

export function WorkspaceCard(props: IWorkspaceCardProps): JSX.Element {
  const trans = useTrans();
  const { item, permissions } = props;
  const refusal = (verb: Verb): string | undefined =>
    refusalOf(
      permissions,
      verb,
      deniedText(verb, item.namespace, trans),
      trans
    );
  const mayUpdate = refusal('update');
  /** A button running a workspace command on this workspace (refused, it says why). */
  const commandButton = (
    action: 'resume' | 'pause' | 'restart' | 'logs' | 'edit' | 'delete',
    label: string,
    refused?: string
  ): JSX.Element => (
    <ActionButton
      action={action}
      label={label}
      target={item.name}
      refusal={refused}
      onClick={() => props.onAction(COMMAND_IDS[action])}
    />
  );
  const title = item.displayName || item.name;
  const phase = phaseOf(item);
  const offered = offeredActions(item, trans);
  const applies = changesApplyOf(item);
  const services: IService[] =
    item.services && item.services.length > 0
      ? item.services
      : item.url
        ? [{ id: '', displayName: '', url: item.url }]
        : [];
  const autoPause = autoPauseNote(item, trans);
  const activity = activityLines(item, trans);
  const [expanded, setExpanded] = React.useState(false);
  const detailsId = `jp-kfws-details-${item.namespace}-${item.name}`;
  const applyRedirect = (offer: IRedirectOffer) =>
    props.onAction(COMMAND_IDS.applyRedirect, {
      which: offer.which,
      target: offer.target
    });
  return (
    <li
      className="jp-KubeflowWorkspaces-card"
      data-workspace={item.name}
      data-namespace={item.namespace}
      data-phase={phase}
      aria-label={
        props.showNamespace
          ? trans.__(
              'Workspace %1 in %2, %3',
              item.name,
              item.namespace,
              phaseLabel(phase, trans)
            )
          : trans.__('Workspace %1, %2', item.name, phaseLabel(phase, trans))
      }
    >
      <div className="jp-KubeflowWorkspaces-cardHeader">
        <span className="jp-KubeflowWorkspaces-cardTitle" title={item.name}>
          {title}
        </span>
        <span
          className={`jp-KubeflowWorkspaces-badge ${stateClass(phase)}`}
          data-state={item.state}
          data-phase={phase}
          role="status"
          aria-label={trans.__('State: %1', phaseLabel(phase, trans))}
          title={
            phase !== item.state
              ? trans.__(
                  'The controller reports %1; the workspace shows as %2',
                  item.state,
                  phaseLabel(phase, trans)
                )
              : undefined
          }
        >
          {phaseLabel(phase, trans)}
        </span>
      </div>
      {title !== item.name ? (
        <div className="jp-KubeflowWorkspaces-muted">{item.name}</div>
      ) : null}
      {props.showNamespace ? (
        <div className="jp-KubeflowWorkspaces-detail" data-card-namespace="">
          <span className="jp-KubeflowWorkspaces-muted">
            {trans.__('Namespace:')}
          </span>{' '}
          {item.namespace}
        </div>
      ) : null}
      <div className="jp-KubeflowWorkspaces-markers">
        {item.isCurrent ? (
          <span
            className="jp-KubeflowWorkspaces-marker jp-mod-current"
            title={trans.__('This JupyterLab runs in this workspace')}
          >
            {trans.__('This JupyterLab')}
          </span>
        ) : null}
        {item.pendingRestart ? (
          <span
            className="jp-KubeflowWorkspaces-marker jp-mod-restart"
            title={trans.__(
              'The kind redirects an option this workspace uses to a newer one. Pausing and resuming does not apply it: apply the update below.'
            )}
          >
            {trans.__('Update available')}
          </span>
        ) : null}
      </div>
      {item.stateMessage ? (
        <div className="jp-KubeflowWorkspaces-stateMessage">
          {item.stateMessage}
        </div>
      ) : null}
      {autoPause ? (
        <div
          className="jp-KubeflowWorkspaces-autoPause"
          data-auto-paused={item.activity?.autoPaused ? 'true' : 'false'}
        >
          {autoPause}
        </div>
      ) : null}
      {activity.length > 0 ? (
        <dl
          className="jp-KubeflowWorkspaces-activity"
          aria-label={trans.__('Activity')}
        >
          {activity.map(line => (
            <React.Fragment key={line.key}>
              <dt className="jp-KubeflowWorkspaces-muted">{line.label}:</dt>
              <dd
                data-activity={line.key}
                className={line.warn ? 'jp-mod-warn' : undefined}
                title={line.title}
              >
                {line.text}
              </dd>
            </React.Fragment>
          ))}
        </dl>
      ) : null}
      <div className="jp-KubeflowWorkspaces-detail">
        <span className="jp-KubeflowWorkspaces-muted">{trans.__('Kind:')}</span>{' '}
        {item.kind}
      </div>
      {(
        [
          [trans.__('Image'), 'imageConfig'],
          [trans.__('Pod config'), 'podConfig']
        ] as const
      ).map(([label, which]) => (
        <OptionLine
          key={which}
          label={label}
          which={which}
          option={item[which]}
          applies={applies}
          refusal={refusal('update')}
          onApply={applyRedirect}
        />
      ))}
      {applies === 'restart' ? (
        <div
          className="jp-KubeflowWorkspaces-notice jp-mod-warn"
          data-changes-apply="restart"
        >
          {trans.__(
            'Its pod is not ready, and Kubernetes does not replace such a pod: the image, pod config and mounts shown are the chosen ones; a change made since the pod started reaches it only when the workspace is restarted.'
          )}
        </div>
      ) : null}
      {item.secrets && item.secrets.length > 0 ? (
        <div className="jp-KubeflowWorkspaces-detail" data-secrets="">
          <span className="jp-KubeflowWorkspaces-muted">
            {trans.__('Secrets:')}
          </span>{' '}
          {item.secrets.map((secret, index) => (
            <span
              key={`${secret.secretName}:${secret.mountPath}`}
              data-mounted={secret.mounted === false ? 'false' : 'true'}
              title={secret.reason}
              className={
                secret.mounted === false
                  ? 'jp-KubeflowWorkspaces-notMounted'
                  : ''
              }
            >
              {index > 0 ? ', ' : ''}
              {secret.mounted === false
                ? trans.__(
                    '%1 at %2 (not mounted)',
                    secret.secretName,
                    secret.mountPath
                  )
                : trans.__('%1 at %2', secret.secretName, secret.mountPath)}
            </span>
          ))}
        </div>
      ) : null}
      {offered.waitNote ? (
        <div className="jp-KubeflowWorkspaces-muted" role="status">
          {offered.waitNote}
        </div>
      ) : null}
      <div className="jp-KubeflowWorkspaces-actions">
        {services.map(service => (
          <ActionButton
            key={service.id || 'connect'}
            action="connect"
            label={trans.__('Connect')}
            text={
              service.displayName
                ? trans.__('Connect %1', service.displayName)
                : trans.__('Connect')
            }
            target={
              service.displayName
                ? trans.__('%1 of %2', service.displayName, item.name)
                : item.name
            }
            refusal={offered.connectRefusal}
            onClick={() =>
              props.onAction(COMMAND_IDS.connect, { url: service.url })
            }
          />
        ))}
        {services.length === 0 ? (
          <ActionButton
            action="connect"
            label={trans.__('Connect')}
            target={item.name}
            refusal={
              offered.connectRefusal ??
              trans.__('No URL is known for this workspace.')
            }
            onClick={() => undefined}
          />
        ) : null}
        {offered.toggle === 'resume'
          ? commandButton('resume', trans.__('Resume'), mayUpdate)
          : offered.toggle === 'pause'
            ? commandButton('pause', trans.__('Pause'), mayUpdate)
            : null}
        {offered.restart
          ? commandButton('restart', trans.__('Restart'), mayUpdate)
          : null}
        {commandButton('logs', trans.__('Logs'))}
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          aria-expanded={expanded}
          aria-controls={expanded ? detailsId : undefined}
          aria-label={trans.__('Details of %1', item.name)}
          data-action="details"
          onClick={() => setExpanded(open => !open)}
        >
          {expanded ? trans.__('Hide details') : trans.__('Details')}
        </button>
        {commandButton('edit', trans.__('Edit'), mayUpdate)}
        {commandButton('delete', trans.__('Delete'), refusal('delete'))}
      </div>
      {expanded ? (
        <PodDetails
          id={detailsId}
          namespace={item.namespace}
          name={item.name}
          version={item.resourceVersion}
          item={item}
        />
      ) : null}
    </li>
  );
}
