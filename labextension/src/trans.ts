/**
 * Translations, as JupyterLab's own extensions do them: every plugin takes the optional
 * `ITranslator` (`nullTranslator` without one) and loads the `jupyter_kubeflow` domain;
 * pure modules take the bundle (`ITrans`) as an argument, React trees read it from
 * `TransContext` (`useTrans()`), which each widget provides at its root.
 *
 * Strings are literal at the call site (`trans.__('Delete %1?', name)`, never a
 * concatenation of translated pieces) so `jupyterlab-translate` can extract them into a
 * language pack. `plainTrans` only fills the `%1`, `%2`… placeholders, as JupyterLab
 * does with no language pack; unit tests use it.
 *
 * Kept free of JupyterLab run-time imports so the unit tests can use it in node.
 */
import * as React from 'react';

/** What this extension needs of a translation bundle (`TranslationBundle`). */
export interface ITrans {
  /** gettext, with `%1`, `%2`… placeholders filled from `args` */
  __(msgid: string, ...args: unknown[]): string;
  /** ngettext: `msgid` when `n` is 1 (in English), else `msgidPlural`; `%1` is `n`,
   * `args` fill `%2`, `%3`… (as JupyterLab's `Gettext.t`) */
  _n(msgid: string, msgidPlural: string, n: number, ...args: unknown[]): string;
}

/** The translation domain of every string of this extension. */
export const TRANSLATION_DOMAIN = 'jupyter_kubeflow';

function fill(msgid: string, args: unknown[]): string {
  return msgid.replace(/%(\d+)/g, (placeholder, n) =>
    Number(n) >= 1 && Number(n) <= args.length
      ? String(args[Number(n) - 1])
      : placeholder
  );
}

export const plainTrans: ITrans = {
  __: (msgid, ...args) => fill(msgid, args),
  _n: (msgid, msgidPlural, n, ...args) =>
    fill(n === 1 ? msgid : msgidPlural, [n, ...args])
};

/**
 * One message of a closed set (a phase's name, a column's heading, a refusal per verb),
 * kept in a table beside the other facts of its key. Each entry is a function of the
 * bundle whose body is one literal call, `trans => trans.__('Running')`: the extractor
 * finds it (it reads calls on a bundle named `trans`), the message stays whole, and only
 * the message shown is asked of the translator.
 */
export type Message = (trans: ITrans) => string;

/** A whole message naming one thing at its `%1` (a namespace, a workspace). */
export type Naming = (trans: ITrans, name: string) => string;

/** A whole message for each key of a closed set. */
export type Messages<K extends string> = Record<K, Message>;

/** The bundle of the React tree below; English until a widget provides its own. */
export const TransContext = React.createContext<ITrans>(plainTrans);

/** A component's translation bundle (from the nearest `TransContext` provider). */
export function useTrans(): ITrans {
  return React.useContext(TransContext);
}

/** `element` with `trans` provided to its tree: what each widget's `render` returns. */
export function withTrans(
  trans: ITrans,
  element: React.ReactNode
): JSX.Element {
  return React.createElement(TransContext.Provider, { value: trans }, element);
}
