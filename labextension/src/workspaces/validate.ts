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

/** A check: what is wrong with a value (a whole message), or null when it is fine. */
export type Check = () => string | null;

/** The message of the first of `checks` that finds something wrong, or null. */
export function firstProblem(checks: readonly Check[]): string | null {
  for (const check of checks) {
    const problem = check();
    if (problem !== null) {
      return problem;
    }
  }
  return null;
}

/** A check that says `message` when the rule is `broken`. */
export function rule(broken: boolean, message: () => string): Check {
  return () => (broken ? message() : null);
}

/** "NAME is required." when the value is empty. */
export function required(value: string, field: string, trans: ITrans): Check {
  return rule(value.length === 0, () => trans.__('%1 is required.', field));
}

/** A required value of at most `max` characters. */
export function lengthRules(
  value: string,
  field: string,
  max: number,
  trans: ITrans
): Check[] {
  return [
    required(value, field, trans),
    rule(value.length > max, () =>
      trans.__(
        '%1 must be at most %2 characters (it has %3).',
        field,
        max,
        value.length
      )
    )
  ];
}

/** A field's check: `what` is the field's translated name (`name(trans)` without one). */
export type FieldCheck = (
  value: string,
  what?: string,
  trans?: ITrans
) => string | null;

/** The check of a field whose `rules` are read in order (the first broken one says). */
export function fieldCheck(
  name: (trans: ITrans) => string,
  rules: (value: string, field: string, trans: ITrans) => Check[]
): FieldCheck {
  return (value, what, trans = plainTrans) =>
    firstProblem(rules(value, what ?? name(trans), trans));
}

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
  return firstProblem(lengthRules(value, what, max, trans));
}

/**
 * An RFC 1123 label (a Workspace name, a namespace): at most 63 lowercase letters,
 * digits and '-', starting and ending with a letter or digit.
 */
export const checkDNS1123Label = fieldCheck(
  trans => trans.__('Name'),
  (value, field, trans) => {
    const bad = firstBadChar(value, LABEL_CHARS);
    return [
      ...lengthRules(value, field, 63, trans),
      rule(bad !== null, () =>
        trans.__(
          "%1: '%2' at position %3 is not allowed; use lowercase letters, digits and '-'.",
          field,
          bad?.char,
          bad?.at
        )
      ),
      rule(!ALNUM_LOWER.test(value[0]), () =>
        trans.__('%1 must start with a lowercase letter or a digit.', field)
      ),
      rule(!ALNUM_LOWER.test(value[value.length - 1]), () =>
        trans.__('%1 must end with a lowercase letter or a digit.', field)
      )
    ];
  }
);

/** An RFC 1123 subdomain (PVC and Secret names): dot-separated labels, at most 253. */
export const checkDNS1123Subdomain = fieldCheck(
  trans => trans.__('Name'),
  (value, field, trans) => [
    ...lengthRules(value, field, 253, trans),
    // then each dot-separated part, a label
    ...value
      .split('.')
      .map(
        part => () =>
          part.length === 0
            ? trans.__('%1 has an empty part between dots.', field)
            : checkDNS1123Label(
                part,
                trans.__("%1 part '%2'", field, part),
                trans
              )
      )
  ]
);

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
  return rule(value.length > 128, () =>
    trans.__(
      'Display name must be at most 128 characters (it has %1).',
      value.length
    )
  )();
}

/** A volume or secret `mountPath`: absolute, not starting with '//' (the CRD's pattern). */
export const checkMountPath = fieldCheck(
  trans => trans.__('Mount path'),
  (value, field, trans) => [
    required(value, field, trans),
    rule(value.length > 4096, () =>
      trans.__('%1 must be at most 4096 characters.', field)
    ),
    rule(!MOUNT_PATH.test(value), () =>
      trans.__('%1 must be an absolute path like /data/my-data.', field)
    )
  ]
);

/**
 * The name of a qualified key and a label value follow one rule (Kubernetes'
 * IsQualifiedName and IsValidLabelValue): at most 63 characters, `QUALIFIED_NAME`;
 * each says it in its own words.
 */
function qualifiedNameRules(
  value: string,
  tooLong: () => string,
  badChars: () => string
): Check[] {
  return [
    rule(value.length > 63, tooLong),
    rule(!QUALIFIED_NAME.test(value), badChars)
  ];
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain. */
export const checkQualifiedKey = fieldCheck(
  trans => trans.__('Key'),
  (value, field, trans) => {
    const parts = value.split('/');
    const name = parts[parts.length - 1];
    return [
      required(value, field, trans),
      rule(parts.length > 2, () =>
        trans.__("%1 may contain at most one '/'.", field)
      ),
      () =>
        parts.length === 2
          ? checkDNS1123Subdomain(parts[0], trans.__('%1 prefix', field), trans)
          : null,
      rule(name.length === 0, () =>
        trans.__("%1 needs a name after the '/'.", field)
      ),
      ...qualifiedNameRules(
        name,
        () =>
          trans.__(
            '%1 name must be at most 63 characters (it has %2).',
            field,
            name.length
          ),
        () =>
          trans.__(
            "%1 '%2' may contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit.",
            field,
            name
          )
      )
    ];
  }
);

/** A label value: empty, or at most 63 of letters, digits, '-', '_', '.'. */
export const checkLabelValue = fieldCheck(
  trans => trans.__('Value'),
  (value, field, trans) =>
    value.length === 0
      ? []
      : qualifiedNameRules(
          value,
          () =>
            trans.__(
              '%1 must be at most 63 characters (it has %2).',
              field,
              value.length
            ),
          () =>
            trans.__(
              "%1 may contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit.",
              field
            )
        )
);

/** The fields that have a problem, each with its message (the fine ones, null, left out). */
export function problemsOf(
  problems: Record<string, string | null>
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problems).filter(
      (entry): entry is [string, string] => entry[1] !== null
    )
  );
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
