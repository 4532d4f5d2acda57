/**
 * Command ids, the colour of a state badge, and what a person may do in each phase of a
 * workspace's lifecycle as the Notebooks controller runs it. Pure: no JupyterLab imports
 * (unit-tested in state.test.ts).
 */
import type {
  IKindOption,
  IKindOptions,
  IWorkspaceItem,
  IWorkspaceKind
} from './types';
import { ITrans, Message, plainTrans } from '../trans';

/**
 * The namespace picker's "All namespaces" value: not a valid namespace name (DNS-1123
 * labels have no '*'), so it can never be taken for one.
 */
export const ALL_NAMESPACES = '*';

/** A workspace's identity across namespaces. */
export function itemKey(item: { namespace: string; name: string }): string {
  return `${item.namespace}/${item.name}`;
}

export const COMMAND_IDS = {
  open: 'kubeflow:open-workspaces',
  pause: 'kubeflow:workspace-pause',
  resume: 'kubeflow:workspace-resume',
  delete: 'kubeflow:workspace-delete',
  create: 'kubeflow:workspace-create',
  edit: 'kubeflow:workspace-edit',
  connect: 'kubeflow:workspace-connect',
  applyRedirect: 'kubeflow:workspace-apply-redirect',
  restart: 'kubeflow:workspace-restart',
  logs: 'kubeflow:workspace-logs',
  kinds: 'kubeflow:open-workspace-kinds'
};

/** What each phase of the controller is to the panel. */
interface IPhase {
  /** The badge colour class (Running green, Paused grey, ...). */
  badge: string;
  /** Its name: the state filter's choice, a kind's list of workspaces. */
  name: Message;
  /** The badge text where it is not the name: a transition reads as one ("Pausing…"). */
  label?: Message;
}

const PHASES: Record<string, IPhase> = {
  Running: { badge: 'jp-mod-running', name: trans => trans.__('Running') },
  Starting: {
    badge: 'jp-mod-pending',
    name: trans => trans.__('Starting'),
    label: trans => trans.__('Starting…')
  },
  Pausing: {
    badge: 'jp-mod-pending',
    name: trans => trans.__('Pausing'),
    label: trans => trans.__('Pausing…')
  },
  Paused: { badge: 'jp-mod-paused', name: trans => trans.__('Paused') },
  Restarting: {
    badge: 'jp-mod-pending',
    name: trans => trans.__('Restarting'),
    label: trans => trans.__('Restarting…')
  },
  Pending: { badge: 'jp-mod-pending', name: trans => trans.__('Pending') },
  Terminating: {
    badge: 'jp-mod-pending',
    name: trans => trans.__('Terminating')
  },
  Error: { badge: 'jp-mod-error', name: trans => trans.__('Error') },
  Unknown: { badge: 'jp-mod-unknown', name: trans => trans.__('Unknown') }
};

/**
 * A phase's entry, or undefined for one the controller added after this version (only
 * the table's own keys: a phase is data from the server). No phase reads as Unknown.
 */
function phaseEntry(phase: string): IPhase | undefined {
  const key = phase || 'Unknown';
  return Object.prototype.hasOwnProperty.call(PHASES, key)
    ? PHASES[key]
    : undefined;
}

/** The badge colour class of a state (Running green, Paused grey, ...). */
export function stateClass(state: string): string {
  return phaseEntry(state)?.badge ?? 'jp-mod-unknown';
}

/** The phase of an item (older servers send only the state). */
export function phaseOf(item: IWorkspaceItem): string {
  return item.phase || item.state || 'Unknown';
}

/**
 * The badge text: a transition reads as one ("Pausing…"). `trans` defaults to English
 * for callers not yet translated.
 */
export function phaseLabel(phase: string, trans: ITrans = plainTrans): string {
  return phaseEntry(phase)?.label?.(trans) ?? phaseName(phase, trans);
}

/**
 * A phase's name (the controller's phases, translatable; one it does not know yet is
 * shown as it comes).
 */
export function phaseName(phase: string, trans: ITrans): string {
  return phaseEntry(phase)?.name(trans) ?? phase;
}

