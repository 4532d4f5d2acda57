/**
 * The state of one pipeline view: the compiled analysis, the parameter form, the run
 * being followed. The React view renders it and re-renders on `changed`.
 */
import { ISignal, Signal } from '@lumino/signaling';

import * as client from './client';
import { IGraphFocus } from './viewport';
import { checkParameters, defaultTexts, IFormCheck } from './parameters';
import { RunPoller } from './poller';
import { runRequest } from './request';
import { pipelinesSettings } from './settings';
import { describeError } from './text';
import {
  IAnalysis,
  IKfpTarget,
  IPipelinesStatus,
  IRun,
  IRunOptions,
  isActive,
  KfpRunAction,
  RunMode,
  SplitMode
} from './types';
import { ITrans, plainTrans } from '../trans';

export class PipelineModel {
  constructor(
    readonly notebookPath: string,
    split?: SplitMode,
    private readonly _trans: ITrans = plainTrans
  ) {
    this._split = split;
    this._poller = new RunPoller({
      fetchRun: client.getRun,
      onUpdate: run => {
        this._run = run;
        this._pollError = null;
        this._changed.emit();
        this._noteInRuns(run);
      },
      onError: error => {
        this._pollError = this._trans.__(
          'Lost track of the run: %1',
          describeError(error)
        );
        this._changed.emit();
      },
      // Read at each poll, so a new refresh period applies to the run being followed.
      get intervalMs() {
        return pipelinesSettings.current.runRefreshSeconds * 1000;
      }
    });
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** A run this view started (local or on Kubeflow), as the server first answered. */
  get runStarted(): ISignal<this, IRun> {
    return this._runStarted;
  }

  get analysis(): IAnalysis | null {
    return this._analysis;
  }

  /** The compiled `<stem>.pipeline.yaml`, relative to the server root. */
  get pipelineFile(): string | null {
    return this._pipelineFile;
  }

  get texts(): Readonly<Record<string, string>> {
    return this._texts;
  }

  get check(): IFormCheck {
    return checkParameters(this._analysis?.parameters ?? [], this._texts);
  }

  get run(): IRun | null {
    return this._run;
  }

  /** What went wrong with the last action (start, submit, cancel, follow). */
  get error(): string | null {
    return this._actionError ?? this._pollError;
  }

  get starting(): boolean {
    return this._starting;
  }

  get running(): boolean {
    return this._run !== null && isActive(this._run.status);
  }

  /**
   * A local run is going: one at a time per notebook (they share its folder and the
   * step cache). A Kubeflow run going does not hold the view: KFP runs many at once, and
   * a run of hours (or of a KFP no longer reachable) must not keep the user waiting.
   */
  get runningLocally(): boolean {
    return this.running && this._run!.mode === 'local';
  }

  get status(): IPipelinesStatus | null {
    return this._status;
  }

  /** The step selected in the graph and the table. */
  get selected(): string | null {
    return this._selected;
  }

  /** A request to centre the graph on a step (a new token for each request). */
  get focus(): IGraphFocus | null {
    return this._focus;
  }

  /** Select a step (null: none); `focus` also centres the graph on it. */
  select(step: string | null, focus = false): void {
    this._selected = step;
    if (focus && step) {
      this._focus = { step, token: (this._focus?.token ?? 0) + 1 };
    }
    this._changed.emit();
  }

  /** The notebook's runs known to the server, newest first (null: not loaded yet). */
  get runs(): IRun[] | null {
    return this._runs;
  }

  /** Ask the server for the notebook's runs again. */
  async refreshRuns(): Promise<void> {
    try {
      const runs = await client.listRuns(this.notebookPath);
      if (this._disposed) {
        return;
      }
      this._runs = runs.filter(run => run.notebook === this.notebookPath);
      this._runsError = null;
    } catch (error) {
      this._runsError = this._trans.__(
        'Could not list the runs: %1',
        describeError(error)
      );
    }
    if (!this._disposed) {
      this._changed.emit();
    }
  }

  get runsError(): string | null {
    return this._runsError;
  }

  /** Show a run of the list (its log, metrics, outputs); follow it if it is going. */
  showRun(run: IRun): void {
    if (this._run?.id === run.id) {
      return;
    }
    this._actionError = null;
    this._poller.follow(run);
  }

  /** A run deleted on the server: out of the panel and the list. */
  forgetRun(run: IRun): void {
    if (this._run?.id === run.id) {
      this._poller.stop();
      this._run = null;
    }
    this._runs = this._runs?.filter(r => r.id !== run.id) ?? null;
    this._changed.emit();
    void this.refreshRuns();
  }

  /** Keep the list in step with the run followed: a new or finished run updates it. */
  private _noteInRuns(run: IRun): void {
    if (this._runs === null) {
      return;
    }
    const known = this._runs.find(r => r.id === run.id);
    if (!known || (known.status !== run.status && !isActive(run.status))) {
      void this.refreshRuns();
    }
  }

  /**
   * Show an analysis and the pipeline file written for it (null when only analysed);
   * edited parameter texts survive a re-compile.
   */
  load(analysis: IAnalysis, pipelineFile: string | null): void {
    this._analysis = analysis;
    this._pipelineFile = pipelineFile ?? this._pipelineFile;
    this._texts = {
      ...defaultTexts(analysis.parameters),
      ...Object.fromEntries(
        Object.entries(this._texts).filter(([name]) =>
          analysis.parameters.some(p => p.name === name)
        )
      )
    };
    this._changed.emit();
  }

  /** The split asked for; undefined lets the server choose (tags if any, else single). */
  get split(): SplitMode | undefined {
    return this._split;
  }

  get compiling(): boolean {
    return this._compiling;
  }

  /** Convert again, cut another way; runs then use the same split. */
  async recompile(split: SplitMode | undefined): Promise<void> {
    this._compiling = true;
    this._actionError = null;
    this._changed.emit();
    try {
      const result = await client.compile(this.notebookPath, split);
      if (this._disposed) {
        return;
      }
      this._split = split;
      this.load(result.analysis, result.pipeline);
    } catch (error) {
      this._actionError = describeError(error);
    } finally {
      this._compiling = false;
      if (!this._disposed) {
        this._changed.emit();
      }
    }
  }

  setText(name: string, text: string): void {
    this._texts = { ...this._texts, [name]: text };
    this._changed.emit();
  }

  resetParameters(): void {
    this._texts = defaultTexts(this._analysis?.parameters ?? []);
    this._changed.emit();
  }

  async loadStatus(): Promise<void> {
    try {
      this._status = await client.pipelinesStatus();
    } catch {
      this._status = {
        kfp_host: '',
        connected: false,
        base_image: '',
        namespace: '',
        namespace_from: '',
        multi_user: null
      };
    }
    this._changed.emit();
  }

  /**
   * Show the notebook's latest run, if any (say, one still going when its view was
   * closed), and follow it while it is active. A run started meanwhile wins.
   */
  async resumeLatestRun(): Promise<void> {
    let runs: IRun[];
    try {
      runs = await client.listRuns(this.notebookPath);
    } catch {
      return; // Nothing to resume is not an error worth showing.
    }
    const mine = runs.filter(run => run.notebook === this.notebookPath);
    if (!this._disposed) {
      this._runs = mine;
      this._changed.emit();
    }
    const latest = mine[0];
    if (latest && !this._run && !this._starting && !this._disposed) {
      this._poller.follow(latest);
    }
  }

  /**
   * Start a run with the form's values; false (and `error` set) when it could not.
   * `options.cache` false runs every step again; `options.fromStep` runs a local run
   * from that step on (the server says, 409, when no earlier run has what it needs).
   */
  async start(mode: RunMode, options: IRunOptions = {}): Promise<boolean> {
    const check = this.check;
    if (Object.keys(check.errors).length > 0) {
      this._actionError = Object.values(check.errors).join('; ');
      this._changed.emit();
      return false;
    }
    this._starting = true;
    this._actionError = null;
    this._changed.emit();
    try {
      const run = await client.startRun(
        runRequest(this.notebookPath, mode, check.values, this._split, options)
      );
      if (this._disposed) {
        return false;
      }
      this._poller.follow(run);
      this._runStarted.emit(run);
      return true;
    } catch (error) {
      this._actionError = describeError(error);
      return false;
    } finally {
      this._starting = false;
      if (!this._disposed) {
        this._changed.emit();
      }
    }
  }

  async cancel(): Promise<void> {
    if (!this._run) {
      return;
    }
    try {
      this._poller.follow(await client.cancelRun(this._run.id));
    } catch (error) {
      this._actionError = describeError(error);
      this._changed.emit();
    }
  }

  /** Where Kubeflow calls of the view go: the last submit's host and namespace. */
  get kfpTarget(): IKfpTarget {
    return this._kfpTarget;
  }

  set kfpTarget(target: IKfpTarget) {
    this._kfpTarget = target;
    this._changed.emit();
  }

  /** Follow a run started elsewhere in the view (a pipeline version's run). */
  followRun(run: IRun): void {
    this._actionError = null;
    this._poller.follow(run);
  }

  /** Retry, archive, unarchive or delete the Kubeflow run shown (terminate is `cancel`). */
  async actOnKubeflowRun(action: KfpRunAction): Promise<void> {
    const run = this._run;
    if (!run) {
      return;
    }
    this._actionError = null;
    try {
      const after = await client.kfpRunAction(run.id, action);
      if (after === null) {
        this.forgetRun(run);
      } else {
        this._poller.follow(after);
      }
    } catch (error) {
      this._actionError = describeError(error);
      this._changed.emit();
    }
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._poller.dispose();
    Signal.clearData(this);
  }

  private _changed = new Signal<this, void>(this);
  private _runStarted = new Signal<this, IRun>(this);
  private _analysis: IAnalysis | null = null;
  private _pipelineFile: string | null = null;
  private _texts: Record<string, string> = {};
  private _run: IRun | null = null;
  private _actionError: string | null = null;
  private _pollError: string | null = null;
  private _starting = false;
  private _compiling = false;
  private _split: SplitMode | undefined = undefined;
  private _status: IPipelinesStatus | null = null;
  private _selected: string | null = null;
  private _focus: IGraphFocus | null = null;
  private _runs: IRun[] | null = null;
  private _runsError: string | null = null;
  private _poller: RunPoller;
  private _disposed = false;
  private _kfpTarget: IKfpTarget = {};
}
