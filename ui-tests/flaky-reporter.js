/**
 * Says loudly which UI tests were retried: a test that failed and then passed on its
 * retry is flaky, one that failed every attempt is broken. The list goes to the log
 * (after the run, in a banner) and to test-results/flaky-tests.txt (and .json), written
 * on every run (empty when none), so CI can show it whatever the outcome.
 *
 * A retry that passes does not make the run green: playwright.config.js sets
 * failOnFlakyTests in CI (why: see there).
 */
const fs = require('fs');
const path = require('path');

const OUTPUT = path.join(__dirname, 'test-results');

// eslint-disable-next-line no-control-regex
const COLOURS = /\u001b\[[0-9;]*m/g;

function firstLine(text) {
  return String(text || '')
    .replace(COLOURS, '')
    .split('\n')
    .find(line => line.trim())
    ?.trim();
}

/** A failed attempt: its number, status and the first line of its error. */
function attempts(test) {
  return test.results
    .filter(result => result.status !== 'passed' && result.status !== 'skipped')
    .map(result => ({
      attempt: result.retry + 1,
      status: result.status,
      error: firstLine(result.error?.message) || '(no error message)'
    }));
}

class FlakyReporter {
  onBegin(config, suite) {
    this.suite = suite;
  }

  onEnd() {
    const retried = this.suite
      .allTests()
      .filter(test => test.results.length > 1)
      .map(test => ({
        outcome: test.outcome() === 'flaky' ? 'flaky' : 'failed',
        title: test.titlePath().filter(Boolean).join(' › '),
        location: `${path.relative(__dirname, test.location.file)}:${test.location.line}`,
        attempts: test.results.length,
        failures: attempts(test)
      }));
    const lines = retried.map(test =>
      [
        `${test.outcome.toUpperCase()}: ${test.title} (${test.location}), ` +
          `${test.attempts} attempts`,
        ...test.failures.map(
          f => `    attempt ${f.attempt} ${f.status}: ${f.error}`
        )
      ].join('\n')
    );
    fs.mkdirSync(OUTPUT, { recursive: true });
    fs.writeFileSync(
      path.join(OUTPUT, 'flaky-tests.json'),
      JSON.stringify(retried, null, 2) + '\n'
    );
    fs.writeFileSync(
      path.join(OUTPUT, 'flaky-tests.txt'),
      lines.length ? lines.join('\n') + '\n' : ''
    );
    if (!lines.length) {
      console.log('\nRetried UI tests: none.');
      return;
    }
    const flaky = retried.filter(test => test.outcome === 'flaky').length;
    const rule = '!'.repeat(78);
    console.log(
      [
        '',
        rule,
        `RETRIED UI TESTS: ${retried.length} (${flaky} flaky: failed, then passed on a retry)`,
        ...lines,
        `(also in ${path.relative(process.cwd(), path.join(OUTPUT, 'flaky-tests.txt'))})`,
        rule,
        ''
      ].join('\n')
    );
  }

  printsToStdio() {
    return false; // the list reporter keeps the console; this adds to it
  }
}

module.exports = FlakyReporter;
