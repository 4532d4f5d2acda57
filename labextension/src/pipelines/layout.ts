/**
 * Layered left-to-right layout of a pipeline's steps, for the SVG graph (Sugiyama style).
 *
 * Pure (no DOM, no JupyterLab) so it is unit-tested by `layout.test.ts`.
 * - A step's layer is the length of the longest path reaching it, so every edge points
 *   right and a step sits right of everything it waits for.
 * - An edge that skips layers passes through a slot reserved in each column it crosses,
 *   so it never runs through a step's box.
 * - The order inside a column comes from barycentre sweeps (down and up, best crossing
 *   count kept); rows are then placed as near their neighbours as the order allows
 *   (isotonic regression), so chains stay straight and a fan is centred on its source.
 * - A pipeline much longer than wide is cut into bands of columns, read like lines of
 *   text, so it opens fitted at a size where its shape can still be seen.
 * - Edge labels: one per source and set of values (five edges carrying the same
 *   `train_df, train_labels` get one label), in the gap right of the source, clipped to
 *   fit it, and pushed apart so no two overlap.
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
  /** Height of an edge label's box. */
  labelHeight: number;
  /** Width of one label character (monospace), to size and clip labels. */
  labelCharWidth: number;
  /** The view a long pipeline is cut into bands for (its shape is what counts). */
  view: { width: number; height: number };
}

export const DEFAULT_LAYOUT: ILayoutOptions = {
  nodeWidth: 190,
  nodeHeight: 64,
  columnGap: 180,
  rowGap: 30,
  margin: 20,
  labelHeight: 18,
  labelCharWidth: 6.6,
  view: { width: 1200, height: 640 }
};

/** Room an edge passing through a column takes, and its gap to its neighbours. */
const PASS_HEIGHT = 6;
const PASS_GAP = 10;
/** Barycentre sweeps (each one down and one up). */
const SWEEPS = 6;
/** Rounds of row placement (each one down and one up). */
const PLACEMENT_ROUNDS = 8;
const LABEL_PADDING = 10;
const LABEL_SPACING = 4;
/** Room between bands (edges into the next band run there), and left of the first column. */
const BAND_GAP = 60;
const WRAP_ROOM = 30;

export interface ILayoutNode {
  name: string;
  layer: number;
  /** Position among the steps of its column, from the top. */
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
  /** An SVG path from the source's right side to the target's left side. */
  path: string;
}

/** One label for the edges that carry the same values from one source. */
export interface ILayoutLabel {
  source: string;
  targets: string[];
  values: string[];
  /** The values, joined. */
  text: string;
  /** `text` clipped to fit the gap between columns (ends with `…` when clipped). */
  shown: string;
  /** The label's box (x, y: its top left corner). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface IGraphLayout {
  nodes: ILayoutNode[];
  edges: ILayoutEdge[];
  labels: ILayoutLabel[];
  width: number;
  height: number;
}

/** A step or an edge's passage through a column, in the layered graph. */
interface IItem {
  id: string;
  step: boolean;
  layer: number;
  height: number;
  /** Centre line, computed by the placement. */
  y: number;
  up: IItem[];
  down: IItem[];
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
  const edgeList = mergeEdges(names, edges);
  const layer = assignLayers(names, edgeList);
  const order = new Map(names.map((name, index) => [name, index]));
  const { nodeWidth, nodeHeight, columnGap, margin } = options;

