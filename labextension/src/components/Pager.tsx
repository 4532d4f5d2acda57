/**
 * Paging by page tokens, as the registry and catalog APIs page: `usePageTokens` keeps the
 * token that opens each page seen (page 1 needs none) and goes back to page 1 when the
 * query changes; `Pager` is the Previous / Page N / Next bar, held while a page loads.
 */
import * as React from 'react';

import { useTrans } from '../trans';

export interface IPageTokens {
  /** 0 for the first page */
  page: number;
  /** the token that opens this page */
  token: string;
  /** every token seen: a new array whenever the page changes (a loader's dependency) */
  tokens: string[];
  previous: () => void;
  next: (token: string) => void;
}

export function usePageTokens(query: React.DependencyList): IPageTokens {
  // tokens[i] opens page i; page 0 needs none
  const [tokens, setTokens] = React.useState<string[]>(['']);
  // back to page 1 when the query changes (same array when already there: no refetch)
  React.useEffect(() => setTokens(t => (t.length === 1 ? t : [''])), query);
  const page = tokens.length - 1;
  return {
    page,
    token: tokens[page],
    tokens,
    previous: () => setTokens(tokens.slice(0, -1)),
    next: token => setTokens([...tokens, token])
  };
}

export function Pager(props: {
  /** the bar's name: "Model pages" */
  label: string;
  pages: IPageTokens;
  /** the token of the next page; none on the last */
  nextToken: string;
  loading: boolean;
}): JSX.Element {
  const trans = useTrans();
  const { pages, nextToken, loading } = props;
  return (
    <nav className="jp-kf-registry-paging" aria-label={props.label}>
      <button
        className="jp-mod-styled jp-kf-registry-smallButton"
        disabled={pages.page === 0 || loading}
        onClick={pages.previous}
      >
        {trans.__('Previous')}
      </button>
      <span className="jp-kf-registry-muted">
        {trans.__('Page %1', pages.page + 1)}
      </span>
      <button
        className="jp-mod-styled jp-kf-registry-smallButton"
        disabled={!nextToken || loading}
        onClick={() => pages.next(nextToken)}
      >
        {trans.__('Next')}
      </button>
    </nav>
  );
}
