/** Runs for the unit tests: a finished-or-not local run with nothing in it but `fields`. */
import { IRun } from './types';

export function makeRun(fields: Partial<IRun> = {}): IRun {
  return {
    id: 'r',
    mode: 'local',
    notebook: 'n.ipynb',
    pipeline: 'n',
    status: 'SUCCEEDED',
    created: 0,
    finished: null,
    parameters: {},
    steps: [],
    metrics: {},
    log_tail: '',
    error: null,
    url: null,
    kfp_run_id: null,
    outputs: [],
    ...fields
  };
}