  // The layered graph: steps, plus one passage per column an edge crosses.
  const items = new Map<string, IItem>();
  const item = (id: string, step: boolean, at: number): IItem => {
    const made: IItem = {
      id,
      step,
      layer: at,
      height: step ? nodeHeight : PASS_HEIGHT,
      y: 0,
      up: [],
      down: []
    };
    items.set(id, made);
    return made;
  };
  names.forEach(name => item(name, true, layer.get(name)!));
  const routes = edgeList.map((edge, index) => {
    const route = [items.get(edge.source)!];
    const from = layer.get(edge.source)!;
    const to = layer.get(edge.target)!;
    for (let at = from + 1; at < to; at++) {
      route.push(item(`\u0000${index}:${at}`, false, at));
    }
    route.push(items.get(edge.target)!);
    for (let i = 1; i < route.length; i++) {
      // Only edges between neighbouring columns order the columns; a backward edge
      // (in a cycle) is drawn but does not take part.
      if (route[i].layer === route[i - 1].layer + 1) {
        route[i - 1].down.push(route[i]);
        route[i].up.push(route[i - 1]);
      }
    }
    return route;
  });

  const layerCount = names.length
    ? Math.max(...names.map(n => layer.get(n)!)) + 1
    : 0;
  const columns: IItem[][] = Array.from({ length: layerCount }, () => []);
  // Start from notebook order; a passage starts next to its edge's source.
  const rank = (it: IItem): number =>
    it.step ? order.get(it.id)! : order.get(routes[edgeIndex(it.id)][0].id)!;
  for (const it of items.values()) {
    columns[it.layer].push(it);
  }
  columns.forEach(column => column.sort((a, b) => rank(a) - rank(b)));
  orderColumns(columns);
  placeRows(columns, options);

  // Labels first (in unwrapped coordinates): they take room in their source's column.
  const rawX = (at: number): number => margin + at * (nodeWidth + columnGap);
  const firstHops = routes.map(route => ({
    y1: route[0].y,
    y2: route[1].y
  }));
  const labels = placeLabels(edgeList, firstHops, layer, rawX, options);
  const extents = columns.map(column => ({
    top: Math.min(...column.map(it => it.y - it.height / 2)),
    bottom: Math.max(...column.map(it => it.y + it.height / 2))
  }));
  for (const label of labels) {
    const extent = extents[layer.get(label.source)!];
    extent.top = Math.min(extent.top, label.y);
    extent.bottom = Math.max(extent.bottom, label.y + label.height);
  }

  // A long pipeline is cut into bands of columns, read like lines of text.
  const wrap = chooseBands(extents, options);
  const { perBand, bandTop, bandOffset, bandHeight } = wrap;
  const bandOf = (at: number): number => Math.floor(at / perBand);
  const wrapped = bandTop.length > 1;
  const left = margin + (wrapped ? WRAP_ROOM : 0);
  const xOf = (at: number): number =>
    left + (at % perBand) * (nodeWidth + columnGap);
  const place = (y: number, at: number): number =>
    y - bandTop[bandOf(at)] + bandOffset[bandOf(at)];
  for (const label of labels) {
    const at = layer.get(label.source)!;
    label.x += xOf(at) - rawX(at);
    label.y = place(label.y, at);
  }
  const yOf = (it: IItem): number => place(it.y, it.layer);

  const nodes: ILayoutNode[] = [];
  columns.forEach((column, at) => {
    column
      .filter(it => it.step)
      .forEach((it, row) =>
        nodes.push({
          name: it.id,
          layer: at,
          row,
          x: xOf(at),
          y: yOf(it) - nodeHeight / 2,
          width: nodeWidth,
          height: nodeHeight
        })
      );
  });
  // Keep notebook order in the output (the view lists steps in that order too).
  nodes.sort((a, b) => order.get(a.name)! - order.get(b.name)!);

