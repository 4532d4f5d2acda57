/**
 * A run as JupyterLab's notification centre shows it: going (with its progress in
 * steps), or over (how, in how long, and why it failed). Pure, tested by
 * `runNotice.test.ts`.
 */
import { ITrans } from '../trans';
import { IRun, isActive } from './types';

export type RunNoticeType = 'in-progress' | 'success' | 'warning' | 'error';

export interface IRunNotice {
  message: string;
  type: RunNoticeType;
  /** 0 to 1 while the run goes and its steps say how far it is. */
  progress?: number;
}

/** Notifications cut a message at 140 characters: the reason's start is what fits. */
const REASON_CHARS = 80;

function shorten(text: string, chars: number): string {
  const line = text.trim().split('\n')[0];
  return line.length > chars ? `${line.slice(0, chars - 1)}…` : line;
}

/** Steps that are over: ran, reused (CACHED) or not needed (SKIPPED), or failed. */
function stepsOver(run: IRun): number {
  return run.steps.filter(
    step => step.status !== 'PENDING' && step.status !== 'RUNNING'
  ).length;
}

export function runNotice(run: IRun, label: string, trans: ITrans): IRunNotice {
  const where =
    run.mode === 'local' ? trans.__('local run') : trans.__('Kubeflow run');
  if (isActive(run.status)) {
    // A Kubeflow run may report no step states yet: then no step count.
    const counted =
      run.steps.length > 0 &&
      (run.mode === 'local' || run.steps.some(s => s.status !== 'PENDING'));
    if (!counted) {
      return {
        message: trans.__('%1: %2 %3…', label, where, run.status.toLowerCase()),
        type: 'in-progress'
      };
    }
    const over = stepsOver(run);
    return {
      message: trans.__(
        '%1: %2, %3 of %4 steps done…',
        label,
        where,
        over,
        run.steps.length
      ),
      type: 'in-progress',
      progress: over / run.steps.length
    };
  }
  const seconds =
    run.finished !== null ? Math.max(0, run.finished - run.created) : null;
  const took = seconds !== null ? trans.__(' in %1 s', seconds.toFixed(1)) : '';
  switch (run.status) {
    case 'SUCCEEDED':
      return {
        message: trans.__('%1: %2 succeeded%3.', label, where, took),
        type: 'success'
      };
    case 'CANCELLED':
      return {
        message: trans.__('%1: %2 cancelled.', label, where),
        type: 'warning'
      };
    default: {
      const failed = run.steps.find(step => step.status === 'FAILED');
      const reason = run.error ? `: ${shorten(run.error, REASON_CHARS)}` : '.';
      return {
        message: failed
          ? trans.__(
              '%1: %2 failed at step %3%4',
              label,
              where,
              failed.name,
              reason
            )
          : trans.__('%1: %2 failed%3', label, where, reason),
        type: 'error'
      };
    }
  }
}
