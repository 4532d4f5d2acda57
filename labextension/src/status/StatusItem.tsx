/**
 * The status-bar item ("Kubeflow: local runs only | embedded registry | no cluster")
 * and the details it opens: a button, so it is reached with the keyboard too.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';

import { kubeflowIcon } from '../icons';
import { ConnectionModel } from './model';
import { ITrans } from '../trans';
import { detailSections, summarize } from './summary';

export class ConnectionStatusItem extends ReactWidget {
  constructor(
    private readonly _model: ConnectionModel,
    private readonly _trans: ITrans,
    private readonly _onOpen: () => void
  ) {
    super();
    this.addClass('jp-kubeflow-StatusItem');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.changed}>{() => this._button()}</UseSignal>
    );
  }

  private _button(): JSX.Element {
    const { status, error } = this._model;
    const trans = this._trans;
    const summary = status ? summarize(status, trans) : null;
    const text =
      summary?.text ??
      (error
        ? trans.__('Kubeflow: the server does not answer')
        : trans.__('Kubeflow: asking the server…'));
    const problem = Boolean(error) || Boolean(summary?.problem);
    return (
      <button
        type="button"
        className={`jp-kubeflow-StatusItem-button${problem ? ' jp-mod-warn' : ''}`}
        title={summary?.title ?? error ?? undefined}
        data-problem={problem ? 'true' : 'false'}
        onClick={this._onOpen}
      >
        <kubeflowIcon.react
          tag="span"
          className="jp-kubeflow-StatusItem-icon"
        />
        <span className="jp-kubeflow-StatusItem-text">{text}</span>
      </button>
    );
  }
}

/** The details dialog's body: each part, what it is, whether it answers, and why not. */
export class ConnectionDetails extends ReactWidget {
  constructor(
    private readonly _model: ConnectionModel,
    private readonly _trans: ITrans
  ) {
    super();
    this.addClass('jp-kubeflow-ConnectionDetails');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._model.changed}>
        {() => this._details()}
      </UseSignal>
    );
  }

  private _details(): JSX.Element {
    const { status, error, loading } = this._model;
    const trans = this._trans;
    return (
      <div aria-busy={loading}>
        {error ? (
          <p className="jp-kubeflow-ConnectionDetails-problem" role="alert">
            {trans.__('Cannot ask the Jupyter server: %1', error)}
          </p>
        ) : null}
        {status
          ? detailSections(status, trans).map(section => (
              <section
                key={section.id}
                data-part={section.id}
                aria-label={section.title}
              >
                <h3>{section.title}</h3>
                <dl>
                  {section.rows.map(([label, value]) => (
                    <React.Fragment key={label}>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </React.Fragment>
                  ))}
                </dl>
                {section.problem ? (
                  <p
                    className="jp-kubeflow-ConnectionDetails-problem"
                    role="alert"
                  >
                    {section.problem}
                  </p>
                ) : null}
              </section>
            ))
          : null}
        <p className="jp-kubeflow-ConnectionDetails-footer">
          {status?.version
            ? trans.__('jupyter-kubeflow %1. ', status.version)
            : ''}
          {trans.__(
            'Configured on the server (KubeflowExtension traitlets and environment variables); tokens never leave it.'
          )}{' '}
          <button
            type="button"
            className="jp-mod-styled"
            disabled={loading}
            onClick={() => void this._model.refresh()}
          >
            {loading ? trans.__('Asking…') : trans.__('Refresh')}
          </button>
        </p>
      </div>
    );
  }
}
