/**
 * The pipeline view in the main area: graph, parameters, steps, warnings, and the run.
 */
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import React from 'react';

import { LinkButton, StyledButton } from './controls';
import { ParameterForm } from './form';
import { PipelineGraph } from './graph';
import { KubeflowPipeline } from './kfppipeline';
import { PipelineModel } from './model';
import { RunPanel } from './runpanel';
import { RunsList } from './runs';
import { cellNumber, cellsLabel, warningText } from './text';
import { IRun, IRunOutput, isActive, IStep, SplitMode } from './types';
import { ITrans, useTrans, withTrans } from '../trans';
import { DataTable } from '../components/DataTable';

function StepTable(props: {
  steps: IStep[];
  /** The server's default image, for steps without an `image:` tag. */
  baseImage: string;
  selected: string | null;
  onSelect: (name: string) => void;
}): JSX.Element {
  const trans = useTrans();
  const entries = (record: Record<string, string>): string =>
    Object.entries(record)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
  return (
    <DataTable
      className="jp-kubeflow-table jp-kubeflow-steps"
      rows={props.steps}
      rowProps={step => ({
        key: step.name,
        'data-step-row': step.name,
        className: props.selected === step.name ? 'jp-mod-selected' : '',
        onClick: () => props.onSelect(step.name)
      })}
      columns={[
        {
          heading: trans.__('Step'),
          cell: step => <th scope="row">{step.name}</th>
        },
        {
          heading: trans.__('Cells'),
          cell: step => (
            <td title={trans.__('Cells of the notebook, counted from 1')}>
              {step.cells.map(cellNumber).join(', ')}
            </td>
          )
        },
        {
          heading: trans.__('Inputs'),
          cell: step => <td>{step.inputs.join(', ')}</td>
        },
        {
          heading: trans.__('Outputs'),
          cell: step => <td>{step.outputs.join(', ')}</td>
        },
        {
          heading: trans.__('Image and limits'),
          cell: step => (
            <td>
              {step.image ?? (
                <span className="jp-kubeflow-muted">
                  {props.baseImage
                    ? trans.__('%1 (default)', props.baseImage)
                    : trans.__('default')}
                </span>
              )}
              {Object.keys(step.limits).length > 0 && (
                <div className="jp-kubeflow-muted">{entries(step.limits)}</div>
              )}
              {step.after.length > 0 && (
                <div className="jp-kubeflow-muted">
                  {trans.__('after %1', step.after.join(', '))}
                </div>
              )}
            </td>
          )
        }
      ]}
    />
  );
}

function StepSource(props: {
  step: IStep;
  onOpen?: (step: string) => void;
  /** Run locally from this step on; undefined while a run cannot start. */
  onRunFrom?: (step: string) => void;
  /** Why running from here is disabled. */
  runFromWhy?: string;
}): JSX.Element {
  const trans = useTrans();
  const { step, onOpen, onRunFrom } = props;
  return (
    <details className="jp-kubeflow-source" open>
      <summary>
        {trans.__('Code of %1 (%2)', step.name, cellsLabel(step.cells, trans))}
      </summary>
      <StyledButton
        className="jp-kubeflow-run-from"
        disabled={!onRunFrom}
        title={
          props.runFromWhy ??
          trans.__(
            'Run %1 and the steps after it here, reusing the outputs earlier runs made for the steps before it',
            step.name
          )
        }
        onClick={() => onRunFrom?.(step.name)}
      >
        {trans.__('Run from here')}
      </StyledButton>
      {onOpen && step.cells.length > 0 && (
        <LinkButton
          className="jp-kubeflow-open-cells"
          onClick={() => onOpen(step.name)}
        >
          {trans.__('Open %1 in the notebook', cellsLabel(step.cells, trans))}
        </LinkButton>
      )}
      <pre>{step.source}</pre>
    </details>
  );
}

