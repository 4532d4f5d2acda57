/**
 * The parameter form's logic: what a user types (text) <-> typed JSON values, with a
 * message for each invalid entry as they type. Pure, unit-tested by `parameters.test.ts`.
 */
import { IParameter, JSONValue, ParameterType } from './types';

export type ParseResult =
  { ok: true; value: JSONValue } | { ok: false; error: string };

/** The text an input starts with for a value of this type. */
export function formatParameter(type: ParameterType, value: JSONValue): string {
  switch (type) {
    case 'str':
      return typeof value === 'string' ? value : String(value ?? '');
    case 'bool':
      return value ? 'true' : 'false';
    case 'int':
    case 'float':
      return typeof value === 'number' ? String(value) : String(value ?? '');
    case 'list':
    case 'dict':
      return JSON.stringify(value);
  }
}

const INTEGER = /^[+-]?\d+$/;
// Decimal notation only (no hex, no "Infinity"): what Python's float() and JSON agree on.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parse what the user typed for a parameter of `type`. */
export function parseParameter(type: ParameterType, text: string): ParseResult {
  switch (type) {
    case 'str':
      // Strings travel byte-identical: no trimming, no unescaping.
      return { ok: true, value: text };
    case 'int': {
      const trimmed = text.trim();
      if (!INTEGER.test(trimmed)) {
        return { ok: false, error: 'must be a whole number, e.g. 42' };
      }
      const value = Number(trimmed);
      if (!Number.isSafeInteger(value)) {
        return {
          ok: false,
          error: `must be between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`
        };
      }
      return { ok: true, value };
    }
    case 'float': {
      const trimmed = text.trim();
      const value = Number(trimmed);
      if (!DECIMAL.test(trimmed) || !Number.isFinite(value)) {
        return { ok: false, error: 'must be a number, e.g. 0.5 or 1e-3' };
      }
      return { ok: true, value };
    }
    case 'bool': {
      const lowered = text.trim().toLowerCase();
      if (lowered === 'true') {
        return { ok: true, value: true };
      }
      if (lowered === 'false') {
        return { ok: true, value: false };
      }
      return { ok: false, error: 'must be true or false' };
    }
    case 'list':
    case 'dict': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        const example = type === 'list' ? '[1, "a"]' : '{"key": 1}';
        return {
          ok: false,
          error: `must be JSON, e.g. ${example} (${(error as Error).message})`
        };
      }
      const isList = Array.isArray(value);
      const isDict = typeof value === 'object' && value !== null && !isList;
      if (type === 'list' && !isList) {
        return { ok: false, error: 'must be a JSON list, e.g. [1, "a"]' };
      }
      if (type === 'dict' && !isDict) {
        return { ok: false, error: 'must be a JSON object, e.g. {"key": 1}' };
      }
      return { ok: true, value: value as JSONValue };
    }
  }
}

export interface IFormCheck {
  /** The typed values of every valid entry, by parameter name. */
  values: Record<string, JSONValue>;
  /** A message per invalid entry, by parameter name. */
  errors: Record<string, string>;
}

/** Check the whole form: `texts` holds what the user typed, by parameter name. */
export function checkParameters(
  parameters: IParameter[],
  texts: Record<string, string>
): IFormCheck {
  const values: Record<string, JSONValue> = {};
  const errors: Record<string, string> = {};
  for (const parameter of parameters) {
    const text =
      texts[parameter.name] ??
      formatParameter(parameter.type, parameter.default);
    const result = parseParameter(parameter.type, text);
    if (result.ok) {
      values[parameter.name] = result.value;
    } else {
      errors[parameter.name] = `${parameter.name} ${result.error}`;
    }
  }
  return { values, errors };
}

/** The starting texts of the form: each parameter's default. */
export function defaultTexts(parameters: IParameter[]): Record<string, string> {
  return Object.fromEntries(
    parameters.map(p => [p.name, formatParameter(p.type, p.default)])
  );
}

/** Whether a value holds `[[`, in itself or in any string inside it. */
function holdsMacro(value: JSONValue): boolean {
  if (typeof value === 'string') {
    return value.includes('[[');
  }
  if (Array.isArray(value)) {
    return value.some(holdsMacro);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => key.includes('[[') || holdsMacro(item)
    );
  }
  return false;
}

/**
 * The parameters whose value holds `[[`: KFP's server replaces `[[RunUUID]]`,
 * `[[ScheduledTime]]` and its other macros inside string parameters, so on Kubeflow such
 * a value may not arrive as typed (a local run keeps it as typed).
 */
export function macroParameters(values: Record<string, JSONValue>): string[] {
  return Object.entries(values)
    .filter(([, value]) => holdsMacro(value))
    .map(([name]) => name);
}
