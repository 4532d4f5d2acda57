/**
 * The kinds view, the pure part: refusals read from an error answer, a kind's YAML
 * copied under a new name, GPU use in words (a pod config's resources: logs.ts). No JupyterLab imports
 * (unit-tested in kinds.test.ts).
 */
import type { IKindError, IKindUsage } from './kindTypes';
import type { ITrans } from '../trans';

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

/** "2 workspaces (1 running)", "GPUs: 1 in use of 2 requested, 1 idle GPU workspace". */
export function usageText(
  usage: IKindUsage,
  trans: ITrans
): {
  workspaces: string;
  gpus: string;
} {
  return {
    workspaces: trans._n(
      '%1 workspace (%2 running)',
      '%1 workspaces (%2 running)',
      usage.workspaces,
      usage.running
    ),
    gpus:
      usage.gpusRequested === 0
        ? trans.__('no GPUs')
        : trans._n(
            '%2 in use of %3 requested, %1 idle GPU workspace',
            '%2 in use of %3 requested, %1 idle GPU workspaces',
            usage.idleGpuWorkspaces,
            usage.gpusInUse,
            usage.gpusRequested
          )
  };
}
