/**
 * Logs and pod details, the pure part: the followed text kept bounded in the browser,
 * the stream's events read, and what the details view says. No JupyterLab imports
 * (unit-tested in logs.test.ts).
 */
import type { IWorkspaceDetails } from './types';

/** The browser keeps at most this much followed text (the server's bound is 1 MiB). */
export const MAX_SHOWN_CHARS = 1024 * 1024;

/**
 * The text with a chunk appended, cut from the front at a line boundary when it grows
 * past `max`; `cut` says when something was dropped.
 */
export function appendBounded(
  text: string,
  chunk: string,
  max: number = MAX_SHOWN_CHARS
): { text: string; cut: boolean } {
  const joined = text + chunk;
  if (joined.length <= max) {
    return { text: joined, cut: false };
  }
  let start = joined.length - max;
  const newline = joined.indexOf('\n', start);
  if (newline !== -1 && newline < joined.length - 1) {
    start = newline + 1;
  }
  return { text: joined.slice(start), cut: true };
}

/** One event of the follow stream, as the contract sends it. */
export type LogStreamEvent =
  | { type: 'lines'; text: string }
  | { type: 'end'; reason: string }
  | { type: 'error'; message: string };

/** Read one server-sent event's data; null when it is not one of ours. */
export function parseLogEvent(data: string): LogStreamEvent | null {
  let body: any;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (body === null || typeof body !== 'object') {
    return null;
  }
  if (body.type === 'lines' && typeof body.text === 'string') {
    return { type: 'lines', text: body.text };
  }
  if (body.type === 'end') {
    return { type: 'end', reason: String(body.reason ?? 'The log ended.') };
  }
  if (body.type === 'error' || typeof body.message === 'string') {
    return {
      type: 'error',
      message: String(body.message ?? 'The log stream failed.')
    };
  }
  return null;
}

/**
 * "alice, 1/1/2026 12:00" for created/changed by; a tool's name (a field manager, when
 * no created-by annotation names a person) says so; "—" when nothing is known.
 */
export function auditLine(
  who: string | null | undefined,
  when: string | null | undefined,
  byManager = false
): string {
  const time = when ? new Date(when).toLocaleString() : '';
  if (who && byManager) {
    who = `${who} (tool)`;
  }
  if (who && time) {
    return `${who}, ${time}`;
  }
  return who || time || '—';
}

/** A mount of the details answer in words: "data-pvc at /data (read-only)". */
export function mountLine(mount: Record<string, unknown>): string {
  const source = String(
    mount.pvcName ?? mount.secretName ?? mount.name ?? mount.source ?? '?'
  );
  const path = mount.mountPath ? ` at ${String(mount.mountPath)}` : '';
  const readOnly = mount.readOnly === true ? ' (read-only)' : '';
  return `${source}${path}${readOnly}`;
}

/** Every mount of the workspace, home first. */
export function mountLines(details: IWorkspaceDetails): string[] {
  const mounts = details.mounts ?? { home: null, data: [], secrets: [] };
  const lines: string[] = [];
  if (mounts.home) {
    lines.push(`Home: ${mountLine(mounts.home)}`);
  }
  for (const data of mounts.data ?? []) {
    lines.push(`Data: ${mountLine(data)}`);
  }
  for (const secret of mounts.secrets ?? []) {
    lines.push(`Secret: ${mountLine(secret)}`);
  }
  return lines;
}
