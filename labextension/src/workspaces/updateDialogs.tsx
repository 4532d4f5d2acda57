/**
 * The questions asked before an action that pending updates or a pod that is not ready
 * change, as the Notebooks 2.0 UI asks them: its Stop dialog offers "Update and stop" and
 * "Stop and defer updates", its Start dialog "Update and start" and "Start", its Restart
 * dialog "Update and restart" and "Restart".
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { confirmDanger } from '../components/ConfirmDialog';
import { phaseLabel, phaseOf } from './state';
import type { IRedirectStep, IWorkspaceItem } from './types';

/** What the user chose: the action with the updates, without them, or nothing. */
export type UpdateChoice = 'update' | 'plain' | null;

/** The redirects the kind offers from the workspace's options, with their messages. */
function PendingUpdates(props: { item: IWorkspaceItem }): JSX.Element {
  const steps: { label: string; step: IRedirectStep }[] = [
    ...props.item.imageConfig.redirectChain.map(step => ({
      label: 'Image',
      step
    })),
    ...props.item.podConfig.redirectChain.map(step => ({
      label: 'Pod config',
      step
    }))
  ];
  return (
    <ul className="jp-KubeflowWorkspaces-updates" aria-label="Pending updates">
      {steps.map(({ label, step }) => (
        <li key={`${label}:${step.source}`}>
          <strong>{label}:</strong> {step.source} → {step.target}
          {step.message?.text ? (
            <div
              className={`jp-KubeflowWorkspaces-redirectMessage jp-mod-${(
                step.message.level || 'Info'
              ).toLowerCase()}`}
            >
              {step.message.level}: {step.message.text}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

async function ask(
  title: string,
  body: JSX.Element,
  update: string,
  plain: string,
  name: string
): Promise<UpdateChoice> {
  const answer = await showDialog({
    title,
    body,
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({
        label: plain,
        ariaLabel: `${plain} ${name}`,
        displayType: 'default'
      }),
      Dialog.okButton({ label: update, ariaLabel: `${update} ${name}` })
    ]
  });
  if (!answer.button.accept) {
    return null;
  }
  return answer.button.label === update ? 'update' : 'plain';
}

/** Pausing a workspace the kind offers updates for. */
export function askStop(item: IWorkspaceItem): Promise<UpdateChoice> {
  return ask(
    `Stop ${item.name}`,
    <div>
      <p>
        The kind offers updates of options this workspace uses. Apply them now
        (they take effect when it is started again), or stop it and keep its
        options as they are.
      </p>
      <PendingUpdates item={item} />
    </div>,
    'Update and stop',
    'Stop and defer updates',
    item.name
  );
}

/** Resuming a workspace the kind offers updates for. */
export function askStart(item: IWorkspaceItem): Promise<UpdateChoice> {
  return ask(
    `Start ${item.name}`,
    <div>
      <p>
        The kind offers updates of options this workspace uses. Start it with
        them, or with its options as they are.
      </p>
      <PendingUpdates item={item} />
    </div>,
    'Update and start',
    'Start',
    item.name
  );
}

/**
 * Restarting (pause, then resume once paused): with the kind's updates too when it
 * offers any. Without pending updates, a plain confirmation.
 */
export async function askRestart(item: IWorkspaceItem): Promise<UpdateChoice> {
  const why = (
    <p>
      {item.name} is {phaseLabel(phaseOf(item)).toLowerCase()}: its pod is not
      ready, and Kubernetes does not replace such a pod for a new configuration.
      Restarting stops the pod and starts a new one with the workspace&apos;s
      current configuration (files in its volumes are kept; the Jupyter server
      resumes it once its pod is gone).
    </p>
  );
  if (item.pendingRestart) {
    return ask(
      `Restart ${item.name}`,
      <div>
        {why}
        <PendingUpdates item={item} />
      </div>,
      'Update and restart',
      'Restart',
      item.name
    );
  }
  const confirmed = await confirmDanger({
    title: `Restart ${item.name}?`,
    body: why,
    label: 'Restart',
    ariaLabel: `Restart ${item.name}`
  });
  return confirmed ? 'plain' : null;
}

/**
 * Applying an update to a workspace whose pod is not ready: saved alone it would not
 * reach the pod; with a restart it does.
 */
export async function askUpdateNotReady(
  item: IWorkspaceItem,
  target: string
): Promise<'restart' | 'save' | null> {
  const answer = await showDialog({
    title: `Update ${item.name} to ${target}?`,
    body: (
      <p>
        {item.name} is {phaseLabel(phaseOf(item)).toLowerCase()}: its pod is not
        ready, so Kubernetes leaves it as it is. Choosing the update alone
        changes the workspace but not its pod, until it is restarted.
      </p>
    ),
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({ label: 'Update only', displayType: 'default' }),
      Dialog.okButton({
        label: 'Update and restart',
        ariaLabel: `Update and restart ${item.name}`
      })
    ]
  });
  if (!answer.button.accept) {
    return null;
  }
  return answer.button.label === 'Update only' ? 'save' : 'restart';
}
