/** The inputs of the workflow features: pull request, refs, input budget, comment, missing identity. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MAX_INPUT_TOKENS, readWorkflowFeatureInputs } from '../../../src/inputs/workflow-feature-inputs.ts';

describe('readWorkflowFeatureInputs', () => {
  const read = (inputs: Record<string, string>, env: Record<string, string> = {}, maxTokens?: number) =>
    readWorkflowFeatureInputs((name) => inputs[name] ?? '', env, maxTokens);

  test('defaults', async () => {
    const config = await read({}, { GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'build', GITHUB_ACTION: 'ai' });
    assert.deepEqual(config, {
      githubToken: '',
      maxInputTokens: DEFAULT_MAX_INPUT_TOKENS,
      comment: 'none',
      commentTag: 'CI/build/ai',
      skipUnchanged: false,
      onMissingIdentity: 'fail',
    });
  });

  test('values', async () => {
    const config = await read({
      'pull-request': '#12',
      'from-ref': 'refs/tags/v1.0.0',
      'to-ref': 'main',
      'max-input-tokens': '8_000',
      comment: 'PR',
      'on-missing-identity': 'skip',
    });
    assert.equal(config.pullRequest, 12);
    assert.equal(config.fromRef, 'v1.0.0');
    assert.equal(config.toRef, 'main');
    assert.equal(config.maxInputTokens, 8000);
    assert.equal(config.comment, 'pr');
    assert.equal(config.onMissingIdentity, 'skip');
  });

  test('a ref that git would refuse', async () => {
    await assert.rejects(read({ 'from-ref': 'v1..v2' }), /Input 'from-ref': 'v1\.\.v2' is not a git ref/);
  });

  test('skip-unchanged: on by default with comment pr only; false turns it off; a bad value names the input', async () => {
    assert.equal((await read({ comment: 'pr' })).skipUnchanged, true);
    assert.equal((await read({ comment: 'pr', 'skip-unchanged': 'false' })).skipUnchanged, false);
    assert.equal((await read({ comment: 'pr', 'skip-unchanged': 'TRUE' })).skipUnchanged, true);
    assert.equal((await read({ 'skip-unchanged': 'true' })).skipUnchanged, false, 'without a comment there is nothing to reuse');
    await assert.rejects(
      read({ comment: 'pr', 'skip-unchanged': 'yes' }),
      /^InputError: Input 'skip-unchanged': 'yes' is not a boolean: use true or false\.$/,
    );
  });

  test('max-total-tokens: a whole number, with a limit on the answer', async () => {
    assert.equal((await read({}, {}, 500)).maxTotalTokens, undefined);
    assert.equal((await read({ 'max-total-tokens': '20_000' }, {}, 500)).maxTotalTokens, 20_000);
    await assert.rejects(
      read({ 'max-total-tokens': '20000' }),
      /Input 'max-total-tokens': needs a limit on the answer to count: set max-tokens/,
    );
    await assert.rejects(read({ 'max-total-tokens': '1.5' }, {}, 500), /Input 'max-total-tokens': '1\.5' is not a whole number/);
    await assert.rejects(read({ 'max-total-tokens': '0' }, {}, 500), /Input 'max-total-tokens': 0 is out of range/);
  });
});
