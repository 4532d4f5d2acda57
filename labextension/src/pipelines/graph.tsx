/**
 * The pipeline's steps as an SVG graph: nodes laid out by `layoutGraph`, edges labelled
 * with the values that cross them, and a live status badge on each node during a run.
 */
import React from 'react';

import { layoutGraph } from './layout';
import { IAnalysis, IRunStep } from './types';

const MAX_NAME = 22;
const MAX_LABEL = 24;
// The monospace-ish width of a label character, to size the label's backdrop.
const CHAR_WIDTH = 6.6;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cellsText(cells: number[]): string {
  if (cells.length === 0) {
    return 'no code cells';
  }
  // The server's numbering (cell indexes in the notebook), as its error messages use.
  const shown = cells;
  return shown.length === 1
    ? `cell ${shown[0]}`
    : `cells ${shown.slice(0, 4).join(', ')}${shown.length > 4 ? ', …' : ''}`;
}

export interface IPipelineGraphProps {
  analysis: IAnalysis;
  /** Per-step run status, when a run is shown. */
  runSteps?: IRunStep[];
  selected: string | null;
  onSelect: (step: string) => void;
}

export function PipelineGraph(props: IPipelineGraphProps): JSX.Element {
  const { analysis, runSteps, selected, onSelect } = props;
  const layout = React.useMemo(() => {
    // `after` ordering that the server did not also list as an edge still orders.
    const edges = [...analysis.edges];
    for (const step of analysis.steps) {
      for (const before of step.after) {
        if (!edges.some(e => e.source === before && e.target === step.name)) {
          edges.push({ source: before, target: step.name, values: [] });
        }
      }
    }
    return layoutGraph(
      analysis.steps.map(s => s.name),
      edges
    );
  }, [analysis]);
  const statusOf = new Map((runSteps ?? []).map(s => [s.name, s]));
  const stepOf = new Map(analysis.steps.map(s => [s.name, s]));

  return (
    <div className="jp-kubeflow-graph">
      <svg
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-label={`Pipeline ${analysis.name}: ${analysis.steps.length} steps`}
      >
        <defs>
          <marker
            id="jp-kubeflow-arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="jp-kubeflow-arrowhead" />
          </marker>
        </defs>
        {layout.edges.map(edge => {
          const label = edge.values.join(', ');
          const shown = clip(label, MAX_LABEL);
          const width = shown.length * CHAR_WIDTH + 10;
          return (
            <g
              key={`${edge.source}->${edge.target}`}
              className={
                edge.values.length
                  ? 'jp-kubeflow-edge'
                  : 'jp-kubeflow-edge jp-kubeflow-edge-order'
              }
              data-source={edge.source}
              data-target={edge.target}
            >
              <title>
                {edge.values.length
                  ? `${edge.source} → ${edge.target}: ${label}`
                  : `${edge.target} runs after ${edge.source}`}
              </title>
              <path d={edge.path} markerEnd="url(#jp-kubeflow-arrow)" />
              {edge.values.length > 0 && (
                <>
                  <rect
                    className="jp-kubeflow-edge-label-bg"
                    x={edge.labelX - width / 2}
                    y={edge.labelY - 9}
                    width={width}
                    height={18}
                    rx={4}
                  />
                  <text
                    className="jp-kubeflow-edge-label"
                    x={edge.labelX}
                    y={edge.labelY}
                    textAnchor="middle"
                    dominantBaseline="central"
                  >
                    {shown}
                  </text>
                </>
              )}
            </g>
          );
        })}
        {layout.nodes.map(node => {
          const step = stepOf.get(node.name)!;
          const runStep = statusOf.get(node.name);
          const status = runStep?.status;
          const classes = ['jp-kubeflow-node'];
          if (selected === node.name) {
            classes.push('jp-mod-selected');
          }
          if (status) {
            classes.push(`jp-kubeflow-status-${status}`);
          }
          const seconds =
            runStep?.seconds !== null && runStep?.seconds !== undefined
              ? ` ${runStep.seconds.toFixed(1)} s`
              : '';
          return (
            <g
              key={node.name}
              className={classes.join(' ')}
              data-step={node.name}
              data-status={status ?? ''}
              transform={`translate(${node.x}, ${node.y})`}
              tabIndex={0}
              role="button"
              aria-pressed={selected === node.name}
              aria-label={`Step ${node.name}${status ? `, ${status}` : ''}`}
              onClick={() => onSelect(node.name)}
              onKeyDown={event => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onSelect(node.name);
                }
              }}
            >
              <title>{`${node.name}: ${cellsText(step.cells)}`}</title>
              <rect
                className="jp-kubeflow-node-box"
                width={node.width}
                height={node.height}
                rx={6}
              />
              <text className="jp-kubeflow-node-name" x={10} y={20}>
                {clip(node.name, MAX_NAME)}
              </text>
              <text className="jp-kubeflow-node-detail" x={10} y={40}>
                {status ? `${status}${seconds}` : cellsText(step.cells)}
              </text>
              {status && (
                <circle
                  className="jp-kubeflow-node-badge"
                  cx={node.width - 14}
                  cy={14}
                  r={6}
                />
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
