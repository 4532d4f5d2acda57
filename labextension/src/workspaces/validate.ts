/**
 * Kubernetes naming rules for the create and edit forms, checked as the user types.
 * Each check returns `null` when the value is fine, or a message saying what is wrong
 * and where, e.g. "Name: 'A' at position 1 is not allowed; use lowercase letters...".
 * Pure: no JupyterLab imports (unit-tested with node:test in validate.test.ts).
 */

const LABEL_CHARS = /^[a-z0-9-]$/;
const ALNUM_LOWER = /^[a-z0-9]$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MOUNT_PATH = /^\/[^/].*$/;

/** The first character that may not appear, as "'X' at position N". */
function firstBadChar(value: string, allowed: RegExp): string | null {
  for (let i = 0; i < value.length; i++) {
    if (!allowed.test(value[i])) {
      return `'${value[i]}' at position ${i + 1}`;
    }
  }
  return null;
}

/** A required value of at most `max` characters: why not, or null. */
export function checkLength(
  value: string,
  what: string,
  max: number
): string | null {
  if (value.length === 0) {
    return `${what} is required.`;
  }
  if (value.length > max) {
    return `${what} must be at most ${max} characters (it has ${value.length}).`;
  }
  return null;
}

/**
 * An RFC 1123 label (a Workspace name, a namespace): at most 63 lowercase letters,
 * digits and '-', starting and ending with a letter or digit.
 */
export function checkDNS1123Label(value: string, what = 'Name'): string | null {
  const length = checkLength(value, what, 63);
  if (length) {
    return length;
  }
  const bad = firstBadChar(value, LABEL_CHARS);
  if (bad) {
    return `${what}: ${bad} is not allowed; use lowercase letters, digits and '-'.`;
  }
  if (!ALNUM_LOWER.test(value[0])) {
    return `${what} must start with a lowercase letter or a digit.`;
  }
  if (!ALNUM_LOWER.test(value[value.length - 1])) {
    return `${what} must end with a lowercase letter or a digit.`;
  }
  return null;
}

/** An RFC 1123 subdomain (PVC and Secret names): dot-separated labels, at most 253. */
export function checkDNS1123Subdomain(
  value: string,
  what = 'Name'
): string | null {
  const length = checkLength(value, what, 253);
  if (length) {
    return length;
  }
  for (const part of value.split('.')) {
    const problem = checkDNS1123Label(part, `${what} part '${part}'`);
    if (problem) {
      return part.length === 0
        ? `${what} has an empty part between dots.`
        : problem;
    }
  }
  return null;
}

/**
 * A Workspace's `metadata.name`. The CRD would take a subdomain, but the controller
 * names the Pod's StatefulSet and Service after it, which must be labels: so a label.
 */
export function checkWorkspaceName(value: string): string | null {
  return checkDNS1123Label(value, 'Name');
}

/** `spec.displayName`: optional, at most 128 characters (the CRD's bounds). */
export function checkDisplayName(value: string): string | null {
  if (value.length > 128) {
    return `Display name must be at most 128 characters (it has ${value.length}).`;
  }
  return null;
}

/** A volume or secret `mountPath`: absolute, not starting with '//' (the CRD's pattern). */
export function checkMountPath(
  value: string,
  what = 'Mount path'
): string | null {
  if (value.length === 0) {
    return `${what} is required.`;
  }
  if (value.length > 4096) {
    return `${what} must be at most 4096 characters.`;
  }
  if (!MOUNT_PATH.test(value)) {
    return `${what} must be an absolute path like /data/my-data.`;
  }
  return null;
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain. */
export function checkQualifiedKey(value: string, what = 'Key'): string | null {
  if (value.length === 0) {
    return `${what} is required.`;
  }
  const parts = value.split('/');
  if (parts.length > 2) {
    return `${what} may contain at most one '/'.`;
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefixProblem = checkDNS1123Subdomain(parts[0], `${what} prefix`);
    if (prefixProblem) {
      return prefixProblem;
    }
  }
  if (name.length === 0) {
    return `${what} needs a name after the '/'.`;
  }
  if (name.length > 63) {
    return `${what} name must be at most 63 characters (it has ${name.length}).`;
  }
  if (!QUALIFIED_NAME.test(name)) {
    return `${what} '${name}' may contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit.`;
  }
  return null;
}

/** A label value: empty, or at most 63 of letters, digits, '-', '_', '.'. */
export function checkLabelValue(value: string, what = 'Value'): string | null {
  if (value.length === 0) {
    return null;
  }
  if (value.length > 63) {
    return `${what} must be at most 63 characters (it has ${value.length}).`;
  }
  if (!QUALIFIED_NAME.test(value)) {
    return `${what} may contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit.`;
  }
  return null;
}

/** Indexes of entries whose key already appeared earlier in the list. */
export function duplicateIndexes(keys: string[]): Set<number> {
  const seen = new Set<string>();
  const duplicates = new Set<number>();
  keys.forEach((key, index) => {
    if (key.length === 0) {
      return;
    }
    if (seen.has(key)) {
      duplicates.add(index);
    }
    seen.add(key);
  });
  return duplicates;
}
