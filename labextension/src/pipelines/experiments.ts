/**
 * What the experiment chooser says and selects, kept pure so it is tested without a
 * server (experiments.test.ts): which listed experiment a typed name is, and the line
 * under the field for each state of the listing.
 */
import { ITrans } from '../trans';
import { IExperiment } from './types';

/** The listing of a namespace's experiments, as the chooser knows it. */
export type ExperimentsListing =
  | { kind: 'no-host' }
  | { kind: 'loading' }
  | { kind: 'loaded'; experiments: IExperiment[] }
  | { kind: 'error'; message: string };

/** The listed experiment the typed name names (KFP's names are exact), else null. */
export function findExperiment(
  experiments: IExperiment[],
  typed: string
): IExperiment | null {
  const name = typed.trim();
  return name ? (experiments.find(e => e.name === name) ?? null) : null;
}

/**
 * The line under the experiment field. A listing that failed never blocks: the typed
 * name is still sent, and the server finds or creates it as KFP's client does.
 */
export function experimentsHint(
  listing: ExperimentsListing,
  typed: string,
  namespace: string,
  trans: ITrans
): string {
  const where = namespace
    ? trans.__('namespace %1', namespace)
    : trans.__('this Kubeflow Pipelines');
  const name = typed.trim();
  switch (listing.kind) {
    case 'no-host':
      return trans.__(
        'Type the Kubeflow Pipelines host to list its experiments.'
      );
    case 'loading':
      return trans.__('Listing the experiments of %1…', where);
    case 'error':
      return trans.__(
        'Could not list the experiments of %1: %2 The name typed is still used (created if absent).',
        where,
        // one sentence, ended, whatever the server's message ends with
        listing.message.replace(/[\s.]*$/, '.')
      );
    case 'loaded': {
      const found = findExperiment(listing.experiments, name);
      if (found) {
        return found.archived
          ? trans.__('%1 is an archived experiment of %2.', found.name, where)
          : trans.__(
              'Runs go into the experiment %1 of %2.',
              found.name,
              where
            );
      }
      if (name) {
        return trans.__(
          'New experiment: %1 is created in %2 on submit.',
          name,
          where
        );
      }
      if (listing.experiments.length === 0) {
        return trans.__(
          'No experiments in %1 yet: type a name (empty: the notebook’s experiment, else Default).',
          where
        );
      }
      return trans._n(
        'Choose the experiment of %2, or type a new name (empty: the notebook’s experiment, else Default).',
        'Choose one of the %1 experiments of %2, or type a new name (empty: the notebook’s experiment, else Default).',
        listing.experiments.length,
        where
      );
    }
  }
}
