import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  countCrossingsOf,
  DEFAULT_LAYOUT,
  IGraphLayout,
  ILayoutLabel,
  ILayoutNode,
  isotonic,
  layoutGraph
} from './layout';

function node(layout: IGraphLayout, name: string): ILayoutNode {
  const found = layout.nodes.find(n => n.name === name);
  assert.ok(found, `no node ${name}`);
  return found;
}

function assertNoOverlap(layout: IGraphLayout): void {
  for (const a of layout.nodes) {
    for (const b of layout.nodes) {
      if (a === b) {
        continue;
      }
      const apart =
        a.x + a.width <= b.x ||
        b.x + b.width <= a.x ||
        a.y + a.height <= b.y ||
        b.y + b.height <= a.y;
      assert.ok(apart, `${a.name} overlaps ${b.name}`);
    }
  }
}

function assertInside(layout: IGraphLayout): void {
  for (const n of layout.nodes) {
    assert.ok(n.x >= 0 && n.y >= 0, `${n.name} starts inside`);
    assert.ok(n.x + n.width <= layout.width, `${n.name} fits in width`);
    assert.ok(n.y + n.height <= layout.height, `${n.name} fits in height`);
  }
}

const edge = (source: string, target: string, values: string[] = ['x']) => ({
  source,
  target,
  values
});

/** The same numbers in [0, 1) on every run from one seed (a Lehmer generator). */
function seeded(seed: number): () => number {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

test('layers follow the longest path, not the shortest', () => {
  // load -> clean -> train -> report, and load -> report directly.
  const layout = layoutGraph(
    ['load', 'clean', 'train', 'report'],
    [
      edge('load', 'clean'),
      edge('clean', 'train'),
      edge('train', 'report'),
      edge('load', 'report')
    ]
  );
  assert.deepEqual(
    layout.nodes.map(n => [n.name, n.layer]),
    [
      ['load', 0],
      ['clean', 1],
      ['train', 2],
      ['report', 3]
    ]
  );
  const xs = layout.nodes.map(n => n.x);
  assert.deepEqual(
    [...xs].sort((a, b) => a - b),
    xs,
    'left to right'
  );
});

test('parallel steps stand side by side in one column, without overlapping', () => {
  const layout = layoutGraph(
    ['load', 'train_a', 'train_b', 'train_c', 'compare'],
    [
      edge('load', 'train_a', ['data']),
      edge('load', 'train_b', ['data']),
      edge('load', 'train_c', ['data']),
      edge('train_a', 'compare', ['a']),
      edge('train_b', 'compare', ['b']),
      edge('train_c', 'compare', ['c'])
    ]
  );
  const trains = ['train_a', 'train_b', 'train_c'].map(n => node(layout, n));
  assert.ok(trains.every(t => t.layer === 1 && t.x === trains[0].x));
  assert.deepEqual(
    trains.map(t => t.row),
    [0, 1, 2]
  );
  assert.equal(node(layout, 'compare').layer, 2);
  assertNoOverlap(layout);
  assertInside(layout);
  // The single nodes are centred on the column of three.
  const middle = trains[1].y + trains[1].height / 2;
  assert.equal(node(layout, 'load').y + DEFAULT_LAYOUT.nodeHeight / 2, middle);
});

test('independent steps with no edges are parallel too', () => {
  const layout = layoutGraph(['a', 'b', 'c'], []);
  assert.ok(layout.nodes.every(n => n.layer === 0));
  assertNoOverlap(layout);
});

test('edges run from the right of the source to the left of the target, labelled between', () => {
  const layout = layoutGraph(['a', 'b'], [edge('a', 'b', ['df', 'model'])]);
  const [laid] = layout.edges;
  const a = node(layout, 'a');
  const b = node(layout, 'b');
  assert.deepEqual(laid.values, ['df', 'model']);
  assert.match(laid.path, new RegExp(`^M ${a.x + a.width} `));
  assert.match(laid.path, new RegExp(` ${b.x} ${b.y + b.height / 2}$`));
  const [label] = layout.labels;
  assert.equal(label.text, 'df, model');
  assert.ok(label.x > a.x + a.width && label.x + label.width < b.x);
});

test('unknown steps, self-loops and duplicate edges are ignored or merged', () => {
  const layout = layoutGraph(
    ['a', 'b'],
    [
      edge('a', 'ghost'),
      edge('a', 'a'),
      edge('a', 'b', ['x']),
      edge('a', 'b', [])
    ]
  );
  assert.equal(layout.edges.length, 1);
  assert.deepEqual(layout.edges[0].values, ['x']);
});

test('a cycle does not hang: its steps go in columns after the rest', () => {
  const layout = layoutGraph(
    ['start', 'p', 'q'],
    [edge('p', 'q'), edge('q', 'p')]
  );
  assert.equal(node(layout, 'start').layer, 0);
  assert.deepEqual(
    [node(layout, 'p').layer, node(layout, 'q').layer].sort(),
    [1, 2]
  );
  assertNoOverlap(layout);
});

test('a wide, deep random DAG never overlaps and every edge points right', () => {
  const names = Array.from({ length: 60 }, (_, i) => `s${i}`);
  const edges = [];
  const random = seeded(7);
  for (let i = 1; i < names.length; i++) {
    for (let j = 0; j < i; j++) {
      if (random() < 0.05) {
        edges.push(edge(names[j], names[i]));
      }
    }
  }
  const layout = layoutGraph(names, edges);
  assertNoOverlap(layout);
  assertInside(layout);
  for (const e of layout.edges) {
    assert.ok(node(layout, e.source).layer < node(layout, e.target).layer);
  }
});

test('an empty pipeline lays out to an empty graph', () => {
  const layout = layoutGraph([], []);
  assert.deepEqual(layout.nodes, []);
  assert.ok(layout.width > 0 && layout.height > 0);
});

function boxesOverlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number }
): boolean {
  return !(
    a.x + a.width <= b.x ||
    b.x + b.width <= a.x ||
    a.y + a.height <= b.y ||
    b.y + b.height <= a.y
  );
}

