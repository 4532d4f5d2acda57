/** Immutable edits of a form's list of rows. */

/** The rows with the one at `index` changed by `patch`. */
export function patchRow<R>(
  rows: readonly R[],
  index: number,
  patch: Partial<R>
): R[] {
  return rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
}

/** The rows without the one at `index`. */
export function removeRow<R>(rows: readonly R[], index: number): R[] {
  return rows.filter((_, i) => i !== index);
}
