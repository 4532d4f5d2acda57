/**
 * The questions asked before an action that pending updates or a pod that is not ready
 * change, as the Notebooks 2.0 UI asks them: its Stop dialog offers "Update and stop" and
 * "Stop and defer updates", its Start dialog "Update and start" and "Start", its Restart
 * dialog "Update and restart" and "Restart". Each question is built apart from showing
 * it (`stopQuestion`…), so the render test reads every word of it.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import * as React from 'react';

import { confirmDanger } from '../components/ConfirmDialog';
import { ITrans } from '../trans';
import { phaseLabel, phaseOf } from './state';
import type { IRedirectStep, IWorkspaceItem } from './types';

/** What the user chose: the action with the updates, without them, or nothing. */
export type UpdateChoice = 'update' | 'plain' | null;

/** A question with two ways to go ahead: with the kind's updates, or without. */
export interface IUpdateQuestion {
  title: string;
  body: JSX.Element;
  /** The button that takes the updates along, and its accessible name. */
  update: string;
  updateAria: string;
  /** The button that goes ahead without them, and its accessible name. */
  plain: string;
  plainAria: string;
}

/** The redirects the kind offers from the workspace's options, with their messages. */
function PendingUpdates(props: {
  item: IWorkspaceItem;
  trans: ITrans;
}): JSX.Element {
  const { trans } = props;
  const steps: { which: string; label: string; step: IRedirectStep }[] = [
    ...props.item.imageConfig.redirectChain.map(step => ({
      which: 'image',
      label: trans.__('Image:'),
      step
    })),
    ...props.item.podConfig.redirectChain.map(step => ({
      which: 'podConfig',
      label: trans.__('Pod config:'),
      step
    }))
  ];
  return (
    <ul
      className="jp-KubeflowWorkspaces-updates"
      aria-label={trans.__('Pending updates')}
    >
      {steps.map(({ which, label, step }) => (
        <li key={`${which}:${step.source}`}>
          <strong>{label}</strong> {step.source} → {step.target}
          {step.message?.text ? (
            <div
              className={`jp-KubeflowWorkspaces-redirectMessage jp-mod-${(
                step.message.level || 'Info'
              ).toLowerCase()}`}
            >
              {/* the kind's own level and message (data) */}
              {step.message.level}: {step.message.text}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A question's body when the kind offers updates: why it asks, then the updates. */
function withUpdates(
  why: JSX.Element,
  item: IWorkspaceItem,
  trans: ITrans
): JSX.Element {
  return (
    <div>
      {why}
      <PendingUpdates item={item} trans={trans} />
    </div>
  );
}

/** "x is starting…: its pod is not ready…", said before a restart. */
function NotReady(props: {
  item: IWorkspaceItem;
  trans: ITrans;
  restart: boolean;
}): JSX.Element {
  const { item, trans } = props;
  // the state's name as the badge shows it: lower-casing a translated word is not safe
  const phase = phaseLabel(phaseOf(item), trans);
  return (
    <p>
      {props.restart
        ? trans.__(
            "The state of %1 is %2: its pod is not ready, and Kubernetes does not replace such a pod for a new configuration. Restarting stops the pod and starts a new one with the workspace's current configuration (files in its volumes are kept; the Jupyter server resumes it once its pod is gone).",
            item.name,
            phase
          )
        : trans.__(
            'The state of %1 is %2: its pod is not ready, so Kubernetes leaves it as it is. Choosing the update alone changes the workspace but not its pod, until it is restarted.',
            item.name,
            phase
          )}
    </p>
  );
}

/** Pausing a workspace the kind offers updates for. */
export function stopQuestion(
  item: IWorkspaceItem,
  trans: ITrans
): IUpdateQuestion {
  return {
    title: trans.__('Stop %1', item.name),
    body: withUpdates(
      <p>
        {trans.__(
          'The kind offers updates of options this workspace uses. Apply them now (they take effect when it is started again), or stop it and keep its options as they are.'
        )}
      </p>,
      item,
      trans
    ),
    update: trans.__('Update and stop'),
    updateAria: trans.__('Update and stop %1', item.name),
    plain: trans.__('Stop and defer updates'),
    plainAria: trans.__('Stop and defer updates %1', item.name)
  };
}

/** Resuming a workspace the kind offers updates for. */
export function startQuestion(
  item: IWorkspaceItem,
  trans: ITrans
): IUpdateQuestion {
  return {
    title: trans.__('Start %1', item.name),
    body: withUpdates(
      <p>
        {trans.__(
          'The kind offers updates of options this workspace uses. Start it with them, or with its options as they are.'
        )}
      </p>,
      item,
      trans
    ),
    update: trans.__('Update and start'),
    updateAria: trans.__('Update and start %1', item.name),
    plain: trans.__('Start'),
    plainAria: trans.__('Start %1', item.name)
  };
}

/**
 * Restarting (pause, then resume once paused), with the kind's updates too when it
 * offers any; without them the question is a plain confirmation (`update` unused).
 */
export function restartQuestion(
  item: IWorkspaceItem,
  trans: ITrans
): IUpdateQuestion {
  const why = <NotReady item={item} trans={trans} restart />;
  const plain = {
    plain: trans.__('Restart'),
    plainAria: trans.__('Restart %1', item.name)
  };
  return item.pendingRestart
    ? {
        title: trans.__('Restart %1', item.name),
        body: withUpdates(why, item, trans),
        ...restartWithUpdates(item, trans),
        ...plain
      }
    : {
        title: trans.__('Restart %1?', item.name),
        body: why,
        update: '',
        updateAria: '',
        ...plain
      };
}

/** The button that restarts with the kind's updates, and its accessible name. */
function restartWithUpdates(
  item: IWorkspaceItem,
  trans: ITrans
): Pick<IUpdateQuestion, 'update' | 'updateAria'> {
  return {
    update: trans.__('Update and restart'),
    updateAria: trans.__('Update and restart %1', item.name)
  };
}

/**
 * Applying an update to a workspace whose pod is not ready: saved alone it would not
 * reach the pod; with a restart it does.
 */
export function updateNotReadyQuestion(
  item: IWorkspaceItem,
  target: string,
  trans: ITrans
): IUpdateQuestion {
  return {
    title: trans.__('Update %1 to %2?', item.name, target),
    body: <NotReady item={item} trans={trans} restart={false} />,
    ...restartWithUpdates(item, trans),
    plain: trans.__('Update only'),
    plainAria: trans.__('Update only')
  };
}

async function ask(question: IUpdateQuestion): Promise<UpdateChoice> {
  const answer = await showDialog({
    title: question.title,
    body: question.body,
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({
        label: question.plain,
        ariaLabel: question.plainAria,
        displayType: 'default'
      }),
      Dialog.okButton({
        label: question.update,
        ariaLabel: question.updateAria
      })
    ]
  });
  if (!answer.button.accept) {
    return null;
  }
  return answer.button.label === question.update ? 'update' : 'plain';
}

/** Pausing a workspace the kind offers updates for. */
export function askStop(
  item: IWorkspaceItem,
  trans: ITrans
): Promise<UpdateChoice> {
  return ask(stopQuestion(item, trans));
}

/** Resuming a workspace the kind offers updates for. */
export function askStart(
  item: IWorkspaceItem,
  trans: ITrans
): Promise<UpdateChoice> {
  return ask(startQuestion(item, trans));
}

/** Restarting: with the updates or without when the kind offers any, else confirmed. */
export async function askRestart(
  item: IWorkspaceItem,
  trans: ITrans
): Promise<UpdateChoice> {
  const question = restartQuestion(item, trans);
  if (item.pendingRestart) {
    return ask(question);
  }
  const confirmed = await confirmDanger({
    title: question.title,
    body: question.body,
    label: question.plain,
    ariaLabel: question.plainAria
  });
  return confirmed ? 'plain' : null;
}

/** Applying an update to a workspace whose pod is not ready: save alone, or restart. */
export async function askUpdateNotReady(
  item: IWorkspaceItem,
  target: string,
  trans: ITrans
): Promise<'restart' | 'save' | null> {
  const choice = await ask(updateNotReadyQuestion(item, target, trans));
  return choice === null ? null : choice === 'update' ? 'restart' : 'save';
}
