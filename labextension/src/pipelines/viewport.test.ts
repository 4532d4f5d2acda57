import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  centreOn,
  fitTransform,
  MAX_SCALE,
  panBy,
  toScreen,
  wheelFactor,
  zoomAt
} from './viewport';

const view = { width: 800, height: 400 };

test('a large graph is shrunk to fit, centred, every corner inside the view', () => {
  const content = { width: 8000, height: 2000 };
  const t = fitTransform(content, view);
  for (const corner of [
    { x: 0, y: 0 },
    { x: content.width, y: content.height }
  ]) {
    const p = toScreen(t, corner);
    assert.ok(p.x >= 0 && p.x <= view.width, `x ${p.x}`);
    assert.ok(p.y >= 0 && p.y <= view.height, `y ${p.y}`);
  }
  assert.ok(Math.abs(toScreen(t, { x: 4000, y: 1000 }).x - 400) < 1e-9);
});

test('a small graph keeps its natural size, centred', () => {
  const t = fitTransform({ width: 300, height: 100 }, view);
  assert.equal(t.scale, 1);
  assert.equal(t.x, 250);
  assert.equal(t.y, 150);
});

test('zooming keeps the point under the pointer still, within limits', () => {
  const t = { scale: 1, x: 10, y: 20 };
  const at = { x: 300, y: 200 };
  const before = { x: (at.x - t.x) / t.scale, y: (at.y - t.y) / t.scale };
  const zoomed = zoomAt(t, 2, at);
  assert.equal(zoomed.scale, 2);
  const after = toScreen(zoomed, before);
  assert.ok(Math.abs(after.x - at.x) < 1e-9 && Math.abs(after.y - at.y) < 1e-9);
  assert.equal(zoomAt(t, 1000, at).scale, MAX_SCALE);
  assert.deepEqual(zoomAt(t, NaN, at), t);
  assert.deepEqual(zoomAt(t, -1, at), t);
});

test('panning moves, centring puts a point mid-view', () => {
  assert.deepEqual(panBy({ scale: 2, x: 0, y: 0 }, 5, -3), {
    scale: 2,
    x: 5,
    y: -3
  });
  assert.deepEqual(panBy({ scale: 1, x: 0, y: 0 }, Infinity, 0), {
    scale: 1,
    x: 0,
    y: 0
  });
  const t = centreOn({ x: 1000, y: 500 }, view, 1);
  assert.deepEqual(toScreen(t, { x: 1000, y: 500 }), { x: 400, y: 200 });
});

test('a wheel notch zooms by about 10%, in, out, bounded', () => {
  assert.ok(wheelFactor(-100, 0) > 1.2 && wheelFactor(-100, 0) < 1.3);
  assert.ok(Math.abs(wheelFactor(100, 0) * wheelFactor(-100, 0) - 1) < 1e-9);
  assert.equal(wheelFactor(1e9, 0), wheelFactor(200, 0));
  assert.equal(wheelFactor(-3, 1), wheelFactor(-48, 0));
});
