/** The version name the register dialog suggests. Pure; see versionName.test.ts. */

const NUMBERED = /^v(\d+)$/i;

/**
 * The next free "vN": one more than the highest "vN" already used (v1 when none), and
 * still free even when other names are in the way.
 */
export function suggestVersionName(existing: readonly string[]): string {
  const taken = new Set(existing.map(name => name.trim().toLowerCase()));
  let highest = 0;
  for (const name of taken) {
    const match = NUMBERED.exec(name);
    if (match) {
      highest = Math.max(highest, Number(match[1]));
    }
  }
  let next = highest + 1;
  while (taken.has(`v${next}`)) {
    next += 1;
  }
  return `v${next}`;
}
