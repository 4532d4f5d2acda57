/**
 * Table-driven unit tests, as jest's `test.each` (node:test has none): one test per
 * table, each case a subtest with its name, so a failure names its case and the other
 * cases still run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';

/** A case's values as its subtest's name: functions by their name, the rest as literals. */
function caseName(values: readonly unknown[]): string {
  return values
    .map(value =>
      typeof value === 'function'
        ? value.name
        : inspect(value, { breakLength: Infinity, depth: 4 })
    )
    .join(', ');
}

/**
 * The test `title`, which runs `check` with the values of each case in turn. Cases come
 * as a list (each named by its values) or as an object (each named by its key).
 */
export function testEach<Case extends readonly unknown[]>(
  title: string,
  cases: readonly Case[] | Readonly<Record<string, Case>>,
  check: (...values: Case) => void
): void {
  const named: [string, Case][] = Array.isArray(cases)
    ? cases.map(values => [caseName(values), values])
    : Object.entries(cases);
  test(title, async t => {
    for (const [name, values] of named) {
      await t.test(name, () => check(...values));
    }
  });
}

/**
 * The test `title`: `answer` gives each case's output for its input (compared deeply),
 * as `testEach` with `assert.deepEqual(answer(input), output)` for its check.
 */
export function testAnswers<Input, Output>(
  title: string,
  answer: (input: Input) => Output,
  cases: readonly (readonly [NoInfer<Input>, NoInfer<Output>])[]
): void {
  testEach<readonly [Input, Output]>(title, cases, (input, output) =>
    assert.deepEqual(answer(input), output)
  );
}