function assertLabelsClear(layout: IGraphLayout): void {
  const labels: ILayoutLabel[] = layout.labels;
  labels.forEach((a, i) => {
    labels.slice(i + 1).forEach(b => {
      assert.ok(!boxesOverlap(a, b), `label ${a.text} overlaps ${b.text}`);
    });
    for (const n of layout.nodes) {
      assert.ok(!boxesOverlap(a, n), `label ${a.text} overlaps step ${n.name}`);
    }
    assert.ok(a.y >= 0 && a.y + a.height <= layout.height, 'label inside');
  });
}

/** The tutorial's shape: load -> prepare -> features -> five models -> results. */
function tutorial(): IGraphLayout {
  const models = ['logreg', 'tree', 'forest', 'boosting', 'svm'];
  return layoutGraph(
    ['load', 'prepare', 'features', ...models, 'results'],
    [
      edge('load', 'prepare', ['raw']),
      edge('prepare', 'features', ['train_df', 'test_df']),
      ...models.map(m => edge('features', m, ['train_df', 'train_labels'])),
      ...models.map(m => edge(m, 'results', [`${m}_model`])),
      edge('features', 'results', ['test_df', 'test_labels']),
      edge('load', 'results', ['raw'])
    ]
  );
}

test('edges carrying the same values from one source share one label', () => {
  const layout = tutorial();
  const shared = layout.labels.filter(l => l.source === 'features');
  assert.equal(shared.length, 2, 'one per set of values');
  const train = shared.find(l => l.text === 'train_df, train_labels')!;
  assert.deepEqual(train.targets, [
    'logreg',
    'tree',
    'forest',
    'boosting',
    'svm'
  ]);
  assert.equal(layout.edges.length, 14, 'every edge is still drawn');
  assertLabelsClear(layout);
  assertNoOverlap(layout);
  assertInside(layout);
});

test('a long label is clipped to its gap, the whole text kept', () => {
  const values = ['a_very_long_value_name', 'another_long_one', 'third'];
  const layout = layoutGraph(['a', 'b'], [edge('a', 'b', values)]);
  const [label] = layout.labels;
  assert.equal(label.text, values.join(', '));
  assert.ok(label.shown.endsWith('…'));
  assert.ok(label.width <= DEFAULT_LAYOUT.columnGap);
});

test('an edge that skips columns passes beside the steps, not through them', () => {
  const layout = tutorial();
  for (const e of layout.edges) {
    // Straight runs ("L x y") are where an edge crosses a column.
    for (const [, x, y] of e.path.matchAll(/L (\S+) (\S+)/g)) {
      const runEnd = Number(x);
      const runY = Number(y);
      for (const n of layout.nodes) {
        const inColumn = runEnd === n.x + n.width;
        const inRow = runY > n.y - 3 && runY < n.y + n.height + 3;
        assert.ok(
          !(inColumn && inRow),
          `${e.source}->${e.target} through ${n.name}`
        );
      }
    }
  }
  const results = layout.edges.find(
    e => e.source === 'load' && e.target === 'results'
  )!;
  assert.equal((results.path.match(/ L /g) ?? []).length, 3);
});

