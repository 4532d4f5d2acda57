/**
 * What the pure modules need of JupyterLab's translator: a bundle's `__` (gettext with
 * `%1`, `%2`… placeholders). Plugins pass `translator.load('jupyter_kubeflow')`; unit
 * tests pass `plainTrans`, which only fills the placeholders, as JupyterLab does with no
 * language pack.
 */
export interface ITrans {
  __(msgid: string, ...args: unknown[]): string;
}

/** The translation domain of every string of this extension. */
export const TRANSLATION_DOMAIN = 'jupyter_kubeflow';

export const plainTrans: ITrans = {
  __: (msgid, ...args) =>
    msgid.replace(/%(\d+)/g, (placeholder, n) =>
      Number(n) >= 1 && Number(n) <= args.length
        ? String(args[Number(n) - 1])
        : placeholder
    )
};
