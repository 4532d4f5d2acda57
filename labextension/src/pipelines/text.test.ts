import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  cellNumber,
  cellsLabel,
  describeError,
  statusLabel,
  stripAnsi,
  warningText
} from './text';
import { plainTrans } from '../trans';
import { testAnswers } from '../testing/testEach';

test('colour codes from kfp.local logs are removed, the text kept', () => {
  const line =
    "17:38:26.304 - INFO - Task \u001b[96m'step-report'\u001b[0m finished with status \u001b[92mSUCCESS\u001b[0m";
  assert.equal(
    stripAnsi(line),
    "17:38:26.304 - INFO - Task 'step-report' finished with status SUCCESS"
  );
});

test('cursor moves and OSC titles/links are removed too', () => {
  assert.equal(stripAnsi('a\u001b[2Kb\u001b[1;31mc\u001b[m'), 'abc');
  assert.equal(stripAnsi('\u001b]0;title\u0007x'), 'x');
  assert.equal(
    stripAnsi('\u001b]8;;http://e.x\u001b\\link\u001b]8;;\u001b\\'),
    'link'
  );
});

test('plain text, brackets and newlines are untouched', () => {
  const text = 'list[0] = [1, 2]\n  indented\ttab\n';
  assert.equal(stripAnsi(text), text);
});

testAnswers('a warning names its cell once', warningText, [
  [{ message: "cell 2: '%time' dropped", cell: 1 }, "cell 2: '%time' dropped"],
  [{ message: "'%time' dropped", cell: 1 }, "cell 2: '%time' dropped"],
  // cell 12 is not cell 1.
  [{ message: 'see cell 12', cell: 0 }, 'cell 1: see cell 12'],
  [{ message: 'no place', cell: null }, 'no place']
]);

test('an error names its place once', () => {
  // Shaped like KubeflowAPIError (api.ts), which the pure tests cannot import.
  const apiError = (message: string, where?: string, field?: string) =>
    Object.assign(new Error(message), { where, field });
  assert.equal(
    describeError(apiError('Syntax error', 'cell 3')),
    'cell 3: Syntax error'
  );
  assert.equal(
    describeError(apiError('Syntax error in cell 3, line 1', 'cell 3')),
    'Syntax error in cell 3, line 1'
  );
  assert.equal(
    describeError(apiError('must be a string', undefined, 'host')),
    'host: must be a string'
  );
  assert.equal(describeError(new Error('plain')), 'plain');
  assert.equal(describeError('text'), 'text');
});

test('cells are numbered from 1 wherever they are shown', () => {
  assert.equal(cellNumber(0), 1);
  assert.equal(cellsLabel([2], plainTrans), 'cell 3');
  assert.equal(cellsLabel([21, 23], plainTrans), 'cells 22, 24');
  assert.equal(
    cellsLabel([0, 1, 2, 3, 4, 5], plainTrans, 4),
    'cells 1, 2, 3, 4, …'
  );
  assert.equal(cellsLabel([], plainTrans), 'no code cells');
  // The warning about a cell and the step holding it say the same number.
  assert.match(warningText({ message: 'dropped', cell: 21 }), /^cell 22: /);
  assert.equal(cellsLabel([21], plainTrans), 'cell 22');
});

test("a status badge says KFP's state; one it does not know, as the server wrote it", () => {
  assert.equal(statusLabel('SUCCEEDED', plainTrans), 'SUCCEEDED');
  assert.equal(statusLabel('CANCELLED', plainTrans), 'CANCELLED');
  for (const odd of ['PAUSED', 'constructor', 'toString']) {
    assert.equal(statusLabel(odd as 'RUNNING', plainTrans), odd);
  }
});
