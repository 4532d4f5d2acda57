/**
 * What the lab is connected to, asked of `GET /kubeflow/api/status` at start, every
 * `refreshSeconds` (a setting; 0: never by itself) and on request; the status-bar item
 * and the details dialog both render it.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { getStatus } from '../api';
import { IConnectionStatus } from './summary';
import { statusSettings } from './settings';

export class ConnectionModel {
  constructor() {
    statusSettings.changed.connect(this._schedule, this);
  }

  get status(): IConnectionStatus | null {
    return this._status;
  }

  /** Why the server could not be asked (null: it answered). */
  get error(): string | null {
    return this._error;
  }

  get loading(): boolean {
    return this._loading;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Ask the server now; a request already out is shared. */
  refresh(): Promise<void> {
    if (!this._pending) {
      this._loading = true;
      this._changed.emit();
      this._pending = getStatus()
        .then(
          status => {
            this._status = status as IConnectionStatus;
            this._error = null;
          },
          (error: unknown) => {
            this._error =
              error instanceof Error ? error.message : String(error);
          }
        )
        .finally(() => {
          this._pending = null;
          this._loading = false;
          this._schedule();
          this._changed.emit();
        });
    }
    return this._pending;
  }

  dispose(): void {
    window.clearTimeout(this._timer);
    statusSettings.changed.disconnect(this._schedule, this);
  }

  /** The next refresh, one period after the last answer. */
  private _schedule(): void {
    window.clearTimeout(this._timer);
    const seconds = statusSettings.current.refreshSeconds;
    if (seconds > 0 && !this._pending) {
      this._timer = window.setTimeout(
        () => void this.refresh(),
        seconds * 1000
      );
    }
  }

  private _status: IConnectionStatus | null = null;
  private _error: string | null = null;
  private _loading = false;
  private _pending: Promise<void> | null = null;
  private _timer = 0;
  private _changed = new Signal<this, void>(this);
}
