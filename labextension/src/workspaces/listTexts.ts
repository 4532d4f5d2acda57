/**
 * The workspaces list's own sentences (its accessible name, the empty and count lines),
 * each one whole message for translators: a namespace or "all namespaces" is not glued
 * into a sentence, nor a plural ending or "match" onto a count.
 */
import type { ITrans } from '../trans';

/** The grid's accessible name. */
export function listLabel(
  all: boolean,
  namespace: string,
  stale: boolean,
  trans: ITrans
): string {
  if (all) {
    return stale
      ? trans.__('Workspaces in all namespaces (possibly out of date)')
      : trans.__('Workspaces in all namespaces');
  }
  return stale
    ? trans.__('Workspaces in %1 (possibly out of date)', namespace)
    : trans.__('Workspaces in %1', namespace);
}

/** Nothing listed: nothing there yet, or nothing the search and filters match. */
export function emptyText(
  all: boolean,
  namespace: string,
  filtered: boolean,
  trans: ITrans
): string {
  if (all) {
    return filtered
      ? trans.__('No workspace in any namespace matches.')
      : trans.__('No workspaces in any namespace yet.');
  }
  return filtered
    ? trans.__('No workspace in %1 matches.', namespace)
    : trans.__('No workspaces in %1 yet.', namespace);
}

/** How many there are (or match), the number written as the user's locale writes it. */
export function countText(
  total: number,
  filtered: boolean,
  trans: ITrans
): string {
  // `_n` fills %1 with the count itself; %2 is the count as the locale writes it
  const shown = total.toLocaleString();
  return filtered
    ? trans._n('%2 workspace matches', '%2 workspaces match', total, shown)
    : trans._n('%2 workspace', '%2 workspaces', total, shown);
}
