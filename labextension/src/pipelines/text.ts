/**
 * Text shaping for the run panel. Pure, unit-tested by `text.test.ts`.
 */

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links) that kfp.local
// and pip write for terminals; a <pre> would show them as garbage.
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g;

/** The text without terminal escape sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
