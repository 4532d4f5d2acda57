/**
 * Logs and pod details, the pure part: the followed text kept bounded in the browser,
 * the stream's events read, and what the details view says. No JupyterLab imports
 * (unit-tested in logs.test.ts).
 */
import { parseEventObject } from './stream';
import type { IOutdated, IPodResources, IWorkspaceDetails } from './types';
import type { ITrans } from '../trans';

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

/** The "Since" choices of the logs view: seconds back ('' = the whole tail). */
export function sinceChoices(
  trans: ITrans
): { value: string; label: string }[] {
  return [
    { value: '', label: trans.__('any time') },
    { value: '300', label: trans.__('last 5 min') },
    { value: '3600', label: trans.__('last hour') },
    { value: '21600', label: trans.__('last 6 h') },
    { value: '86400', label: trans.__('last 24 h') },
    { value: 'time', label: trans.__('a time…') }
  ];
}

/** The server's bound on sinceSeconds (a year). */
export const MAX_SINCE_SECONDS = 366 * 86400;

/**
 * sinceSeconds for a "Since" choice: a preset, or the seconds from a chosen time (a
 * `datetime-local` value, local time) until now; undefined for "any time"; an error text
 * when the time cannot be used (in the future, unreadable, more than a year ago).
 */
export function sinceSecondsOf(
  choice: string,
  time: string,
  trans: ITrans,
  now: number = Date.now()
): number | undefined | { error: string } {
  if (choice === '') {
    return undefined;
  }
  if (choice !== 'time') {
    return Number(choice);
  }
  const at = Date.parse(time);
  if (!time || Number.isNaN(at)) {
    return { error: trans.__('Choose the time to show lines from.') };
  }
  const seconds = Math.ceil((now - at) / 1000);
  if (seconds < 1) {
    return { error: trans.__('That time is in the future.') };
  }
  if (seconds > MAX_SINCE_SECONDS) {
    return { error: trans.__('At most a year back.') };
  }
  return seconds;
}

/** The file name a downloaded log gets: `<workspace>-<container>[-previous].log`. */
export function logFileName(
  workspace: string,
  container: string,
  previous: boolean
): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${safe(workspace)}-${safe(container || 'main')}${previous ? '-previous' : ''}.log`;
}

/**
 * One event of the follow stream, as the contract sends it (null: the server gave no
 * words, the view says its own).
 */
export type LogStreamEvent =
  | { type: 'lines'; text: string }
  | { type: 'end'; reason: string | null }
  | { type: 'error'; message: string | null };

function textOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : String(value);
}

/** Read one server-sent event's data; null when it is not one of ours. */
export function parseLogEvent(data: string): LogStreamEvent | null {
  const body = parseEventObject(data);
  if (body === null) {
    return null;
  }
  if (body.type === 'lines' && typeof body.text === 'string') {
    return { type: 'lines', text: body.text };
  }
  if (body.type === 'end') {
    return {
      type: 'end',
      reason: textOrNull(body.reason)
    };
  }
  if (body.type === 'error' || typeof body.message === 'string') {
    return {
      type: 'error',
      message: textOrNull(body.message)
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
  trans: ITrans,
  byManager = false
): string {
  const time = when ? new Date(when).toLocaleString() : '';
  if (who && byManager) {
    who = trans.__('%1 (tool)', who);
  }
  if (who && time) {
    return `${who}, ${time}`;
  }
  return who || time || '—';
}

/**
 * "1 CPU, 2Gi memory, 1 GPU" from a pod config's requests and limits (limits win over
 * requests, as Kubernetes caps): the details' and the kinds view's.
 */
export function resourcesLine(
  resources: Pick<IPodResources, 'requests' | 'limits' | 'gpus'>,
  trans: ITrans
): string {
  const pick = (key: string) =>
    resources.limits[key] ?? resources.requests[key];
  const parts: string[] = [];
  const cpu = pick('cpu');
  if (cpu) {
    parts.push(trans.__('%1 CPU', cpu));
  }
  const memory = pick('memory');
  if (memory) {
    parts.push(trans.__('%1 memory', memory));
  }
  if (resources.gpus > 0) {
    parts.push(trans._n('%1 GPU', '%1 GPUs', resources.gpus));
  }
  return parts.length > 0
    ? parts.join(', ')
    : trans.__('no requests or limits');
}

/** "requests cpu 100m, memory 128Mi; limits —" for a tooltip or detail line. */
export function requestsLine(
  resources: {
    requests: Record<string, string>;
    limits: Record<string, string>;
  },
  trans: ITrans
): string {
  const list = (map: Record<string, string>) =>
    Object.keys(map).length === 0
      ? '—'
      : Object.entries(map)
          .map(([key, value]) => `${key} ${value}`)
          .join(', ');
  return trans.__(
    'requests %1; limits %2',
    list(resources.requests),
    list(resources.limits)
  );
}

/** An outdated part of the pod in words: "image: the pod runs x, y is chosen". */
export function outdatedLine(outdated: IOutdated, trans: ITrans): string {
  if (outdated.what === 'image') {
    return trans.__(
      'Image: the pod runs %1; %2 is chosen.',
      String(outdated.pod),
      String(outdated.chosen)
    );
  }
  const describe = (side: unknown) =>
    requestsLine(
      (side ?? { requests: {}, limits: {} }) as {
        requests: Record<string, string>;
        limits: Record<string, string>;
      },
      trans
    );
  return trans.__(
    'Resources: the pod has %1; the pod config gives %2.',
    describe(outdated.pod),
    describe(outdated.chosen)
  );
}

/** A mount of the details answer in words: "data-pvc at /data (read-only)". */
export function mountLine(
  mount: Record<string, unknown>,
  trans: ITrans
): string {
  const source = String(
    mount.pvcName ?? mount.secretName ?? mount.name ?? mount.source ?? '?'
  );
  const readOnly = mount.readOnly === true;
  if (!mount.mountPath) {
    return readOnly ? trans.__('%1 (read-only)', source) : source;
  }
  const path = String(mount.mountPath);
  return readOnly
    ? trans.__('%1 at %2 (read-only)', source, path)
    : trans.__('%1 at %2', source, path);
}

/** Every mount of the workspace, home first. */
export function mountLines(
  details: IWorkspaceDetails,
  trans: ITrans
): string[] {
  const mounts = details.mounts ?? { home: null, data: [], secrets: [] };
  const lines: string[] = [];
  if (mounts.home) {
    lines.push(trans.__('Home: %1', mountLine(mounts.home, trans)));
  }
  for (const data of mounts.data ?? []) {
    lines.push(trans.__('Data: %1', mountLine(data, trans)));
  }
  for (const secret of mounts.secrets ?? []) {
    lines.push(trans.__('Secret: %1', mountLine(secret, trans)));
  }
  return lines;
}
