/**
 * The pipeline's steps as an SVG graph: nodes laid out by `layoutGraph`, edges labelled
 * with the values that cross them (one label per source and set of values), a live
 * status badge on each node during a run.
 *
 * The graph opens fitted to its box; the wheel (or a pinch) zooms at the pointer, a drag
 * or the arrow keys pan, `+`/`-` zoom, `0` fits again, and so do the buttons.
 */
import React from 'react';

import { IGraphLayout, layoutGraph } from './layout';
import { cellsLabel, statusLabel } from './text';
import { IAnalysis, IRunStep } from './types';
import {
  centreOn,
  FAR_SCALE,
  fitTransform,
  IGraphFocus,
  ISize,
  ITransform,
  panBy,
  wheelFactor,
  zoomAt
} from './viewport';
import { ITrans, useTrans } from '../trans';

const MAX_NAME = 22;
const PAN_STEP = 60;
const ZOOM_STEP = 1.25;
/** A pointer that moves less than this between press and release clicked. */
const DRAG_THRESHOLD = 4;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface IPipelineGraphProps {
  analysis: IAnalysis;
  /** Per-step run status, when a run is shown. */
  runSteps?: IRunStep[];
  selected: string | null;
  onSelect: (step: string) => void;
  /** Open the step's cells in the notebook (double click, or the node's ↗). */
  onOpen?: (step: string) => void;
  /** Centre the view on this step. */
  focus?: IGraphFocus | null;
}

function graphLayout(analysis: IAnalysis): IGraphLayout {
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
}

function statusText(step: IRunStep, trans: ITrans): string {
  return step.seconds !== null && step.seconds !== undefined
    ? trans.__(
        '%1 %2 s',
        statusLabel(step.status, trans),
        step.seconds.toFixed(1)
      )
    : statusLabel(step.status, trans);
}

function statusTitle(step: IRunStep, trans: ITrans): string {
  if (step.status === 'CACHED') {
    return step.cachedFrom
      ? trans.__('cached: outputs reused from run %1', step.cachedFrom)
      : trans.__('cached: outputs reused from an earlier run');
  }
  if (step.status === 'SKIPPED') {
    return trans.__('skipped: did not run');
  }
  return statusLabel(step.status, trans).toLowerCase();
}

