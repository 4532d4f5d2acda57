/**
 * Runs in JupyterLab's notification centre: a run started from a pipeline view (local,
 * or submitted to Kubeflow) shows its progress there and ends there, with actions to
 * show the run and, for Kubeflow, to open it in Kubeflow's UI.
 *
 * While a view shows the run, the notification reads the view's answers (one poll per
 * period, not two: a Kubeflow run's poll reaches the KFP API). When no view shows it
 * (closed, or showing another run), the notifier asks the server itself, so closing the
 * view does not lose the news.
 */
import { Notification } from '@jupyterlab/apputils';
import { ISignal } from '@lumino/signaling';

import { ITrans } from '../trans';
import * as client from './client';
import { RunPoller } from './poller';
import { runNotice } from './runNotice';
import { pipelinesSettings } from './settings';
import { IRun, isActive } from './types';

/** What the notifier reads of a pipeline view's model. */
export interface IRunSource {
  readonly run: IRun | null;
  readonly changed: ISignal<IRunSource, void>;
}

export interface IRunNotifierOptions {
  trans: ITrans;
  /** Show the run in its pipeline view (opening the view again when it was closed). */
  showRun: (run: IRun) => void;
}

/** How long a finished run's toast stays on screen (it stays in the centre). */
const DONE_TOAST_MS = 8000;
/** Failed polls in a row after which the notification says it lost track. */
const MAX_FAILURES = 10;

interface IFollowed {
  notification: string;
  label: string;
  last: IRun;
  /** The view whose answers it reads, or null when it polls itself. */
  source: IRunSource | null;
  poller: RunPoller | null;
}

export class RunNotifier {
  constructor(private readonly _options: IRunNotifierOptions) {}

  /** A view's model: its answers about a followed run stand for the notifier's polls. */
  attach(source: IRunSource): void {
    source.changed.connect(this._onSourceChanged, this);
  }

  /** The view is gone: the runs it showed are polled by the notifier from now on. */
  detach(source: IRunSource): void {
    source.changed.disconnect(this._onSourceChanged, this);
    for (const followed of this._runs.values()) {
      if (followed.source === source) {
        this._poll(followed);
      }
    }
  }

  /** Follow a run just started (by `source`, when given): one notification to its end. */
  follow(run: IRun, label: string, source?: IRunSource): void {
    if (this._runs.has(run.id)) {
      return;
    }
    const first = runNotice(run, label, this._options.trans);
    const followed: IFollowed = {
      notification: Notification.emit(first.message, 'in-progress', {
        autoClose: false,
        progress: first.progress
      }),
      label,
      last: run,
      source: null,
      poller: null
    };
    this._runs.set(run.id, followed);
    if (source && source.run?.id === run.id) {
      followed.source = source;
    } else {
      this._poll(followed);
    }
  }

  dispose(): void {
    for (const followed of this._runs.values()) {
      followed.poller?.dispose();
    }
    this._runs.clear();
  }

  private _onSourceChanged(source: IRunSource): void {
    const shown = source.run;
    for (const followed of this._runs.values()) {
      if (shown && followed.last.id === shown.id) {
        // This view shows the run (it may have been closed and opened again).
        followed.poller?.dispose();
        followed.poller = null;
        followed.source = source;
        this._update(followed, shown);
      } else if (followed.source === source) {
        // The view moved to another run: keep following this one here.
        this._poll(followed);
      }
    }
  }

  /** Ask the server about the run every period, until it is over. */
  private _poll(followed: IFollowed): void {
    followed.source = null;
    followed.poller?.dispose();
    let failures = 0;
    const trans = this._options.trans;
    const poller = new RunPoller({
      fetchRun: client.getRun,
      onUpdate: run => {
        failures = 0;
        this._update(followed, run);
      },
      onError: () => {
        failures += 1;
        if (failures >= MAX_FAILURES) {
          // The poller gives up after this many failures in a row.
          this._runs.delete(followed.last.id);
          Notification.update({
            id: followed.notification,
            message: trans.__(
              '%1: lost track of the run (the server does not answer).',
              followed.label
            ),
            type: 'warning',
            autoClose: false,
            actions: this._actions(followed.last)
          });
        }
      },
      maxFailures: MAX_FAILURES,
      // Read at each poll, so a new refresh period applies at once.
      get intervalMs() {
        return pipelinesSettings.current.runRefreshSeconds * 1000;
      }
    });
    followed.poller = poller;
    poller.follow(followed.last);
  }

  private _update(followed: IFollowed, run: IRun): void {
    if (!this._runs.has(run.id)) {
      return; // already over (a view may still report it)
    }
    followed.last = run;
    const notice = runNotice(run, followed.label, this._options.trans);
    const over = !isActive(run.status);
    if (over) {
      followed.poller?.dispose();
      this._runs.delete(run.id);
    }
    Notification.update({
      id: followed.notification,
      message: notice.message,
      type: notice.type,
      progress: notice.progress,
      // A failure waits for the person; a success leaves the screen by itself.
      autoClose: over && notice.type === 'success' ? DONE_TOAST_MS : false,
      actions: over ? this._actions(run) : undefined
    });
  }

  private _actions(run: IRun): Notification.IAction[] {
    const trans = this._options.trans;
    const actions: Notification.IAction[] = [
      {
        label: trans.__('Show run'),
        caption: trans.__('Show this run in its pipeline view'),
        callback: () => this._options.showRun(run)
      }
    ];
    if (run.url) {
      const url = run.url;
      actions.push({
        label: trans.__('Open in Kubeflow'),
        caption: url,
        displayType: 'link',
        callback: () => void window.open(url, '_blank', 'noopener,noreferrer')
      });
    }
    return actions;
  }

  private _runs = new Map<string, IFollowed>();
}