  // Each edge: the source's right side, straight across each column it passes, the
  // target's left side; cubic curves with level tangents in between. Into the next band
  // it goes down the gap after the band, back along the space between bands, and in.
  let wraps = 0;
  const laidEdges: ILayoutEdge[] = edgeList.map((edge, index) => {
    const route = routes[index];
    let x = xOf(route[0].layer) + nodeWidth;
    let y = yOf(route[0]);
    let path = `M ${x} ${y}`;
    for (let i = 1; i < route.length; i++) {
      const hop = route[i];
      const x2 = xOf(hop.layer);
      const y2 = yOf(hop);
      const band = bandOf(hop.layer);
      if (band !== bandOf(route[i - 1].layer) && band > 0) {
        const down = x + columnGap / 2;
        const between =
          bandOffset[band] - BAND_GAP + (BAND_GAP * ((wraps++ % 5) + 1)) / 6;
        const back = left - WRAP_ROOM / 2;
        path += ` L ${down} ${y} L ${down} ${between} L ${back} ${between} L ${back} ${y2} L ${x2} ${y2}`;
      } else {
        const bend = Math.max(40, (x2 - x) / 2);
        path += ` C ${x + bend} ${y}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
      }
      x = x2;
      y = y2;
      if (!hop.step) {
        x += nodeWidth;
        path += ` L ${x} ${y}`;
      }
    }
    return { ...edge, path };
  });

  const last = bandTop.length - 1;
  const columnsShown = Math.min(perBand, layerCount);
  const width =
    layerCount === 0
      ? 2 * margin
      : wrapped
        ? left + perBand * (nodeWidth + columnGap) + margin
        : 2 * margin +
          columnsShown * nodeWidth +
          (columnsShown - 1) * columnGap;
  const height =
    layerCount === 0
      ? 2 * margin
      : bandOffset[last] + bandHeight[last] + margin;
  return { nodes, edges: laidEdges, labels, width, height };
}

interface IBands {
  /** Columns per band. */
  perBand: number;
  /** Per band: its top in the placement's coordinates, its top and height in the layout's. */
  bandTop: number[];
  bandOffset: number[];
  bandHeight: number[];
}

/**
 * How many columns per band: the cut that shows the whole pipeline largest in a view of
 * `options.view`'s shape, if it shows it at least half again as large as one band does
 * (a pipeline of a few columns is never cut).
 */
function chooseBands(
  extents: { top: number; bottom: number }[],
  options: ILayoutOptions
): IBands {
  const { margin, nodeWidth, columnGap } = options;
  const count = extents.length;
  const cut = (perBand: number): IBands & { scale: number } => {
    const bandTop: number[] = [];
    const bandOffset: number[] = [];
    const bandHeight: number[] = [];
    let offset = margin;
    for (let start = 0; start < count; start += perBand) {
      const band = extents.slice(start, start + perBand);
      const top = Math.min(...band.map(e => e.top));
      const bottom = Math.max(...band.map(e => e.bottom));
      bandTop.push(top);
      bandOffset.push(offset);
      bandHeight.push(bottom - top);
      offset += bottom - top + BAND_GAP;
    }
    const wrapped = bandTop.length > 1;
    const columns = Math.min(perBand, count);
    const width = wrapped
      ? margin + WRAP_ROOM + perBand * (nodeWidth + columnGap) + margin
      : 2 * margin + columns * nodeWidth + (columns - 1) * columnGap;
    const height = offset - BAND_GAP + margin;
    const scale = Math.min(
      1,
      options.view.width / width,
      options.view.height / height
    );
    return { perBand, bandTop, bandOffset, bandHeight, scale };
  };
  if (count === 0) {
    return { perBand: 1, bandTop: [], bandOffset: [], bandHeight: [] };
  }
  const whole = cut(count);
  let best = whole;
  for (let perBand = count - 1; perBand >= 1; perBand--) {
    const candidate = cut(perBand);
    if (candidate.scale > best.scale) {
      best = candidate;
    }
  }
  return best.scale >= 1.5 * whole.scale ? best : whole;
}

function edgeIndex(passageId: string): number {
  return Number(passageId.slice(1, passageId.indexOf(':')));
}

/** Known, distinct, non-self edges; two edges between the same steps become one. */
function mergeEdges(
  names: string[],
  edges: ILayoutEdgeInput[]
): ILayoutEdgeInput[] {
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
    // Say, a `prev:` and a value between the same steps.
    kept.set(key, {
      source: edge.source,
      target: edge.target,
      values: previous
        ? Array.from(new Set([...previous.values, ...edge.values]))
        : [...edge.values]
    });
  }
  return Array.from(kept.values());
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
  for (let head = 0; head < ready.length; head++) {
    const name = ready[head];
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

/**
 * Reorder each column by the mean position of its neighbours, sweeping down then up,
 * and keep the order with the fewest crossings (ties: the earlier, closer to notebook
 * order). Sorting is stable, so equal weights keep their order.
 */
function orderColumns(columns: IItem[][]): void {
  const snapshot = (): IItem[][] => columns.map(column => [...column]);
  let best = snapshot();
  let bestCrossings = countCrossings(columns);
  const indexes = new Map<IItem, number>();
  const reindex = () =>
    columns.forEach(column => column.forEach((it, i) => indexes.set(it, i)));
  for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
    for (const down of [true, false]) {
      reindex();
      const range = columns.map((_, i) => i);
      for (const at of down ? range.slice(1) : range.reverse().slice(1)) {
        const column = columns[at];
        const weights = new Map<IItem, number>();
        column.forEach((it, index) => {
          const around = down ? it.up : it.down;
          weights.set(
            it,
            around.length
              ? around.reduce((sum, n) => sum + indexes.get(n)!, 0) /
                  around.length
              : index
          );
        });
        column.sort((a, b) => weights.get(a)! - weights.get(b)!);
        column.forEach((it, i) => indexes.set(it, i));
      }
      const crossings = countCrossings(columns);
      if (crossings < bestCrossings) {
        bestCrossings = crossings;
        best = snapshot();
      }
    }
  }
  best.forEach((column, i) => (columns[i] = column));
}

/** Edge crossings between neighbouring columns (inversions, counted by merge sort). */
export function countCrossingsOf(pairs: [number, number][]): number {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const values = sorted.map(p => p[1]);
  const inversions = (list: number[]): number => {
    if (list.length < 2) {
      return 0;
    }
    const half = list.length >> 1;
    const left = list.slice(0, half);
    const right = list.slice(half);
    let count = inversions(left) + inversions(right);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < left.length && j < right.length) {
      if (left[i] <= right[j]) {
        list[k++] = left[i++];
      } else {
        list[k++] = right[j++];
        count += left.length - i;
      }
    }
    while (i < left.length) {
      list[k++] = left[i++];
    }
    while (j < right.length) {
      list[k++] = right[j++];
    }
    return count;
  };
  return inversions(values);
}

function countCrossings(columns: IItem[][]): number {
  let total = 0;
  for (let at = 0; at + 1 < columns.length; at++) {
    const next = new Map(columns[at + 1].map((it, i) => [it, i]));
    const pairs: [number, number][] = [];
    columns[at].forEach((it, i) =>
      it.down.forEach(d => pairs.push([i, next.get(d)!]))
    );
    total += countCrossingsOf(pairs);
  }
  return total;
}

/**
 * Rows: each item as near the mean of its neighbours as the column's order and spacing
 * allow. With `o` the least offset of each item below the column's first, the spacing
 * constraints become "y - o never decreases", whose least-squares fit to the wished-for
 * rows is the isotonic regression (pool adjacent violators).
 */
function placeRows(columns: IItem[][], options: ILayoutOptions): void {
  const gap = (a: IItem, b: IItem): number =>
    a.height / 2 +
    b.height / 2 +
    (a.step && b.step ? options.rowGap : PASS_GAP);
  const offsets = columns.map(column => {
    const o = [0];
    for (let i = 1; i < column.length; i++) {
      o.push(o[i - 1] + gap(column[i - 1], column[i]));
    }
    return o;
  });
  // Start stacked and centred on 0.
  columns.forEach((column, at) => {
    const o = offsets[at];
    const middle = o.length ? o[o.length - 1] / 2 : 0;
    column.forEach((it, i) => (it.y = o[i] - middle));
  });
  const place = (at: number, toward: (it: IItem) => IItem[]) => {
    const column = columns[at];
    const o = offsets[at];
    const wished = column.map((it, i) => {
      const around = toward(it);
      const y = around.length
        ? around.reduce((sum, n) => sum + n.y, 0) / around.length
        : it.y;
      return y - o[i];
    });
    const fitted = isotonic(wished);
    column.forEach((it, i) => (it.y = fitted[i] + o[i]));
  };
  for (let round = 0; round < PLACEMENT_ROUNDS; round++) {
    for (let at = 1; at < columns.length; at++) {
      place(at, it => it.up);
    }
    for (let at = columns.length - 2; at >= 0; at--) {
      place(at, it => it.down);
    }
  }
}

/** The non-decreasing sequence nearest (least squares) to `values`. */
export function isotonic(values: number[]): number[] {
  const blocks: { sum: number; count: number }[] = [];
  for (const value of values) {
    blocks.push({ sum: value, count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const before = blocks[blocks.length - 2];
      if (before.sum / before.count <= last.sum / last.count) {
        break;
      }
      before.sum += last.sum;
      before.count += last.count;
      blocks.pop();
    }
  }
  return blocks.flatMap(b => Array(b.count).fill(b.sum / b.count));
}

/**
 * One label per source and set of values, centred in the gap right of the source, at
 * the mean height of its edges there; labels sharing a gap are pushed apart.
 */
function placeLabels(
  edges: ILayoutEdgeInput[],
  firstHops: { y1: number; y2: number }[],
  layer: Map<string, number>,
  xOf: (at: number) => number,
  options: ILayoutOptions
): ILayoutLabel[] {
  const { nodeWidth, columnGap, labelHeight, labelCharWidth } = options;
  const groups = new Map<
    string,
    { edge: ILayoutEdgeInput; targets: string[]; ys: number[] }
  >();
  edges.forEach((edge, index) => {
    if (edge.values.length === 0) {
      return;
    }
    const values = [...edge.values].sort();
    const key = `${edge.source}\u0000${values.join('\u0000')}`;
    const hop = firstHops[index];
    const group = groups.get(key) ?? { edge, targets: [], ys: [] };
    group.targets.push(edge.target);
    group.ys.push((hop.y1 + hop.y2) / 2);
    groups.set(key, group);
  });
  const maxChars = Math.max(
    2,
    Math.floor((columnGap - 2 * LABEL_PADDING) / labelCharWidth)
  );
  const labels: ILayoutLabel[] = Array.from(groups.values(), group => {
    const text = group.edge.values.join(', ');
    const shown =
      text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
    const width = shown.length * labelCharWidth + LABEL_PADDING;
    const centreX =
      xOf(layer.get(group.edge.source)!) + nodeWidth + columnGap / 2;
    const centreY = group.ys.reduce((a, b) => a + b, 0) / group.ys.length;
    return {
      source: group.edge.source,
      targets: group.targets,
      values: group.edge.values,
      text,
      shown,
      x: centreX - width / 2,
      y: centreY - labelHeight / 2,
      width,
      height: labelHeight
    };
  });
  // Labels of one gap: keep their order, and as near their edges as no overlap allows.
  const byGap = new Map<number, ILayoutLabel[]>();
  for (const label of labels) {
    const at = layer.get(label.source)!;
    byGap.set(at, [...(byGap.get(at) ?? []), label]);
  }
  for (const gapLabels of byGap.values()) {
    gapLabels.sort((a, b) => a.y - b.y);
    const step = labelHeight + LABEL_SPACING;
    const fitted = isotonic(gapLabels.map((l, i) => l.y - i * step));
    gapLabels.forEach((l, i) => (l.y = fitted[i] + i * step));
  }
  return labels;
}