/** The size of an element's box, followed as it changes. */
function useSize(ref: React.RefObject<HTMLElement>): ISize | null {
  const [size, setSize] = React.useState<ISize | null>(null);
  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!element) {
      return;
    }
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) {
        setSize(previous =>
          previous &&
          previous.width === Math.round(width) &&
          previous.height === Math.round(height)
            ? previous
            : { width: Math.round(width), height: Math.round(height) }
        );
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

export function PipelineGraph(props: IPipelineGraphProps): JSX.Element {
  const trans = useTrans();
  const { analysis, runSteps, selected, onSelect, onOpen, focus } = props;
  const layout = React.useMemo(() => graphLayout(analysis), [analysis]);
  const box = React.useRef<HTMLDivElement>(null);
  const size = useSize(box);
  const [transform, setTransform] = React.useState<ITransform | null>(null);
  // Fitted until the user zooms or pans: then resizes and re-conversions keep their view.
  const [fitted, setFitted] = React.useState(true);
  const drag = React.useRef<{
    x: number;
    y: number;
    moved: boolean;
    pointer: number;
  } | null>(null);
  const justDragged = React.useRef(false);

  React.useLayoutEffect(() => {
    if (size && (fitted || transform === null)) {
      setTransform(fitTransform(layout, size));
    }
  }, [size, layout, fitted]);

  const change = (next: (t: ITransform) => ITransform) => {
    setFitted(false);
    setTransform(t => (t ? next(t) : t));
  };
  const fit = () => {
    setFitted(true);
    if (size) {
      setTransform(fitTransform(layout, size));
    }
  };
  const centre = (): { x: number; y: number } => ({
    x: (size?.width ?? 0) / 2,
    y: (size?.height ?? 0) / 2
  });

  // Centre a step asked for (say, from a notebook cell), legible.
  React.useEffect(() => {
    if (!focus || !size) {
      return;
    }
    const node = layout.nodes.find(n => n.name === focus.step);
    if (!node) {
      return;
    }
    setFitted(false);
    setTransform(t =>
      centreOn(
        { x: node.x + node.width / 2, y: node.y + node.height / 2 },
        size,
        Math.max(t?.scale ?? 1, 1)
      )
    );
  }, [focus?.token, size === null]);

  // The wheel: React's listener is passive, and the page must not scroll meanwhile.
  React.useEffect(() => {
    const element = box.current;
    if (!element) {
      return;
    }
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const at = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      const sideways = event.shiftKey ? event.deltaY : event.deltaX;
      if (Math.abs(sideways) > Math.abs(event.deltaY) || event.shiftKey) {
        change(t => panBy(t, -sideways, 0));
        return;
      }
      change(t => zoomAt(t, wheelFactor(event.deltaY, event.deltaMode), at));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const pan = event.shiftKey ? PAN_STEP * 4 : PAN_STEP;
    const keys: Record<string, () => void> = {
      '+': () => change(t => zoomAt(t, ZOOM_STEP, centre())),
      '=': () => change(t => zoomAt(t, ZOOM_STEP, centre())),
      '-': () => change(t => zoomAt(t, 1 / ZOOM_STEP, centre())),
      _: () => change(t => zoomAt(t, 1 / ZOOM_STEP, centre())),
      '0': fit,
      ArrowLeft: () => change(t => panBy(t, pan, 0)),
      ArrowRight: () => change(t => panBy(t, -pan, 0)),
      ArrowUp: () => change(t => panBy(t, 0, pan)),
      ArrowDown: () => change(t => panBy(t, 0, -pan))
    };
    const action = keys[event.key];
    if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      action();
    }
  };

  const onPointerDown = (event: React.PointerEvent) => {
    if (event.button !== 0) {
      return;
    }
    drag.current = {
      x: event.clientX,
      y: event.clientY,
      moved: false,
      pointer: event.pointerId
    };
  };
  const onPointerMove = (event: React.PointerEvent) => {
    const start = drag.current;
    if (!start || start.pointer !== event.pointerId) {
      return;
    }
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (!start.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
      return;
    }
    if (!start.moved) {
      start.moved = true;
      box.current?.setPointerCapture(event.pointerId);
    }
    start.x = event.clientX;
    start.y = event.clientY;
    change(t => panBy(t, dx, dy));
  };
  const onPointerUp = (event: React.PointerEvent) => {
    const start = drag.current;
    drag.current = null;
    if (start?.moved) {
      justDragged.current = true;
      box.current?.releasePointerCapture(event.pointerId);
      // The click that ends a drag selects nothing.
      setTimeout(() => (justDragged.current = false), 0);
    }
  };

  const statusOf = new Map((runSteps ?? []).map(s => [s.name, s]));
  const stepOf = new Map(analysis.steps.map(s => [s.name, s]));
  const scale = transform?.scale ?? 1;
  const classes = ['jp-kubeflow-graph'];
  if (scale < FAR_SCALE) {
    classes.push('jp-mod-far');
  }
  if (drag.current?.moved) {
    classes.push('jp-mod-dragging');
  }

  // The toolbar's buttons; pressing one does not start a pan of the graph.
  const tools = [
    {
      title: trans.__('Zoom in (+)'),
      label: trans.__('Zoom in'),
      text: '+',
      onClick: () => change(t => zoomAt(t, ZOOM_STEP, centre()))
    },
    {
      title: trans.__('Zoom out (-)'),
      label: trans.__('Zoom out'),
      text: '−',
      onClick: () => change(t => zoomAt(t, 1 / ZOOM_STEP, centre()))
    },
    {
      title: trans.__('Fit the whole graph (0)'),
      label: trans.__('Fit'),
      text: trans.__('Fit'),
      onClick: fit
    }
  ];

  return (
    <div
      ref={box}
      className={classes.join(' ')}
      style={{
        // Its natural height, up to most of the view; the user may drag it taller.
        height: `min(${Math.ceil(layout.height + 2 * 12)}px, max(60vh, 220px))`
      }}
      tabIndex={0}
      role="group"
      aria-label={trans.__(
        'Pipeline graph, %1 steps. Plus and minus zoom, arrows pan, 0 fits.',
        analysis.steps.length
      )}
      data-scale={scale.toFixed(3)}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <div className="jp-kubeflow-graph-tools">
        {tools.map(tool => (
          <button
            key={tool.label}
            type="button"
            className="jp-kubeflow-graph-tool"
            title={tool.title}
            aria-label={tool.label}
            onPointerDown={e => e.stopPropagation()}
            onClick={tool.onClick}
          >
            {tool.text}
          </button>
        ))}
        <span className="jp-kubeflow-graph-zoom" aria-live="off">
          {Math.round(scale * 100)}%
        </span>
      </div>
      <svg
        width="100%"
        height="100%"
        role="group"
        aria-label={trans.__(
          'Pipeline %1: %2 steps',
          analysis.name,
          analysis.steps.length
        )}
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
        {transform && (
          <g
            className="jp-kubeflow-graph-content"
            transform={`translate(${transform.x} ${transform.y}) scale(${transform.scale})`}
          >
            {layout.edges.map(edge => (
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
                    ? `${edge.source} → ${edge.target}: ${edge.values.join(', ')}`
                    : trans.__('%1 runs after %2', edge.target, edge.source)}
                </title>
                <path d={edge.path} markerEnd="url(#jp-kubeflow-arrow)" />
              </g>
            ))}
            {layout.labels.map(label => (
              <g
                key={`${label.source}:${label.text}`}
                className="jp-kubeflow-edge-label-group"
                data-source={label.source}
                data-targets={label.targets.join(' ')}
              >
                <title>
                  {`${label.source} → ${label.targets.join(', ')}: ${label.text}`}
                </title>
                <rect
                  className="jp-kubeflow-edge-label-bg"
                  x={label.x}
                  y={label.y}
                  width={label.width}
                  height={label.height}
                  rx={4}
                />
                <text
                  className="jp-kubeflow-edge-label"
                  x={label.x + label.width / 2}
                  y={label.y + label.height / 2}
                  textAnchor="middle"
                  dominantBaseline="central"
                >
                  {label.shown}
                </text>
              </g>
            ))}
            {layout.nodes.map(node => {
              const step = stepOf.get(node.name)!;
              const runStep = statusOf.get(node.name);
              const status = runStep?.status;
              const nodeClasses = ['jp-kubeflow-node'];
              if (selected === node.name) {
                nodeClasses.push('jp-mod-selected');
              }
              if (status) {
                nodeClasses.push(`jp-kubeflow-status-${status}`);
              }
              const cells = cellsLabel(step.cells, trans, 4);
              return (
                <g
                  key={node.name}
                  className={nodeClasses.join(' ')}
                  data-step={node.name}
                  data-status={status ?? ''}
                  data-cells={cells}
                  transform={`translate(${node.x}, ${node.y})`}
                  tabIndex={0}
                  role="button"
                  aria-pressed={selected === node.name}
                  aria-label={
                    status
                      ? trans.__('Step %1, %2, %3', node.name, cells, status)
                      : trans.__('Step %1, %2', node.name, cells)
                  }
                  onClick={() => {
                    if (!justDragged.current) {
                      onSelect(node.name);
                    }
                  }}
                  onDoubleClick={() => onOpen?.(node.name)}
                  onKeyDown={event => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      event.stopPropagation();
                      onSelect(node.name);
                    }
                  }}
                >
                  <title>{`${node.name}: ${cellsLabel(step.cells, trans)}${
                    runStep ? ` (${statusTitle(runStep, trans)})` : ''
                  }`}</title>
                  <rect
                    className="jp-kubeflow-node-box"
                    width={node.width}
                    height={node.height}
                    rx={6}
                  />
                  <text className="jp-kubeflow-node-name" x={10} y={20}>
                    {clip(node.name, MAX_NAME)}
                  </text>
                  <text className="jp-kubeflow-node-detail" x={10} y={38}>
                    {cells}
                  </text>
                  {runStep && (
                    <text
                      className="jp-kubeflow-node-detail jp-kubeflow-node-status"
                      x={10}
                      y={55}
                    >
                      {statusText(runStep, trans)}
                    </text>
                  )}
                  {status && (
                    <circle
                      className="jp-kubeflow-node-badge"
                      cx={node.width - 14}
                      cy={14}
                      r={6}
                    />
                  )}
                  {onOpen && (
                    <g
                      className="jp-kubeflow-node-open"
                      role="button"
                      aria-label={trans.__(
                        'Open the cells of %1 in the notebook',
                        node.name
                      )}
                      transform={`translate(${node.width - 26}, ${node.height - 24})`}
                      onClick={event => {
                        event.stopPropagation();
                        if (!justDragged.current) {
                          onOpen(node.name);
                        }
                      }}
                    >
                      <title>
                        {trans.__(
                          'Open %1 in the notebook',
                          cellsLabel(step.cells, trans)
                        )}
                      </title>
                      <rect width={20} height={18} rx={3} />
                      <text x={10} y={13} textAnchor="middle">
                        ↗
                      </text>
                    </g>
                  )}
                </g>
              );
            })}
          </g>
        )}
      </svg>
    </div>
  );
}
