/**
 * The experiment of a Kubeflow run or recurring run: a native <select> of the target
 * namespace's experiments (listed again when the host or namespace changes) beside the
 * name itself, which may be new (the server creates it on submit, as KFP's client's
 * `create_experiment` does when none has that name). While the list loads, or when KFP
 * cannot be reached, the field still takes a typed name; the line under it says which.
 */
import React from 'react';

import { useTrans } from '../trans';
import * as client from './client';
import {
  ExperimentsListing,
  experimentsHint,
  findExperiment
} from './experiments';
import { describeError } from './text';

/** Typing a host or namespace lists again only once the typing pauses. */
const LIST_DELAY_MS = 300;
const NEW = '';

export function ExperimentChooser(props: {
  /** The KFP host typed; undefined: the server's configured endpoint. */
  host: string | undefined;
  namespace: string;
  /** The namespace the server uses when `namespace` is empty (for the hint). */
  namespaceHint?: string;
  value: string;
  onChange: (name: string) => void;
  /** Field names, distinct where two choosers share a page. */
  name?: string;
}): JSX.Element {
  const { host, namespace, value, onChange } = props;
  const trans = useTrans();
  const name = props.name ?? 'experiment';
  const [listing, setListing] = React.useState<ExperimentsListing>({
    kind: host?.trim() === '' ? 'no-host' : 'loading'
  });
  const input = React.useRef<HTMLInputElement>(null);

  React.useEffect(() => {
    const target = { host: host?.trim(), namespace: namespace.trim() };
    if (target.host === '') {
      setListing({ kind: 'no-host' });
      return;
    }
    setListing({ kind: 'loading' });
    let current = true; // an answer for an earlier host or namespace is dropped
    const timer = window.setTimeout(() => {
      client.experiments(target).then(
        experiments => current && setListing({ kind: 'loaded', experiments }),
        error =>
          current &&
          setListing({ kind: 'error', message: describeError(error) })
      );
    }, LIST_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [host, namespace]);

  const experiments = listing.kind === 'loaded' ? listing.experiments : [];
  const chosen = findExperiment(experiments, value);
  const shownNamespace = namespace.trim() || props.namespaceHint || '';
  const hintId = `jp-kubeflow-${name}-hint`;
  return (
    <div className="jp-kubeflow-field jp-kubeflow-experiment">
      <label htmlFor={`jp-kubeflow-${name}`}>{trans.__('Experiment')}</label>
      <div className="jp-kubeflow-experiment-row">
        <select
          className="jp-mod-styled"
          name={`${name}-choice`}
          aria-label={trans.__('Experiments of the namespace')}
          aria-describedby={hintId}
          disabled={experiments.length === 0}
          value={chosen ? chosen.name : NEW}
          onChange={e => {
            onChange(e.target.value);
            if (e.target.value === NEW) {
              input.current?.focus();
            }
          }}
        >
          <option value={NEW}>{trans.__('New experiment…')}</option>
          {experiments.map(experiment => (
            <option key={experiment.id} value={experiment.name}>
              {experiment.archived
                ? trans.__('%1 (archived)', experiment.name)
                : experiment.name}
            </option>
          ))}
        </select>
        <input
          ref={input}
          id={`jp-kubeflow-${name}`}
          className="jp-mod-styled"
          type="text"
          name={name}
          placeholder={trans.__('Default')}
          maxLength={128}
          aria-describedby={hintId}
          value={value}
          onChange={e => onChange(e.target.value)}
        />
      </div>
      <p
        id={hintId}
        className="jp-kubeflow-hint"
        role="status"
        data-experiments={listing.kind}
      >
        {experimentsHint(listing, value, shownNamespace, trans)}
      </p>
    </div>
  );
}
