/**
 * The test translator: English, with each translated string marked (`⟦…⟧`), so a test can
 * tell a message given through the translator from one built in code (unmarked).
 */
import { ITrans, plainTrans } from '../trans';

export const marking: ITrans = {
  __: (msgid, ...args) => `⟦${plainTrans.__(msgid, ...args)}⟧`,
  _n: (msgid, plural, n, ...args) =>
    `⟦${plainTrans._n(msgid, plural, n, ...args)}⟧`
};
