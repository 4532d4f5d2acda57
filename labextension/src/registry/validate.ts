/**
 * Validation as you type, for the register and deploy dialogs. Pure; see validate.test.ts.
 * Each function answers an error message (what is wrong and how to fix it), or '' when fine.
 */
import { IPropertyRow } from './properties';

/** The most a registry name may hold (the Model Registry stores names as VARCHAR(255)). */
export const MAX_NAME_LENGTH = 255;
/** Kubernetes DNS-1123 label length limit. */
export const MAX_DNS_LABEL_LENGTH = 63;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// KServe also wants the first character to be a letter (its names become Service names).
const KSERVE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function validateName(value: string, what: string): string {
  if (value.trim() === '') {
    return `${what} is required.`;
  }
  if (value !== value.trim()) {
    return `${what} must not start or end with spaces.`;
  }
  if (value.length > MAX_NAME_LENGTH) {
    return `${what} is ${value.length} characters long; at most ${MAX_NAME_LENGTH} are allowed.`;
  }
  if (CONTROL_CHARACTERS.test(value)) {
    return `${what} must not contain control characters (tabs, newlines).`;
  }
  return '';
}

export function validateModelName(name: string): string {
  return validateName(name, 'Model name');
}

/** A version name must be free within its model (the server answers 409 otherwise). */
export function validateVersionName(
  name: string,
  existing: readonly string[] = []
): string {
  const error = validateName(name, 'Version name');
  if (error) {
    return error;
  }
  if (existing.includes(name)) {
    return `Version "${name}" already exists in this model; choose another name.`;
  }
  return '';
}

/** Property keys: present, unique, and not also a label. */
export function validatePropertyRows(
  rows: readonly IPropertyRow[],
  labels: readonly string[] = []
): Record<number, string> {
  const errors: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') {
      return; // an empty row is ignored, not an error
    }
    if (key === '') {
      errors[index] = `Property ${index + 1} has a value but no key.`;
    } else if (key.length > MAX_NAME_LENGTH) {
      errors[index] =
        `Property key "${key.slice(0, 20)}…" is longer than ${MAX_NAME_LENGTH} characters.`;
    } else if (seen.has(key)) {
      errors[index] = `Property key "${key}" is used twice.`;
    } else if (labels.includes(key)) {
      errors[index] =
        `"${key}" is already a label; a key is either a label or a property.`;
    }
    seen.add(key);
  });
  return errors;
}

/** Labels: non-empty and unique. */
export function validateLabels(
  labels: readonly string[]
): Record<number, string> {
  const errors: Record<number, string> = {};
  const seen = new Set<string>();
  labels.forEach((label, index) => {
    const text = label.trim();
    if (text === '') {
      errors[index] = `Label ${index + 1} is empty.`;
    } else if (text.length > MAX_NAME_LENGTH) {
      errors[index] =
        `Label ${index + 1} is longer than ${MAX_NAME_LENGTH} characters.`;
    } else if (seen.has(text)) {
      errors[index] = `Label "${text}" is used twice.`;
    }
    seen.add(text);
  });
  return errors;
}

/** A Kubernetes namespace: a DNS-1123 label. */
export function validateNamespace(namespace: string): string {
  return validateDnsLabel(namespace, 'Namespace', DNS_1123_LABEL);
}

/** An InferenceService name: a DNS-1123 label that starts with a letter (KServe's rule). */
export function validateInferenceServiceName(name: string): string {
  return validateDnsLabel(name, 'Name', KSERVE_NAME);
}

function validateDnsLabel(
  value: string,
  what: string,
  pattern: RegExp
): string {
  if (value === '') {
    return `${what} is required.`;
  }
  if (value.length > MAX_DNS_LABEL_LENGTH) {
    return `${what} is ${value.length} characters long; at most ${MAX_DNS_LABEL_LENGTH} are allowed.`;
  }
  if (!pattern.test(value)) {
    const start =
      pattern === KSERVE_NAME
        ? 'start with a letter'
        : 'start with a letter or digit';
    return (
      `${what} "${value}" is not a valid DNS-1123 label: use lowercase letters, digits ` +
      `and '-', ${start} and end with a letter or digit.`
    );
  }
  return '';
}

/**
 * A name Kubernetes accepts, derived from a registry name and version ("My Model", "v1"
 * -> "my-model-v1"), as the deploy dialog's default.
 */
export function suggestInferenceServiceName(
  modelName: string,
  versionName: string
): string {
  let name = `${modelName}-${versionName}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '');
  name = name.slice(0, MAX_DNS_LABEL_LENGTH).replace(/-+$/, '');
  return name || 'model';
}
