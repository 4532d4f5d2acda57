/**
 * Text shaping for the view. Pure, unit-tested by `text.test.ts`.
 */
import { IWarning } from './types';

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links) that kfp.local
// and pip write for terminals; a <pre> would show them as garbage.
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g;

/** The text without terminal escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * A warning as one line that names its cell once (the server may already have).
 * `cell` is a 0-based index; people count cells from 1, as the server's messages do.
 */
export function warningText(warning: IWarning): string {
  if (warning.cell === null) {
    return warning.message;
  }
  const place = `cell ${warning.cell + 1}`;
  return new RegExp(`\\b${place}\\b`).test(warning.message)
    ? warning.message
    : `${place}: ${warning.message}`;
}

/**
 * An error as one line that names its place: a server error's `where` (e.g. "cell 3")
 * or `field`, unless its message already says it.
 */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message, where, field } = error as {
      message: unknown;
      where?: unknown;
      field?: unknown;
    };
    const text = String(message);
    const place =
      typeof where === 'string' && where
        ? where
        : typeof field === 'string' && field
          ? field
          : '';
    return place && !text.includes(place) ? `${place}: ${text}` : text;
  }
  return String(error);
}
