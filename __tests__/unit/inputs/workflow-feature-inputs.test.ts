/** The inputs of the workflow features: pull request, refs, input budget, comment, missing identity. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_MAX_INPUT_TOKENS, readWorkflowFeatureInputs } from '../../../src/inputs/workflow-feature-inputs.ts';

describe('readWorkflowFeatureInputs', () => {
  const read = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    readWorkflowFeatureInputs((name) => inputs[name] ?? '', env);

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
});
