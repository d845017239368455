/**
 * A retired model's 404 and a flex capacity 429, named before the generic
 * entries. The retired deployment's body is the one recorded in
 * BerriAI/litellm#11116; the quota 429's is the facts file's.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallError } from '../../../src/call/call-outcome.ts';
import { diagnose } from '../../../src/diagnose/diagnose.ts';
import type { RunFacts } from '../../../src/github-context/run-facts.ts';

const RUN: RunFacts = { event: { name: 'push', ref: 'refs/heads/main', sha: 'abc123', fromFork: false }, actor: 'octocat' };
const TODAY = new Date('2026-12-07T12:00:00Z');
const RETIRED_BODY = { error: { code: '404', message: 'Resource not found' } };
const QUOTA_BODY = {
  error: {
    code: '429',
    message:
      'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 60 seconds.',
  },
};

function callError(status: number, deployment: string, body: unknown, serviceTier?: string): CallError {
  return new CallError(new Error(String(status)), {
    failure: { status },
    facts: {
      url: `https://res1.openai.azure.com/openai/v1/chat/completions`,
      host: 'res1.openai.azure.com',
      deployment,
      timeoutMs: 120_000,
      ...(serviceTier ? { serviceTier } : {}),
    },
    attempts: 4,
    body: JSON.stringify(body),
  });
}

describe('diagnose: retirements', () => {
  test('a 404 from a deployment named after a retired model names the retirement first, with the replacement', () => {
    const message = diagnose(callError(404, 'gpt-4o-mini', RETIRED_BODY), RUN, TODAY);
    assert.match(
      message,
      /^Model gpt-4o-mini was retired on 2026-10-01 \(Microsoft's retirement schedule\), and deployment 'gpt-4o-mini' answered 404/,
    );
    assert.match(message, /\nMicrosoft suggests gpt-4\.1-mini: deploy a current model/);
    // The 404's own diagnosis follows, quoting the service.
    assert.match(message, /\nNo Azure OpenAI route at POST .*Resource not found/s);
    assert.match(message, /troubleshooting\.md#the-model-was-retired$/);
  });

  test('before the date, or for a name the table does not know, the 404 is diagnosed as before', () => {
    const early = diagnose(callError(404, 'gpt-5.2', RETIRED_BODY), RUN, TODAY);
    assert.doesNotMatch(early, /retirement schedule/);
    const after = diagnose(callError(404, 'gpt-5.2', RETIRED_BODY), RUN, new Date('2026-12-12T00:00:00Z'));
    assert.match(after, /^Model gpt-5\.2 was retired on 2026-12-12/);
    const missing = { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } };
    assert.match(
      diagnose(callError(404, 'o3', missing), RUN, TODAY),
      /^Model o3 was retired on 2026-10-16.*\nDeployment 'o3' does not exist/s,
    );
    assert.doesNotMatch(diagnose(callError(404, 'my-deployment', RETIRED_BODY), RUN, TODAY), /retirement schedule/);
  });
});

describe('diagnose: the flex tier', () => {
  test('a 429 to a flex request without the quota’s wording is flex capacity, with the default-tier fallback as the fix', () => {
    const message = diagnose(callError(429, 'gpt-5-mini', { error: { code: '429', message: 'Too Many Requests' } }, 'flex'), RUN, TODAY);
    assert.match(
      message,
      /^Flex capacity was short for deployment 'gpt-5-mini' \(429 to a service_tier flex request after 4 attempts\), not the deployment's quota\./,
    );
    assert.match(message, /a fallbacks line "gpt-5-mini service-tier=default"/);
    assert.match(message, /troubleshooting\.md#flex-capacity-was-short-429$/);
  });

  test('a quota 429 stays a quota 429, on flex or not', () => {
    assert.match(
      diagnose(callError(429, 'gpt-5-mini', QUOTA_BODY, 'flex'), RUN, TODAY),
      /^Rate limited by deployment 'gpt-5-mini' \(429\)/,
    );
    assert.match(diagnose(callError(429, 'gpt-5-mini', { error: { code: '429' } }), RUN, TODAY), /^Rate limited by deployment/);
  });
});
