import * as path from 'path';

/**
 * Where the specs write their screenshots: the README's `docs/images/` when
 * `UPDATE_DOC_IMAGES=1`, else `test-results/` (git-ignored), so a test run never
 * leaves the work tree modified.
 */
export const SCREENSHOTS =
  process.env.UPDATE_DOC_IMAGES === '1'
    ? path.resolve(__dirname, '..', '..', 'docs', 'images')
    : path.resolve(__dirname, '..', 'test-results', 'screenshots');
