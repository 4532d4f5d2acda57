/** What RBAC lets the user do, as the server's permissions answer says it. */
import { ITrans, plainTrans } from '../trans';
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
