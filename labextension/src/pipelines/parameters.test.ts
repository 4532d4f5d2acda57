import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkParameters,
  defaultTexts,
  formatParameter,
  macroParameters,
  parseParameter
} from './parameters';
import { IParameter } from './types';

test('strings pass through byte-identical, quotes, backslashes and newlines included', () => {
  const text = ' it\'s "a" \\path\\ \n second line ';
  assert.deepEqual(parseParameter('str', text), { ok: true, value: text });
  assert.deepEqual(parseParameter('str', ''), { ok: true, value: '' });
});

test('ints accept whole numbers only', () => {
  assert.deepEqual(parseParameter('int', ' 42 '), { ok: true, value: 42 });
  assert.deepEqual(parseParameter('int', '-7'), { ok: true, value: -7 });
  for (const bad of ['', '4.2', '1e3', 'abc', '0x10', '99999999999999999999']) {
    const result = parseParameter('int', bad);
    assert.equal(result.ok, false, `${JSON.stringify(bad)} should be refused`);
  }
});

test('floats accept decimal notation and refuse the rest', () => {
  assert.deepEqual(parseParameter('float', '0.5'), { ok: true, value: 0.5 });
  assert.deepEqual(parseParameter('float', '.5'), { ok: true, value: 0.5 });
  assert.deepEqual(parseParameter('float', '3'), { ok: true, value: 3 });
  assert.deepEqual(parseParameter('float', '-1e-3'), {
    ok: true,
    value: -0.001
  });
  for (const bad of ['', 'abc', 'Infinity', 'NaN', '1,5', '0x1', '1e999']) {
    const result = parseParameter('float', bad);
    assert.equal(result.ok, false, `${JSON.stringify(bad)} should be refused`);
  }
});

test('bools are true or false', () => {
  assert.deepEqual(parseParameter('bool', 'True'), { ok: true, value: true });
  assert.deepEqual(parseParameter('bool', 'false'), { ok: true, value: false });
  assert.equal(parseParameter('bool', 'yes').ok, false);
});

test('lists and dicts are JSON of the right shape', () => {
  assert.deepEqual(parseParameter('list', '[1, "a"]'), {
    ok: true,
    value: [1, 'a']
  });
  assert.deepEqual(parseParameter('dict', '{"k": [1]}'), {
    ok: true,
    value: { k: [1] }
  });
  const notJSON = parseParameter('list', '[1,');
  assert.equal(notJSON.ok, false);
  assert.match((notJSON as { error: string }).error, /must be JSON/);
  assert.equal(parseParameter('list', '{"k": 1}').ok, false);
  assert.equal(parseParameter('dict', '[1]').ok, false);
  assert.equal(parseParameter('dict', 'null').ok, false);
});

test('format then parse gives the default back for every type', () => {
  const defaults: IParameter[] = [
    { name: 's', type: 'str', default: 'a "b"\n' },
    { name: 'i', type: 'int', default: 3 },
    { name: 'f', type: 'float', default: 0.25 },
    { name: 'b', type: 'bool', default: true },
    { name: 'l', type: 'list', default: [1, 'x'] },
    { name: 'd', type: 'dict', default: { a: { b: null } } }
  ];
  for (const p of defaults) {
    const result = parseParameter(p.type, formatParameter(p.type, p.default));
    assert.deepEqual(result, { ok: true, value: p.default }, p.name);
  }
});

test('checkParameters names each invalid field and keeps the valid ones', () => {
  const parameters: IParameter[] = [
    { name: 'epochs', type: 'int', default: 3 },
    { name: 'rate', type: 'float', default: 0.1 },
    { name: 'tag', type: 'str', default: 'x' }
  ];
  const texts = { ...defaultTexts(parameters), epochs: 'three', rate: '0.5' };
  const check = checkParameters(parameters, texts);
  assert.deepEqual(check.values, { rate: 0.5, tag: 'x' });
  assert.deepEqual(Object.keys(check.errors), ['epochs']);
  assert.match(check.errors.epochs, /^epochs must be a whole number/);
});

test('checkParameters falls back to defaults for untouched fields', () => {
  const parameters: IParameter[] = [{ name: 'n', type: 'int', default: 5 }];
  assert.deepEqual(checkParameters(parameters, {}), {
    values: { n: 5 },
    errors: {}
  });
});

test('values holding [[ are named: KFP replaces its macros in them server-side', () => {
  assert.deepEqual(
    macroParameters({
      plain: 'run-1',
      id: 'out/[[RunUUID]]/model',
      nested: { paths: ['a', '[[ScheduledTime]]'] },
      key: { '[[x]]': 1 },
      count: 3,
      half: '[x]'
    }),
    ['id', 'nested', 'key']
  );
  assert.deepEqual(macroParameters({}), []);
});
