/**
 * The `POST runs` body the view sends, kept pure so its shape is tested without a server.
 */
import {
  IRunOptions,
  IRunRequest,
  JSONValue,
  RunMode,
  SplitMode
} from './types';

/** The `POST runs` body for a run of `path`; options left out are the server's defaults. */
export function runRequest(
  path: string,
  mode: RunMode,
  parameters: Record<string, JSONValue>,
  split: SplitMode | undefined,
  options: IRunOptions
): IRunRequest {
  return {
    path,
    mode,
    parameters,
    ...(split ? { split } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.experiment ? { experiment: options.experiment } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.fromStep ? { from_step: options.fromStep } : {})
  };
}
