import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DEFAULT_LAYOUT,
  IGraphLayout,
  ILayoutNode,
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
  assert.ok(laid.labelX > a.x + a.width && laid.labelX < b.x);
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
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
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
