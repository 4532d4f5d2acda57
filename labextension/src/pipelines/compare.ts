/**
 * Runs side by side: what the runs list shows of a run, and the rows comparing two.
 * Pure, unit-tested by `compare.test.ts`.
 */
import { ITrans } from '../trans';
import { IRun, JSONValue } from './types';

/** Seconds from start to end (to now for a run still going); null when unknown. */
export function runSeconds(run: IRun, nowSeconds: number): number | null {
  const end = run.finished ?? nowSeconds;
  const seconds = end - run.created;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

export function formatDuration(seconds: number | null, trans: ITrans): string {
  if (seconds === null) {
    return '–';
  }
  if (seconds < 60) {
    return trans.__('%1 s', seconds.toFixed(1));
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return trans.__('%1 min %2 s', minutes, Math.round(seconds % 60));
  }
  return trans.__('%1 h %2 min', Math.floor(minutes / 60), minutes % 60);
}

export function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

export function formatValue(value: JSONValue | undefined): string {
  return value === undefined ? '–' : JSON.stringify(value);
}

export interface IComparisonRow {
  kind: 'parameter' | 'metric';
  name: string;
  first: string;
  second: string;
  differs: boolean;
  /** second − first, for a metric both runs have. */
  change: number | null;
}

/** Parameters then metrics, each by name, of both runs (a value one run lacks: "–"). */
export function compareRuns(first: IRun, second: IRun): IComparisonRow[] {
  const names = (a: object, b: object) =>
    Array.from(new Set([...Object.keys(a), ...Object.keys(b)])).sort();
  const parameters = names(first.parameters, second.parameters).map(name => {
    const a = formatValue(first.parameters[name]);
    const b = formatValue(second.parameters[name]);
    return {
      kind: 'parameter' as const,
      name,
      first: a,
      second: b,
      differs: a !== b,
      change: null
    };
  });
  const metrics = names(first.metrics, second.metrics).map(name => {
    const a = first.metrics[name];
    const b = second.metrics[name];
    const both = typeof a === 'number' && typeof b === 'number';
    return {
      kind: 'metric' as const,
      name,
      first: typeof a === 'number' ? formatMetric(a) : '–',
      second: typeof b === 'number' ? formatMetric(b) : '–',
      differs: a !== b,
      change: both ? b - a : null
    };
  });
  return [...parameters, ...metrics];
}

/** Toggle a run in a choice of at most two (a third replaces the older choice). */
export function toggleChoice(chosen: string[], id: string): string[] {
  if (chosen.includes(id)) {
    return chosen.filter(c => c !== id);
  }
  return [...chosen, id].slice(-2);
}

/** Seconds between two ISO 8601 times (to `nowSeconds` without an end); null if unknown. */
export function isoSeconds(
  created: string | null,
  finished: string | null,
  nowSeconds: number
): number | null {
  const start = created ? Date.parse(created) / 1000 : NaN;
  const end = finished ? Date.parse(finished) / 1000 : nowSeconds;
  const seconds = end - start;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

/**
 * A Kubeflow run whose metrics and outputs this server has not read yet: the server
 * reads them from KFP's artifact store when the run is asked for once it has ended.
 */
export function needsOutputs(run: IRun): boolean {
  return run.mode === 'kfp' && run.outputs.length === 0 && !run.outputs_where;
}

/**
 * What a comparison cannot show: for each Kubeflow run whose metrics could not be read
 * here, why and where to read them (never an empty row pretending it has none).
 */
export function comparisonNotes(first: IRun, second: IRun): string[] {
  return [first, second]
    .filter(run => run.mode === 'kfp' && run.outputs_where)
    .map(run => `Run ${run.id}: ${run.outputs_where}`);
}
