/** The first line of a text: the first that holds more than whitespace. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firstLine } from '../../src/first-line.ts';

describe('firstLine', () => {
  test('the text up to its first line break', () => {
    assert.equal(firstLine('AADSTS70021: No match.\nTrace ID: 1'), 'AADSTS70021: No match.');
  });

  test('a text of one line is itself', () => {
    assert.equal(firstLine('one line'), 'one line');
  });

  test('blank lines before the first are skipped', () => {
    assert.equal(firstLine('\n   \n  indented first\nsecond'), '  indented first');
  });

  test('nothing, for a blank text', () => {
    assert.equal(firstLine(''), '');
    assert.equal(firstLine('\n \n'), '');
  });
});
