/**
 * The kinds view, the pure part: refusals read from an error answer, a kind's YAML
 * copied under a new name, resources and GPU use in words. No JupyterLab imports
 * (unit-tested in kinds.test.ts).
 */
import type { IKindError, IKindPodConfig, IKindUsage } from './kindTypes';

/** The refusals an error answer carries: each cause at its field and line. */
export function kindErrorsOf(error: {
  message: string;
  field?: string;
  details?: Record<string, unknown>;
}): IKindError[] {
  const details = error.details ?? {};
  const listed = Array.isArray(details.errors)
    ? (details.errors as IKindError[]).filter(e => e && e.message)
    : [];
  if (listed.length > 0) {
    return listed.map(e => ({
      field: e.field ?? '',
      message: e.message,
      line: typeof e.line === 'number' ? e.line : null
    }));
  }
  return [
    {
      field: error.field ?? '',
      message: error.message,
      line: typeof details.line === 'number' ? details.line : null
    }
  ];
}

/**
 * The YAML of a kind (as the server writes it: `metadata:` at the top level, two-space
 * indents) under another name, without the resourceVersion a new object must not carry.
 */
export function copyKindYaml(text: string, name: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let inMetadata = false;
  for (const line of lines) {
    if (/^\S/.test(line)) {
      inMetadata = line.startsWith('metadata:');
    }
    if (inMetadata && /^ {2}resourceVersion:/.test(line)) {
      continue;
    }
    out.push(inMetadata && /^ {2}name:/.test(line) ? `  name: ${name}` : line);
  }
  return out.join('\n');
}

/** "100m CPU, 128Mi memory, 1 GPU" (limits win over requests, as Kubernetes caps). */
export function podConfigText(config: IKindPodConfig): string {
  const pick = (key: string) => config.limits[key] ?? config.requests[key];
  const parts = [
    pick('cpu') ? `${pick('cpu')} CPU` : '',
    pick('memory') ? `${pick('memory')} memory` : '',
    config.gpus > 0 ? `${config.gpus} GPU${config.gpus === 1 ? '' : 's'}` : ''
  ].filter(Boolean);
  return parts.join(', ') || 'no requests or limits';
}

/** "2 workspaces (1 running)", "GPUs: 1 in use of 2 requested, 1 idle GPU workspace". */
export function usageText(usage: IKindUsage): {
  workspaces: string;
  gpus: string;
} {
  const plural = (n: number, word: string) =>
    `${n} ${word}${n === 1 ? '' : 's'}`;
  return {
    workspaces: `${plural(usage.workspaces, 'workspace')} (${usage.running} running)`,
    gpus:
      usage.gpusRequested === 0
        ? 'no GPUs'
        : `${usage.gpusInUse} in use of ${usage.gpusRequested} requested, ${plural(
            usage.idleGpuWorkspaces,
            'idle GPU workspace'
          )}`
  };
}