export interface IOffered {
  /** Pause, or Resume, or neither (while pausing: upstream answers 409 to both). */
  toggle: 'pause' | 'resume' | null;
  /** Why Connect is not possible now, or undefined when it is. */
  connectRefusal?: string;
  /** Said in place of Pause/Resume while neither makes sense. */
  waitNote?: string;
  /**
   * Offer Restart (pause, then resume once paused): its pod is not ready, and the
   * StatefulSet controller will not replace it for a new configuration.
   */
  restart?: boolean;
}

/**
 * What makes sense in each phase, following upstream: pause needs `spec.paused` false;
 * resume needs `spec.paused` true and the state Paused (else 409); Connect needs a
 * running pod.
 */
export function offeredActions(item: IWorkspaceItem, trans: ITrans): IOffered {
  const phase = phaseOf(item);
  const services = item.services ?? [];
  let connectRefusal: string | undefined;
  if (phase !== 'Running') {
    connectRefusal =
      phase === 'Paused'
        ? trans.__('The workspace is paused: resume it first.')
        : trans.__(
            'The workspace is not running (%1).',
            phaseLabel(phase, trans)
          );
  } else if (services.length === 0 && !item.url) {
    connectRefusal = trans.__('No URL is known for this workspace.');
  }
  if (item.restartPending) {
    return {
      toggle: null,
      connectRefusal,
      waitNote: trans.__(
        'Restarting: the pod is being stopped; the Jupyter server resumes the workspace once it has paused.'
      )
    };
  }
  if (phase === 'Pausing') {
    return {
      toggle: null,
      connectRefusal,
      waitNote: trans.__(
        'Pausing: the pod is being stopped. Resume is possible once it has paused.'
      )
    };
  }
  if (item.paused) {
    return { toggle: 'resume', connectRefusal };
  }
  return {
    toggle: 'pause',
    connectRefusal,
    restart: item.changesApply === 'restart'
  };
}

/** "3 min", "2 h", "1 day": a duration in words, for activity and auto-pause. */
export function durationWords(seconds: number, trans: ITrans): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) {
    return trans.__('%1 s', s);
  }
  if (s < 90 * 60) {
    return trans.__('%1 min', Math.round(s / 60));
  }
  if (s < 36 * 3600) {
    return trans.__('%1 h', Math.round(s / 3600));
  }
  const days = Math.round(s / 86400);
  return trans._n('%1 day', '%1 days', days);
}

/**
 * Why a workspace is paused or when it will be, from the controller's activity status
 * (the activity rules of its kind), or null when there is nothing to say: whole
 * sentences, each translated alone.
 */
export function autoPauseNote(
  item: IWorkspaceItem,
  trans: ITrans,
  now: number = Date.now()
): string | null {
  const activity = item.activity;
  if (!activity) {
    return null;
  }
  const when = (ms: number) => new Date(ms).toLocaleString();
  const idle =
    activity.idleLimitSeconds !== null
      ? trans.__(
          'The idle limit is %1.',
          durationWords(activity.idleLimitSeconds, trans)
        )
      : null;
  const sentences = (...all: (string | null)[]) =>
    all.filter(Boolean).join(' ');
  if (item.paused && activity.autoPaused) {
    return sentences(
      activity.lastActivity
        ? trans.__(
            'Paused automatically for inactivity: no activity since %1.',
            when(activity.lastActivity)
          )
        : trans.__('Paused automatically for inactivity.'),
      idle,
      trans.__('Resume it to continue.')
    );
  }
  if (!item.paused && activity.pauseEligibleAfter) {
    const interval = activity.probe?.probeIntervalSeconds;
    // autoPauseAt (newer servers): the probe that would pause it, not only eligibility.
    const due = activity.autoPauseAt
      ? trans.__(
          'Auto-pause: paused at about %1 (%2) if still idle.',
          when(activity.autoPauseAt),
          relativeTime(activity.autoPauseAt, trans, now)
        )
      : activity.pauseEligibleAfter <= now
        ? trans.__('Auto-pause: may be paused at the next activity check.')
        : trans.__(
            'Auto-pause: will be paused if idle after %1.',
            when(activity.pauseEligibleAfter)
          );
    return sentences(
      activity.lastActivity
        ? trans.__('Last activity %1.', when(activity.lastActivity))
        : null,
      due,
      interval
        ? trans.__(
            'Activity is checked every %1.',
            durationWords(interval, trans)
          )
        : null,
      idle
    );
  }
  return null;
}

