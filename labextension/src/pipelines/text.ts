/**
 * Text shaping for the view. Pure, unit-tested by `text.test.ts`.
 */
import { ITrans } from '../trans';
import { IWarning, RunStatus, StepStatus } from './types';

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
 * Cells as people count them: from 1, markdown included. The server's `cells` lists are
 * 0-based indexes among all the notebook's cells; every place the view shows a cell
 * number goes through here, so the graph, the table, the warnings and the tooltips agree.
 */
export function cellNumber(index: number): number {
  return index + 1;
}

/** "cell 3", "cells 3, 5, 7" or, past `max` numbers, "cells 3, 5, 7, 9, …". */
export function cellsLabel(
  cells: number[],
  trans: ITrans,
  max = Infinity
): string {
  if (cells.length === 0) {
    return trans.__('no code cells');
  }
  const numbers = cells.map(cellNumber);
  if (numbers.length === 1) {
    return trans.__('cell %1', numbers[0]);
  }
  const shown = numbers.slice(0, max).join(', ');
  return numbers.length > max
    ? trans.__('cells %1, …', shown)
    : trans.__('cells %1', shown);
}

/**
 * A warning as one line that names its cell once (the server may already have).
 * `cell` is a 0-based index; people count cells from 1, as the server's messages do.
 */
export function warningText(warning: IWarning): string {
  if (warning.cell === null) {
    return warning.message;
  }
  const place = `cell ${cellNumber(warning.cell)}`;
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

/** A run's or step's status as shown on its badge (KFP's state names, translatable). */
export function statusLabel(
  status: RunStatus | StepStatus,
  trans: ITrans
): string {
  const labels: Record<string, string> = {
    PENDING: trans.__('PENDING'),
    RUNNING: trans.__('RUNNING'),
    SUCCEEDED: trans.__('SUCCEEDED'),
    FAILED: trans.__('FAILED'),
    SKIPPED: trans.__('SKIPPED'),
    CACHED: trans.__('CACHED'),
    CANCELLED: trans.__('CANCELLED')
  };
  // Own keys only: a status the server invents is shown as it is.
  return Object.prototype.hasOwnProperty.call(labels, status)
    ? labels[status]
    : status;
}
