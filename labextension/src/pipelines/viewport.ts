/**
 * Zoom and pan of the pipeline graph: a transform from the layout's coordinates to the
 * view's (`screen = content * scale + offset`). Pure, unit-tested by `viewport.test.ts`.
 */

export interface ITransform {
  scale: number;
  x: number;
  y: number;
}

/** A request to centre the graph on a step. */
export interface IGraphFocus {
  step: string;
  /** Changes on every request, so asking twice for the same step centres it again. */
  token: number;
}

export interface ISize {
  width: number;
  height: number;
}

export interface IPoint {
  x: number;
  y: number;
}

/** Zoom limits: a 100-step graph fits, and a label can be read at twice its size. */
export const MAX_SCALE = 3;
export const MIN_SCALE = 0.02;
/** Below this scale edge labels and cell numbers are hidden (they would be specks). */
export const FAR_SCALE = 0.45;
/** Room kept around a fitted graph, in screen pixels. */
export const FIT_PADDING = 12;

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/**
 * The whole content in the view, centred: shrunk as much as needed, never enlarged
 * beyond its natural size (a 3-step graph is not blown up to fill a wide screen).
 */
export function fitTransform(
  content: ISize,
  view: ISize,
  padding = FIT_PADDING
): ITransform {
  const room = {
    width: Math.max(1, view.width - 2 * padding),
    height: Math.max(1, view.height - 2 * padding)
  };
  const scale = clampScale(
    Math.min(
      1,
      room.width / Math.max(1, content.width),
      room.height / Math.max(1, content.height)
    )
  );
  return {
    scale,
    x: (view.width - content.width * scale) / 2,
    y: (view.height - content.height * scale) / 2
  };
}

/** Zoom by `factor` keeping the content under `at` (a point of the view) in place. */
export function zoomAt(t: ITransform, factor: number, at: IPoint): ITransform {
  if (!Number.isFinite(factor) || factor <= 0) {
    return t;
  }
  const scale = clampScale(t.scale * factor);
  const applied = scale / t.scale;
  return {
    scale,
    x: at.x - (at.x - t.x) * applied,
    y: at.y - (at.y - t.y) * applied
  };
}

export function panBy(t: ITransform, dx: number, dy: number): ITransform {
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) {
    return t;
  }
  return { ...t, x: t.x + dx, y: t.y + dy };
}

/** Centre the view on a content point, at `scale` (clamped). */
export function centreOn(
  point: IPoint,
  view: ISize,
  scale: number
): ITransform {
  const s = clampScale(scale);
  return {
    scale: s,
    x: view.width / 2 - point.x * s,
    y: view.height / 2 - point.y * s
  };
}

/** Where a content point shows in the view. */
export function toScreen(t: ITransform, point: IPoint): IPoint {
  return { x: point.x * t.scale + t.x, y: point.y * t.scale + t.y };
}

/** A wheel event's zoom factor: smooth for trackpads, about 10% per mouse notch. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  // deltaMode 1: lines, 2: pages; pixels otherwise.
  const pixels = deltaY * (deltaMode === 1 ? 16 : deltaMode === 2 ? 400 : 1);
  const bounded = Math.max(-200, Math.min(200, pixels));
  return Math.exp(-bounded * 0.002);
}
