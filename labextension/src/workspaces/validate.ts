/**
 * Kubernetes naming rules for the create and edit forms, checked as the user types.
 * Each check returns `null` when the value is fine, or a message saying what is wrong
 * and where, e.g. "Name: 'A' at position 1 is not allowed; use lowercase letters...",
 * in the language of `trans` (English without one); `what` is the field's translated
 * name. Pure: no JupyterLab imports (unit-tested with node:test in validate.test.ts).
 */
import { ITrans, plainTrans } from '../trans';

const LABEL_CHARS = /^[a-z0-9-]$/;
const ALNUM_LOWER = /^[a-z0-9]$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MOUNT_PATH = /^\/[^/].*$/;

/** The first character that may not appear, and its position (from 1). */
function firstBadChar(
  value: string,
  allowed: RegExp
): { char: string; at: number } | null {
  for (let i = 0; i < value.length; i++) {
    if (!allowed.test(value[i])) {
      return { char: value[i], at: i + 1 };
    }
  }
  return null;
}

/** A required value of at most `max` characters: why not, or null. */
export function checkLength(
  value: string,
  what: string,
  max: number,
  trans: ITrans = plainTrans
): string | null {
  if (value.length === 0) {
    return trans.__('%1 is required.', what);
  }
  if (value.length > max) {
    return trans.__(
      '%1 must be at most %2 characters (it has %3).',
      what,
      max,
      value.length
    );
  }
  return null;
}

/**
 * An RFC 1123 label (a Workspace name, a namespace): at most 63 lowercase letters,
 * digits and '-', starting and ending with a letter or digit.
 */
export function checkDNS1123Label(
  value: string,
  what?: string,
  trans: ITrans = plainTrans
): string | null {
  const field = what ?? trans.__('Name');
  const length = checkLength(value, field, 63, trans);
  if (length) {
    return length;
  }
  const bad = firstBadChar(value, LABEL_CHARS);
  if (bad) {
    return trans.__(
      "%1: '%2' at position %3 is not allowed; use lowercase letters, digits and '-'.",
      field,
      bad.char,
      bad.at
    );
  }
  if (!ALNUM_LOWER.test(value[0])) {
    return trans.__('%1 must start with a lowercase letter or a digit.', field);
  }
  if (!ALNUM_LOWER.test(value[value.length - 1])) {
    return trans.__('%1 must end with a lowercase letter or a digit.', field);
  }
  return null;
}

/** An RFC 1123 subdomain (PVC and Secret names): dot-separated labels, at most 253. */
export function checkDNS1123Subdomain(
  value: string,
  what?: string,
  trans: ITrans = plainTrans
): string | null {
  const field = what ?? trans.__('Name');
  const length = checkLength(value, field, 253, trans);
  if (length) {
    return length;
  }
  for (const part of value.split('.')) {
    const problem = checkDNS1123Label(
      part,
      trans.__("%1 part '%2'", field, part),
      trans
    );
    if (problem) {
      return part.length === 0
        ? trans.__('%1 has an empty part between dots.', field)
        : problem;
    }
  }
  return null;
}

/**
 * A Workspace's `metadata.name`. The CRD would take a subdomain, but the controller
 * names the Pod's StatefulSet and Service after it, which must be labels: so a label.
 */
export function checkWorkspaceName(
  value: string,
  trans: ITrans = plainTrans
): string | null {
  return checkDNS1123Label(value, trans.__('Name'), trans);
}

/** `spec.displayName`: optional, at most 128 characters (the CRD's bounds). */
export function checkDisplayName(
  value: string,
  trans: ITrans = plainTrans
): string | null {
  if (value.length > 128) {
    return trans.__(
      'Display name must be at most 128 characters (it has %1).',
      value.length
    );
  }
  return null;
}

/** A volume or secret `mountPath`: absolute, not starting with '//' (the CRD's pattern). */
export function checkMountPath(
  value: string,
  what?: string,
  trans: ITrans = plainTrans
): string | null {
  const field = what ?? trans.__('Mount path');
  if (value.length === 0) {
    return trans.__('%1 is required.', field);
  }
  if (value.length > 4096) {
    return trans.__('%1 must be at most 4096 characters.', field);
  }
  if (!MOUNT_PATH.test(value)) {
    return trans.__('%1 must be an absolute path like /data/my-data.', field);
  }
  return null;
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain. */
export function checkQualifiedKey(
  value: string,
  what?: string,
  trans: ITrans = plainTrans
): string | null {
  const field = what ?? trans.__('Key');
  if (value.length === 0) {
    return trans.__('%1 is required.', field);
  }
  const parts = value.split('/');
  if (parts.length > 2) {
    return trans.__("%1 may contain at most one '/'.", field);
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefixProblem = checkDNS1123Subdomain(
      parts[0],
      trans.__('%1 prefix', field),
      trans
    );
    if (prefixProblem) {
      return prefixProblem;
    }
  }
  if (name.length === 0) {
    return trans.__("%1 needs a name after the '/'.", field);
  }
  if (name.length > 63) {
    return trans.__(
      '%1 name must be at most 63 characters (it has %2).',
      field,
      name.length
    );
  }
  if (!QUALIFIED_NAME.test(name)) {
    return trans.__(
      "%1 '%2' may contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit.",
      field,
      name
    );
  }
  return null;
}

/** A label value: empty, or at most 63 of letters, digits, '-', '_', '.'. */
export function checkLabelValue(
  value: string,
  what?: string,
  trans: ITrans = plainTrans
): string | null {
  const field = what ?? trans.__('Value');
  if (value.length === 0) {
    return null;
  }
  if (value.length > 63) {
    return trans.__(
      '%1 must be at most 63 characters (it has %2).',
      field,
      value.length
    );
  }
  if (!QUALIFIED_NAME.test(value)) {
    return trans.__(
      "%1 may contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit.",
      field
    );
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
