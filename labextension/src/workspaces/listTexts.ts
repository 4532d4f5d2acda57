/**
 * The workspaces list's own sentences (its accessible name, the empty and count lines),
 * each one whole message for translators: a namespace or "all namespaces" is not glued
 * into a sentence, nor a plural ending or "match" onto a count.
 */
import type { ITrans, Messages } from '../trans';

/** The list's sentences that depend on whether it shows all namespaces or one. */
type Sentence = 'label' | 'staleLabel' | 'empty' | 'filteredEmpty';

/** Each sentence when the list shows all namespaces. */
const ALL_NAMESPACES: Messages<Sentence> = {
  label: trans => trans.__('Workspaces in all namespaces'),
  staleLabel: trans =>
    trans.__('Workspaces in all namespaces (possibly out of date)'),
  empty: trans => trans.__('No workspaces in any namespace yet.'),
  filteredEmpty: trans => trans.__('No workspace in any namespace matches.')
};

/** Each sentence when the list shows one namespace, named inside it (`%1`). */
const ONE_NAMESPACE: Record<
  Sentence,
  (trans: ITrans, namespace: string) => string
> = {
  label: (trans, namespace) => trans.__('Workspaces in %1', namespace),
  staleLabel: (trans, namespace) =>
    trans.__('Workspaces in %1 (possibly out of date)', namespace),
  empty: (trans, namespace) => trans.__('No workspaces in %1 yet.', namespace),
  filteredEmpty: (trans, namespace) =>
    trans.__('No workspace in %1 matches.', namespace)
};

function sentence(
  which: Sentence,
  all: boolean,
  namespace: string,
  trans: ITrans
): string {
  return all
    ? ALL_NAMESPACES[which](trans)
    : ONE_NAMESPACE[which](trans, namespace);
}

/** The grid's accessible name. */
export function listLabel(
  all: boolean,
  namespace: string,
  stale: boolean,
  trans: ITrans
): string {
  return sentence(stale ? 'staleLabel' : 'label', all, namespace, trans);
}

/** Nothing listed: nothing there yet, or nothing the search and filters match. */
export function emptyText(
  all: boolean,
  namespace: string,
  filtered: boolean,
  trans: ITrans
): string {
  return sentence(filtered ? 'filteredEmpty' : 'empty', all, namespace, trans);
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
