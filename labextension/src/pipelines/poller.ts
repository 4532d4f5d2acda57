/**
 * Follows a run: asks for it about once a second while it is PENDING or RUNNING, reports
 * each answer, and stops when the run is over or the poller is disposed (the view closed).
 * Pure (the fetch and the timer are passed in) so `poller.test.ts` can drive it.
 */
import { IRun, isActive } from './types';

export interface IPollerOptions {
  fetchRun: (id: string) => Promise<IRun>;
  onUpdate: (run: IRun) => void;
  /** Called when a poll fails; polling goes on (a blip must not lose the run). */
  onError?: (error: unknown) => void;
  intervalMs?: number;
  /** Consecutive failures after which the poller gives up. */
  maxFailures?: number;
}

export class RunPoller {
  constructor(private readonly options: IPollerOptions) {}

  /** Follow `run` (replacing any run followed before). */
  follow(run: IRun): void {
    this.stop();
    this._generation += 1;
    this._failures = 0;
    this.options.onUpdate(run);
    if (isActive(run.status)) {
      this.schedule(run.id, this._generation);
    }
  }

  /** True while a poll is scheduled or in flight. */
  get polling(): boolean {
    return this._timer !== null || this._inFlight;
  }

  stop(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    // An answer already in flight is dropped by the generation check.
    this._generation += 1;
  }

  dispose(): void {
    this.stop();
    this._disposed = true;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  private schedule(id: string, generation: number): void {
    if (this._disposed) {
      return;
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      void this.poll(id, generation);
    }, this.options.intervalMs ?? 1000);
  }

  private async poll(id: string, generation: number): Promise<void> {
    this._inFlight = true;
    try {
      const run = await this.options.fetchRun(id);
      if (generation !== this._generation || this._disposed) {
        return;
      }
      this._failures = 0;
      this.options.onUpdate(run);
      if (isActive(run.status)) {
        this.schedule(id, generation);
      }
    } catch (error) {
      if (generation !== this._generation || this._disposed) {
        return;
      }
      this._failures += 1;
      this.options.onError?.(error);
      if (this._failures < (this.options.maxFailures ?? 10)) {
        this.schedule(id, generation);
      }
    } finally {
      this._inFlight = false;
    }
  }

  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _generation = 0;
  private _failures = 0;
  private _inFlight = false;
  private _disposed = false;
}