/** An API error saying the Notebooks controller (its admission webhook) is unreachable. */
export function isControllerDown(error: unknown): boolean {
  const details = (error as { details?: Record<string, unknown> } | null)
    ?.details;
  return details?.controller === 'unreachable';
}

/** "5 min ago", "in 2 h": a time relative to now. */
export function relativeTime(
  ms: number,
  trans: ITrans,
  now: number = Date.now()
): string {
  const seconds = (now - ms) / 1000;
  return seconds >= 0
    ? trans.__('%1 ago', durationWords(seconds, trans))
    : trans.__('in %1', durationWords(-seconds, trans));
}

/** One line of the card's activity section. */
export interface IActivityLine {
  key: 'lastActivity' | 'lastProbe';
  label: string;
  text: string;
  /** The absolute time, for a tooltip. */
  title?: string;
  /** A failed probe is shown as a warning. */
  warn?: boolean;
}

/**
 * What the controller's activity probe last saw: last activity and the last probe's
 * result and when (auto-pause is said by autoPauseNote). Empty when the server sends no
 * activity (older servers, or a kind without culling).
 */
export function activityLines(
  item: IWorkspaceItem,
  trans: ITrans,
  now: number = Date.now()
): IActivityLine[] {
  const activity = item.activity;
  if (!activity) {
    return [];
  }
  const at = (ms: number) => new Date(ms).toLocaleString();
  const lines: IActivityLine[] = [];
  if (activity.lastActivity) {
    lines.push({
      key: 'lastActivity',
      label: trans.__('Last activity'),
      text: relativeTime(activity.lastActivity, trans, now),
      title: at(activity.lastActivity)
    });
  }
  const probe = activity.lastProbe;
  if (probe && probe.result) {
    // The result and message are the controller's words (data), the time ours.
    const when = probe.endTime
      ? `, ${relativeTime(probe.endTime, trans, now)}`
      : '';
    const message = probe.message ? `: ${probe.message}` : '';
    lines.push({
      key: 'lastProbe',
      label: trans.__('Last probe'),
      text: `${probe.result}${when}${message}`,
      title: probe.endTime ? at(probe.endTime) : undefined,
      warn: !/^success/i.test(probe.result)
    });
  }
  return lines;
}

/** True when the namespace the kind was listed for may not use this kind or option. */
export function isDenied(thing?: {
  restrictions?: { deny: boolean } | null;
}): boolean {
  return thing?.restrictions?.deny === true;
}

/**
 * Why an option or kind is refused for the namespace, for the picker and its help (the
 * kind's own message when it has one). `trans` defaults to English for callers not yet
 * translated.
 */
export function denyNote(
  thing: { restrictions?: IKindOption['restrictions'] },
  namespace: string,
  trans: ITrans = plainTrans
): string {
  const text = thing.restrictions?.denyMessage?.text;
  return text || trans.__('Not allowed in %1.', namespace);
}

/** "3 workspaces" beside an option, when the server counted them. */
export function usageNote(
  option: IKindOption,
  trans: ITrans = plainTrans
): string {
  const count = option.workspacesCount;
  if (typeof count !== 'number') {
    return '';
  }
  return trans._n('%1 workspace', '%1 workspaces', count);
}

function withoutDeniedOptions(options: IKindOptions): IKindOptions {
  return {
    ...options,
    options: options.options.map(option =>
      isDenied(option) ? { ...option, hidden: true } : option
    )
  };
}

/**
 * The kind with its denied options hidden, so a new form never preselects one (the
 * pickers still list them, disabled, with the reason).
 */
export function withoutDenied(
  kind: IWorkspaceKind | undefined
): IWorkspaceKind | undefined {
  if (!kind) {
    return kind;
  }
  return {
    ...kind,
    imageConfig: withoutDeniedOptions(kind.imageConfig),
    podConfig: withoutDeniedOptions(kind.podConfig)
  };
}
