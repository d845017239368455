/** One walk of an error's cause chain: outermost first, bounded, never past a missing cause. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { causeChain } from '../../src/cause-chain.ts';
import { findInChain, networkCode } from '../../src/errors.ts';

describe('causeChain', () => {
  test('the error, then each cause in turn', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const middle = new Error('fetch failed', { cause: root });
    const outer = new Error('Connection error.', { cause: middle });
    assert.deepEqual(causeChain(outer), [outer, middle, root]);
  });

  test('a value that is not an error ends the chain after it', () => {
    const outer = new Error('wrapped', { cause: 'a string cause' });
    assert.deepEqual(causeChain(outer), [outer, 'a string cause']);
  });

  test('nothing, for nothing', () => {
    assert.deepEqual(causeChain(undefined), []);
    assert.deepEqual(causeChain(null), []);
  });

  test('a loop is cut at the depth limit', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    assert.equal(causeChain(a).length, 6);
    assert.deepEqual(causeChain(a, 3), [a, b, a]);
  });

  test('findInChain and networkCode read the same chain', () => {
    class Marker extends Error {}
    const marker = new Marker('deep');
    const coded = Object.assign(new Error('reset', { cause: marker }), { code: 'ECONNRESET' });
    const outer = new Error('outer', { cause: coded });
    assert.equal(findInChain(outer, Marker), marker);
    assert.equal(networkCode(outer), 'ECONNRESET');
    assert.equal(findInChain(new Error('alone'), Marker), undefined);
  });
});
