/** The one rule for "no OIDC token by design": a fork's pull request, or a Dependabot run. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NO_TOKEN_BY_DESIGN, noTokenByDesign, noTokenExplanation, tokenlessRun } from '../../../src/identity/no-token-by-design.ts';

describe('noTokenByDesign', () => {
  test('a pull request from a fork', () => {
    assert.equal(noTokenByDesign({ fromFork: true, actor: 'someone' }), 'fork');
  });

  test('a Dependabot run', () => {
    assert.equal(noTokenByDesign({ fromFork: false, actor: 'dependabot[bot]' }), 'dependabot');
  });

  test("Dependabot's pull request from a fork is told as the fork's", () => {
    assert.equal(noTokenByDesign({ fromFork: true, actor: 'dependabot[bot]' }), 'fork');
  });

  test('any other run could have a token: a missing one is a missing permission', () => {
    assert.equal(noTokenByDesign({ fromFork: false, actor: 'octocat' }), undefined);
    assert.equal(noTokenByDesign({ fromFork: false, actor: undefined }), undefined);
    assert.equal(noTokenByDesign({ fromFork: false, actor: 'dependabot' }), undefined);
  });

  test('the explanation names the run, why it has no token and the ways out', () => {
    assert.equal(noTokenExplanation('fork'), `This run is for a pull request from a fork. ${NO_TOKEN_BY_DESIGN}`);
    assert.equal(noTokenExplanation('dependabot'), `This run was triggered by Dependabot. ${NO_TOKEN_BY_DESIGN}`);
    assert.match(NO_TOKEN_BY_DESIGN, /on-missing-identity: skip/);
    assert.equal(tokenlessRun('fork'), 'This run is for a pull request from a fork');
  });
});
