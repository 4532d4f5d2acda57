/** What RBAC lets the user do, as the server's permissions answer says it. */
import { ITrans, Naming, plainTrans } from '../trans';
import type { IPermissions, Verb } from './types';

/**
 * Why `verb` is refused (the server's reason, else `fallback`), or undefined when it
 * is allowed; 'Loading…' while the permissions are not known yet.
 */
export function refusalOf(
  permissions: IPermissions | undefined,
  verb: Verb,
  fallback: string,
  trans: ITrans = plainTrans
): string | undefined {
  if (!permissions) {
    return trans.__('Loading…');
  }
  return permissions[verb]
    ? undefined
    : (permissions.reasons[verb] ?? fallback);
}

/** "You may not VERB workspaces in NS.": one whole sentence a verb, for translators. */
const DENIED: Record<Verb, Naming> = {
  create: (trans, ns) => trans.__('You may not create workspaces in %1.', ns),
  update: (trans, ns) => trans.__('You may not update workspaces in %1.', ns),
  delete: (trans, ns) => trans.__('You may not delete workspaces in %1.', ns)
};

export function deniedText(
  verb: Verb,
  namespace: string,
  trans: ITrans = plainTrans
): string {
  return DENIED[verb](trans, namespace);
}
