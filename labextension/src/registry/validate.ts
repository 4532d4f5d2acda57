/**
 * Validation as you type, for the register and deploy dialogs. Pure; see validate.test.ts.
 * Each function answers an error message (what is wrong and how to fix it), or '' when
 * fine, in the language of `trans` (English without one): so `a || b` is the first of
 * two checks' messages, and a check runs only when those before it passed.
 */
import { ITrans, plainTrans } from '../trans';
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

/**
 * What every name must be: present, and at most `max` characters. `what` is the
 * field's translated name ("Model name").
 */
function presentAndBounded(
  value: string,
  what: string,
  max: number,
  trans: ITrans
): string {
  if (value.trim() === '') {
    return trans.__('%1 is required.', what);
  }
  if (value.length > max) {
    return trans.__(
      '%1 is %2 characters long; at most %3 are allowed.',
      what,
      value.length,
      max
    );
  }
  return '';
}

function validateName(value: string, what: string, trans: ITrans): string {
  return (
    presentAndBounded(value, what, MAX_NAME_LENGTH, trans) ||
    (value !== value.trim()
      ? trans.__('%1 must not start or end with spaces.', what)
      : '') ||
    (CONTROL_CHARACTERS.test(value)
      ? trans.__(
          '%1 must not contain control characters (tabs, newlines).',
          what
        )
      : '')
  );
}

export function validateModelName(
  name: string,
  trans: ITrans = plainTrans
): string {
  return validateName(name, trans.__('Model name'), trans);
}

/** A version name must be free within its model (the server answers 409 otherwise). */
export function validateVersionName(
  name: string,
  existing: readonly string[] = [],
  trans: ITrans = plainTrans
): string {
  return (
    validateName(name, trans.__('Version name'), trans) ||
    (existing.includes(name)
      ? trans.__(
          'Version "%1" already exists in this model; choose another name.',
          name
        )
      : '')
  );
}

/** Property keys: present, unique, and not also a label. */
export function validatePropertyRows(
  rows: readonly IPropertyRow[],
  labels: readonly string[] = [],
  trans: ITrans = plainTrans
): Record<number, string> {
  const errors: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') {
      return; // an empty row is ignored, not an error
    }
    if (key === '') {
      errors[index] = trans.__(
        'Property %1 has a value but no key.',
        index + 1
      );
    } else if (key.length > MAX_NAME_LENGTH) {
      errors[index] = trans.__(
        'Property key "%1…" is longer than %2 characters.',
        key.slice(0, 20),
        MAX_NAME_LENGTH
      );
    } else if (seen.has(key)) {
      errors[index] = trans.__('Property key "%1" is used twice.', key);
    } else if (labels.includes(key)) {
      errors[index] = trans.__(
        '"%1" is already a label; a key is either a label or a property.',
        key
      );
    }
    seen.add(key);
  });
  return errors;
}

/** Labels: non-empty and unique. */
export function validateLabels(
  labels: readonly string[],
  trans: ITrans = plainTrans
): Record<number, string> {
  const errors: Record<number, string> = {};
  const seen = new Set<string>();
  labels.forEach((label, index) => {
    const text = label.trim();
    if (text === '') {
      errors[index] = trans.__('Label %1 is empty.', index + 1);
    } else if (text.length > MAX_NAME_LENGTH) {
      errors[index] = trans.__(
        'Label %1 is longer than %2 characters.',
        index + 1,
        MAX_NAME_LENGTH
      );
    } else if (seen.has(text)) {
      errors[index] = trans.__('Label "%1" is used twice.', text);
    }
    seen.add(text);
  });
  return errors;
}

/** A Kubernetes namespace: a DNS-1123 label. */
export function validateNamespace(
  namespace: string,
  trans: ITrans = plainTrans
): string {
  return validateDnsLabel(
    namespace,
    trans.__('Namespace'),
    DNS_1123_LABEL,
    trans
  );
}

/** An InferenceService name: a DNS-1123 label that starts with a letter (KServe's rule). */
export function validateInferenceServiceName(
  name: string,
  trans: ITrans = plainTrans
): string {
  return validateDnsLabel(name, trans.__('Name'), KSERVE_NAME, trans);
}

function validateDnsLabel(
  value: string,
  what: string,
  pattern: RegExp,
  trans: ITrans
): string {
  const error = presentAndBounded(value, what, MAX_DNS_LABEL_LENGTH, trans);
  if (error) {
    return error;
  }
  if (!pattern.test(value)) {
    return pattern === KSERVE_NAME
      ? trans.__(
          '%1 "%2" is not a valid DNS-1123 label: use lowercase letters, digits and \'-\', start with a letter and end with a letter or digit.',
          what,
          value
        )
      : trans.__(
          '%1 "%2" is not a valid DNS-1123 label: use lowercase letters, digits and \'-\', start with a letter or digit and end with a letter or digit.',
          what,
          value
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
