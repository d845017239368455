/** The inputs of the workflow features: pull request, refs, input budget, comment, missing identity. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Config } from '../../../src/config.ts';
import { DEFAULT_MAX_INPUT_TOKENS, readWorkflowFeatureInputs, withReviewFormat } from '../../../src/inputs/workflow-feature-inputs.ts';
import { REVIEW_FORMAT } from '../../../src/review/review-schema.ts';

describe('readWorkflowFeatureInputs', () => {
  const read = (inputs: Record<string, string>, env: Record<string, string> = {}, maxTokens?: number) =>
    readWorkflowFeatureInputs((name) => inputs[name] ?? '', env, maxTokens);

  test('defaults', async () => {
    const config = await read({}, { GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'build', GITHUB_ACTION: 'ai' });
    assert.deepEqual(config, {
      githubToken: '',
      maxInputTokens: DEFAULT_MAX_INPUT_TOKENS,
      largeDiff: 'trim',
      comment: 'none',
      commentTag: 'CI/build/ai',
      skipUnchanged: false,
      maxReviewComments: 25,
      reviewScope: 'changes',
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
      'large-diff': 'Split',
    });
    assert.equal(config.largeDiff, 'split');
    assert.equal(config.pullRequest, 12);
    assert.equal(config.fromRef, 'v1.0.0');
    assert.equal(config.toRef, 'main');
    assert.equal(config.maxInputTokens, 8000);
    assert.equal(config.comment, 'pr');
    assert.equal(config.onMissingIdentity, 'skip');
  });

  test('large-diff: only trim or split; split by default for comment: review, trim otherwise', async () => {
    await assert.rejects(read({ 'large-diff': 'chunk' }), /Input 'large-diff': 'chunk' is not supported: use trim \(.*\) or split \(/);
    assert.equal((await read({ comment: 'review' })).largeDiff, 'split');
    assert.equal((await read({ comment: 'review', 'large-diff': 'trim' })).largeDiff, 'trim');
    assert.equal((await read({ comment: 'pr' })).largeDiff, 'trim');
    assert.equal((await read({})).largeDiff, 'trim');
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

  test('comment: review: max-review-comments 0 to 100 (default 25), review-scope changes or full, skip-unchanged on', async () => {
    const config = await read({ comment: 'review', 'max-review-comments': '5', 'review-scope': 'FULL' });
    assert.deepEqual([config.comment, config.maxReviewComments, config.reviewScope, config.skipUnchanged], ['review', 5, 'full', true]);
    await assert.rejects(
      read({ comment: 'review', 'max-review-comments': '101' }),
      /^InputError: Input 'max-review-comments': 101 is out of range: use a whole number from 0 to 100\.$/,
    );
    await assert.rejects(
      read({ comment: 'review', 'review-scope': 'since' }),
      /^InputError: Input 'review-scope': 'since' is not supported: use changes \(only what changed since this step's earlier review, the default\) or full \(always the whole pull request\)\.$/,
    );
  });

  test('comment: review asks for its own JSON shape, so a response format of the user is refused', () => {
    const base = { comment: 'review' } as unknown as Config;
    assert.equal(withReviewFormat(base).responseFormat, REVIEW_FORMAT);
    const withSchema = { ...base, responseFormat: { type: 'json_object', input: 'response-format' } } as unknown as Config;
    assert.throws(
      () => withReviewFormat(withSchema),
      /^InputError: Input 'response-format': asks for a response format, and comment: review asks for its own/,
    );
  });
});
