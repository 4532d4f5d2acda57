/**
 * Layered left-to-right layout of a pipeline's steps, for the SVG graph.
 *
 * Pure (no DOM, no JupyterLab) so it is unit-tested by `layout.test.ts`.
 * - A step's layer is the length of the longest path reaching it, so every edge points
 *   right and a step sits right of everything it waits for.
 * - Steps in the same layer (which can run in parallel) stand in one column, ordered by
 *   the mean row of their predecessors to keep edges from crossing needlessly.
 * - Columns are centred vertically; nodes never overlap.
 */

export interface ILayoutEdgeInput {
  source: string;
  target: string;
  values: string[];
}

export interface ILayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  /** Horizontal room between columns (edge labels live there). */
  columnGap: number;
  /** Vertical room between nodes of one column. */
  rowGap: number;
  margin: number;
}

export const DEFAULT_LAYOUT: ILayoutOptions = {
  nodeWidth: 190,
  nodeHeight: 58,
  columnGap: 130,
  rowGap: 36,
  margin: 20
};

export interface ILayoutNode {
  name: string;
  layer: number;
  row: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ILayoutEdge {
  source: string;
  target: string;
  values: string[];
  /** An SVG path (cubic Bézier) from the source's right side to the target's left side. */
  path: string;
  /** Where the edge's label goes (the curve's midpoint). */
  labelX: number;
  labelY: number;
}

export interface IGraphLayout {
  nodes: ILayoutNode[];
  edges: ILayoutEdge[];
  width: number;
  height: number;
}

/**
 * Lay out `steps` (names, in notebook order) linked by `edges`.
 *
 * Edges naming unknown steps, self-loops and duplicates are ignored; if the edges hold a
 * cycle (the server refuses those, but the view must not hang) the steps caught in it are
 * put in columns after the others.
 */
export function layoutGraph(
  steps: string[],
  edges: ILayoutEdgeInput[],
  options: ILayoutOptions = DEFAULT_LAYOUT
): IGraphLayout {
  const names = Array.from(new Set(steps));
  const known = new Set(names);
  const kept = new Map<string, ILayoutEdgeInput>();
  for (const edge of edges) {
    if (
      !known.has(edge.source) ||
      !known.has(edge.target) ||
      edge.source === edge.target
    ) {
      continue;
    }
    const key = `${edge.source}\u0000${edge.target}`;
    const previous = kept.get(key);
    // Two edges between the same steps (say, `prev:` and a value) become one.
    kept.set(key, {
      source: edge.source,
      target: edge.target,
      values: previous
        ? Array.from(new Set([...previous.values, ...edge.values]))
        : [...edge.values]
    });
  }
  const edgeList = Array.from(kept.values());
  const layer = assignLayers(names, edgeList);

  // Group into columns, ordered by the mean row of their predecessors (barycentre).
  const layerCount = names.length
    ? Math.max(...names.map(n => layer.get(n)!)) + 1
    : 0;
  const columns: string[][] = Array.from({ length: layerCount }, () => []);
  for (const name of names) {
    columns[layer.get(name)!].push(name);
  }
  const row = new Map<string, number>();
  const order = new Map(names.map((name, index) => [name, index]));
  const sources = new Map<string, string[]>(names.map(n => [n, []]));
  for (const edge of edgeList) {
    sources.get(edge.target)!.push(edge.source);
  }
  columns.forEach(column => {
    const weight = (name: string): number => {
      const rows = sources
        .get(name)!
        .filter(source => row.has(source))
        .map(source => row.get(source)!);
      return rows.length
        ? rows.reduce((a, b) => a + b, 0) / rows.length
        : order.get(name)!;
    };
    const weights = new Map(column.map(name => [name, weight(name)]));
    column.sort(
      (a, b) =>
        weights.get(a)! - weights.get(b)! || order.get(a)! - order.get(b)!
    );
    column.forEach((name, index) => row.set(name, index));
  });

  const { nodeWidth, nodeHeight, columnGap, rowGap, margin } = options;
  const tallest = Math.max(0, ...columns.map(c => c.length));
  const height =
    tallest > 0
      ? 2 * margin + tallest * nodeHeight + (tallest - 1) * rowGap
      : 2 * margin;
  const width =
    layerCount > 0
      ? 2 * margin + layerCount * nodeWidth + (layerCount - 1) * columnGap
      : 2 * margin;

  const nodes: ILayoutNode[] = [];
  const byName = new Map<string, ILayoutNode>();
  columns.forEach((column, columnIndex) => {
    const columnHeight =
      column.length * nodeHeight + (column.length - 1) * rowGap;
    const top = (height - columnHeight) / 2;
    column.forEach((name, rowIndex) => {
      const node: ILayoutNode = {
        name,
        layer: columnIndex,
        row: rowIndex,
        x: margin + columnIndex * (nodeWidth + columnGap),
        y: top + rowIndex * (nodeHeight + rowGap),
        width: nodeWidth,
        height: nodeHeight
      };
      nodes.push(node);
      byName.set(name, node);
    });
  });
  // Keep notebook order in the output (the view lists steps in that order too).
  nodes.sort((a, b) => order.get(a.name)! - order.get(b.name)!);

  const laidEdges: ILayoutEdge[] = edgeList.map(edge => {
    const from = byName.get(edge.source)!;
    const to = byName.get(edge.target)!;
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const bend = Math.max(40, (x2 - x1) / 2);
    return {
      ...edge,
      path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
      // Midpoint of a cubic Bézier with symmetric control points.
      labelX: (x1 + x2) / 2,
      labelY: (y1 + y2) / 2
    };
  });

  return { nodes, edges: laidEdges, width, height };
}

/** Longest-path layering (Kahn's order); steps left in a cycle go after the rest. */
function assignLayers(
  names: string[],
  edges: ILayoutEdgeInput[]
): Map<string, number> {
  const incoming = new Map(names.map(n => [n, 0]));
  const outgoing = new Map<string, string[]>(names.map(n => [n, []]));
  for (const edge of edges) {
    incoming.set(edge.target, incoming.get(edge.target)! + 1);
    outgoing.get(edge.source)!.push(edge.target);
  }
  const layer = new Map<string, number>();
  const ready = names.filter(n => incoming.get(n) === 0);
  ready.forEach(n => layer.set(n, 0));
  const placed = new Set<string>();
  while (ready.length) {
    const name = ready.shift()!;
    placed.add(name);
    for (const next of outgoing.get(name)!) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(name)! + 1));
      incoming.set(next, incoming.get(next)! - 1);
      if (incoming.get(next) === 0) {
        ready.push(next);
      }
    }
  }
  let after = Math.max(-1, ...Array.from(placed, n => layer.get(n)!));
  for (const name of names) {
    if (!placed.has(name)) {
      after += 1;
      layer.set(name, after);
    }
  }
  return layer;
}