test('columns are reordered to remove crossings notebook order would make', () => {
  // a -> d and b -> c cross if c stays above d as in the notebook.
  const layout = layoutGraph(
    ['a', 'b', 'c', 'd'],
    [edge('a', 'd'), edge('b', 'c')]
  );
  assert.ok(node(layout, 'd').y < node(layout, 'c').y);
});

test('a chain stays straight and a fan is centred on its source', () => {
  const chain = layoutGraph(['a', 'b', 'c'], [edge('a', 'b'), edge('b', 'c')]);
  assert.equal(new Set(chain.nodes.map(n => n.y)).size, 1);
  const fanned = ['m1', 'm2', 'm3', 'm4', 'm5'];
  const layout = layoutGraph(
    ['features', ...fanned, 'results'],
    [
      ...fanned.map(m => edge('features', m)),
      ...fanned.map(m => edge(m, 'results'))
    ]
  );
  const centre = (n: ILayoutNode) => n.y + n.height / 2;
  const middle = centre(node(layout, 'm3'));
  assert.ok(Math.abs(centre(node(layout, 'features')) - middle) < 1);
  assert.ok(Math.abs(centre(node(layout, 'results')) - middle) < 1);
});

test('100 steps lay out quickly, without overlaps', () => {
  const names = Array.from({ length: 100 }, (_, i) => `step${i}`);
  const edges = [];
  const random = seeded(11);
  for (let i = 1; i < names.length; i++) {
    // Each step reads from one to three earlier steps, mostly recent ones.
    const reads = 1 + Math.floor(random() * 3);
    for (let r = 0; r < reads; r++) {
      const j = Math.max(0, i - 1 - Math.floor(random() * random() * i));
      edges.push(edge(names[j], names[i], [`v${j}`]));
    }
  }
  const started = Date.now();
  const layout = layoutGraph(names, edges);
  const took = Date.now() - started;
  assert.ok(took < 2000, `took ${took} ms`);
  assert.equal(layout.nodes.length, 100);
  assertNoOverlap(layout);
  assertInside(layout);
  assertLabelsClear(layout);
});

test('crossings are counted as inversions; isotonic fits keep order', () => {
  assert.equal(
    countCrossingsOf([
      [0, 1],
      [1, 0]
    ]),
    1
  );
  assert.equal(
    countCrossingsOf([
      [0, 0],
      [0, 1],
      [1, 1]
    ]),
    0
  );
  assert.deepEqual(isotonic([1, 3, 2, 4]), [1, 2.5, 2.5, 4]);
  assert.deepEqual(isotonic([3, 2, 1]), [2, 2, 2]);
});

test('a long chain is cut into bands, read like lines of text, and shown larger', () => {
  const names = Array.from({ length: 40 }, (_, i) => `s${i}`);
  const layout = layoutGraph(
    names,
    names.slice(1).map((name, i) => edge(names[i], name, [`v${i}`]))
  );
  assertNoOverlap(layout);
  assertInside(layout);
  assertLabelsClear(layout);
  assert.ok(new Set(layout.nodes.map(n => n.y)).size > 1, 'more than one band');
  for (let i = 0; i + 1 < names.length; i++) {
    const a = node(layout, names[i]);
    const b = node(layout, names[i + 1]);
    const sameBand = b.y === a.y && b.x > a.x;
    const nextBand = b.y > a.y + a.height && b.x < a.x;
    assert.ok(sameBand || nextBand, `${a.name} then ${b.name}`);
  }
  const { view, nodeWidth, columnGap, margin } = DEFAULT_LAYOUT;
  const fit = (width: number, height: number) =>
    Math.min(1, view.width / width, view.height / height);
  const oneLine = 2 * margin + 40 * nodeWidth + 39 * columnGap;
  assert.ok(fit(layout.width, layout.height) >= 1.5 * fit(oneLine, 100));
  // The tutorial's five columns stay on one line.
  assert.equal(new Set(tutorial().nodes.map(n => n.layer)).size, 5);
  assert.ok(tutorial().nodes.every(n => n.x === 20 + n.layer * 370));
});
