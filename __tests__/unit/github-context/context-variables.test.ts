/** Which context variables a prompt uses, and whether they need the GitHub API. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contextVariablesUsed, needsApi } from '../../../src/github-context/context-variables.ts';

describe('context variable names', () => {
  test('only known names (a name the user defined is no slot: the render filled it in)', () => {
    const used = contextVariablesUsed(['pr.diff', 'name', 'repo']);
    assert.deepEqual([...used], ['pr.diff', 'repo']);
    assert.equal(needsApi(new Set(['repo', 'pr.number'])), false);
    assert.equal(needsApi(used), true);
  });
});