export interface IPipelineViewProps {
  model: PipelineModel;
  onSubmit: () => void;
  /** Open a file of the server's root dir in JupyterLab. */
  onOpen: (path: string) => void;
  /** Register a run's output as a model version (the registry's command). */
  onRegister?: (output: IRunOutput, run: IRun) => void;
  /** Open the notebook at a step's cells, highlighted. */
  onOpenStep?: (step: IStep) => void;
}

function FileLink(props: {
  path: string;
  onOpen: (path: string) => void;
}): JSX.Element {
  const trans = useTrans();
  return (
    <LinkButton
      className="jp-kubeflow-file"
      title={trans.__('Open %1', props.path)}
      onClick={() => props.onOpen(props.path)}
    >
      {props.path}
    </LinkButton>
  );
}

export function PipelineComponent(props: IPipelineViewProps): JSX.Element {
  const trans = useTrans();
  const { model, onSubmit, onOpen } = props;
  const selected = model.selected;
  const analysis = model.analysis;
  if (!analysis) {
    return (
      <div className="jp-kubeflow-muted">
        {trans.__('Converting %1…', model.notebookPath)}
      </div>
    );
  }
  const run = model.run;
  const check = model.check;
  const invalid = Object.keys(check.errors).length > 0;
  // What starting another run waits for; re-splitting the steps also waits for a
  // Kubeflow run shown (its steps are mapped onto the graph by name).
  const busy = model.runningLocally || model.starting || model.compiling;
  const why = invalid
    ? trans.__('Fix the parameters first')
    : model.compiling
      ? trans.__('Converting…')
      : busy
        ? trans.__('A local run is going')
        : undefined;
  const host = model.status?.kfp_host ?? '';
  const selectedStep = analysis.steps.find(s => s.name === selected);
  const select = (name: string) =>
    model.select(selected === name ? null : name);
  const openStep = props.onOpenStep
    ? (name: string) => {
        const step = analysis.steps.find(s => s.name === name);
        if (step) {
          model.select(name);
          props.onOpenStep!(step);
        }
      }
    : undefined;

  return (
    <div className="jp-kubeflow-pipeline-body">
      <header className="jp-kubeflow-pipeline-header">
        <div>
          <h2>{analysis.name}</h2>
          <div className="jp-kubeflow-muted">
            {trans._n('%1 step from', '%1 steps from', analysis.steps.length)}{' '}
            <FileLink path={model.notebookPath} onOpen={onOpen} />
            {model.pipelineFile && (
              <>
                {' '}
                → <FileLink path={model.pipelineFile} onOpen={onOpen} />
              </>
            )}
          </div>
        </div>
        <div className="jp-kubeflow-actions">
          <label className="jp-kubeflow-split">
            {trans.__('Steps from')}{' '}
            <select
              className="jp-mod-styled"
              value={model.split ?? ''}
              disabled={busy || model.running}
              onChange={e =>
                void model.recompile(
                  (e.target.value || undefined) as SplitMode | undefined
                )
              }
            >
              <option value="">
                {analysis.split
                  ? trans.__('automatic (%1)', analysis.split)
                  : trans.__('automatic')}
              </option>
              <option value="tags">{trans.__('Kale cell tags')}</option>
              <option value="headings">{trans.__('markdown headings')}</option>
              <option value="single">{trans.__('one step')}</option>
            </select>
          </label>
          <StyledButton
            className="jp-mod-accept"
            disabled={invalid || busy}
            title={why ?? trans.__('Run the pipeline here with kfp.local')}
            onClick={() => void model.start('local')}
          >
            {trans.__('Run locally')}
          </StyledButton>
          <StyledButton
            className="jp-kubeflow-run-again"
            disabled={invalid || busy}
            title={
              why ??
              trans.__(
                'Run every step here again, ignoring the outputs of earlier runs'
              )
            }
            onClick={() => void model.start('local', { cache: false })}
          >
            {trans.__('Run all again')}
          </StyledButton>
          <StyledButton
            disabled={invalid || busy}
            title={
              why ??
              (host
                ? trans.__('Submit to %1', host)
                : trans.__(
                    'No Kubeflow host is configured: type one in the next dialog'
                  ))
            }
            onClick={onSubmit}
          >
            {trans.__('Submit to Kubeflow')}
          </StyledButton>
          {run && model.running && (
            <StyledButton
              className="jp-mod-warn"
              onClick={() => void model.cancel()}
            >
              {run.mode === 'local'
                ? trans.__('Cancel run')
                : trans.__('Terminate run')}
            </StyledButton>
          )}
        </div>
      </header>
      {model.error && (
        <div className="jp-kubeflow-error" role="alert">
          {model.error}
        </div>
      )}
      <PipelineGraph
        analysis={analysis}
        runSteps={run?.steps.filter(
          // A step still PENDING when the run is over never ran (or was not reported).
          step => isActive(run.status) || step.status !== 'PENDING'
        )}
        selected={selected}
        onSelect={select}
        onOpen={openStep}
        focus={model.focus}
      />
      <div className="jp-kubeflow-columns">
        <section className="jp-kubeflow-section">
          <h3>{trans.__('Parameters')}</h3>
          <ParameterForm
            parameters={analysis.parameters}
            texts={model.texts}
            errors={check.errors}
            disabled={busy}
            onChange={(name, text) => model.setText(name, text)}
            onReset={() => model.resetParameters()}
          />
          {analysis.metrics.length > 0 && (
            <p className="jp-kubeflow-muted">
              {trans.__('Metrics: %1', analysis.metrics.join(', '))}
            </p>
          )}
        </section>
        <section className="jp-kubeflow-section">
          <h3>{trans.__('Warnings')}</h3>
          {analysis.warnings.length === 0 ? (
            <p className="jp-kubeflow-muted">{trans.__('None.')}</p>
          ) : (
            <ul className="jp-kubeflow-warnings">
              {analysis.warnings.map((w, i) => (
                <li key={i}>{warningText(w)}</li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {run && (
        <RunPanel
          run={run}
          onRegister={props.onRegister}
          onDeleted={deleted => model.forgetRun(deleted)}
          onKubeflowAction={action => void model.actOnKubeflowRun(action)}
        />
      )}
      <RunsList
        runs={model.runs}
        error={model.runsError}
        shownId={run?.id ?? null}
        onShow={shown => model.showRun(shown)}
        onRefresh={() => void model.refreshRuns()}
        clusterPath={
          host || model.status?.connected ? model.notebookPath : undefined
        }
      />
      {(host || model.kfpTarget.host) && (
        <KubeflowPipeline
          path={model.notebookPath}
          target={model.kfpTarget}
          parameters={invalid ? null : check.values}
          onRun={started => model.followRun(started)}
        />
      )}
      <section className="jp-kubeflow-section">
        <h3>{trans.__('Steps')}</h3>
        <StepTable
          baseImage={model.status?.base_image ?? ''}
          steps={analysis.steps}
          selected={selected}
          onSelect={select}
        />
        {selectedStep && (
          <StepSource
            step={selectedStep}
            onOpen={openStep}
            onRunFrom={
              invalid || busy
                ? undefined
                : name => void model.start('local', { fromStep: name })
            }
            runFromWhy={why}
          />
        )}
      </section>
    </div>
  );
}

/** The main-area widget; closing it stops following the run. */
export class PipelineView extends ReactWidget {
  constructor(
    readonly model: PipelineModel,
    private readonly _trans: ITrans,
    private readonly _onSubmit: () => void,
    private readonly _onOpen: (path: string) => void,
    private readonly _onRegister?: (output: IRunOutput, run: IRun) => void,
    private readonly _onOpenStep?: (step: IStep) => void
  ) {
    super();
    this.addClass('jp-kubeflow-pipeline');
  }

  render(): JSX.Element {
    return withTrans(
      this._trans,
      <UseSignal signal={this.model.changed}>
        {() => (
          <PipelineComponent
            model={this.model}
            onSubmit={this._onSubmit}
            onOpen={this._onOpen}
            onRegister={this._onRegister}
            onOpenStep={this._onOpenStep}
          />
        )}
      </UseSignal>
    );
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.model.dispose();
    super.dispose();
  }
}
