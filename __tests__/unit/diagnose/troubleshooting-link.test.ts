/**
 * Every link a diagnosis can end with reaches a heading of
 * docs/troubleshooting.md, and the right one for the message.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TOPICS, TROUBLESHOOTING_URL, troubleshootingAnchor, withTroubleshootingLink } from '../../../src/diagnose/troubleshooting-link.ts';
import { ROOT } from '../../../emulator/runner.ts';
import { anchorsOf } from '../../docs/markdown.ts';

const HEADINGS = anchorsOf(join(ROOT, 'docs', 'troubleshooting.md'));

describe('troubleshooting links', () => {
  test('the URL is the repository file the headings are read from', () => {
    assert.ok(TROUBLESHOOTING_URL.startsWith('https://github.com/'));
    assert.ok(TROUBLESHOOTING_URL.endsWith('/docs/troubleshooting.md'));
  });

  test('every topic names a heading of docs/troubleshooting.md', () => {
    assert.ok(HEADINGS.size > 30, 'the headings are read');
    const missing = TOPICS.filter((topic) => !HEADINGS.has(topic.anchor)).map((topic) => topic.anchor);
    assert.deepEqual(missing, []);
  });

  test('messages link to their own heading', () => {
    const cases: Array<[string, string]> = [
      ["Input 'temperature': must be a number from 0 to 2.", 'an-input-is-missing-or-malformed'],
      [
        "All 2 deployments failed (the deployment input, then the fallbacks input):\n  1. 'a' on h: 404\nThe first deployment's failure: Deployment 'a' does not exist",
        'every-deployment-failed-fallbacks',
      ],
      [
        "The 2 deployments tried failed, and the run's deadline left no time for the rest (the deployment input, then the fallbacks input):",
        'every-deployment-failed-fallbacks',
      ],
      ["Input 'json-schema': schema 'labels' (inline) is not a valid JSON Schema: bad type", 'the-json-schema-is-not-valid'],
      [
        "Deployment 'gpt' does not exist on x.openai.azure.com (404 DeploymentNotFound).\nmore",
        'the-deployment-does-not-exist-deploymentnotfound',
      ],
      ["Deployment 'gpt' answered, but not with the JSON asked for. It is empty.", 'the-answer-is-not-the-json-asked-for'],
      [
        "The call to deployment 'gpt' timed out: the answer stopped arriving (no data for 5 s), after 4 attempts.",
        'the-answer-stopped-arriving',
      ],
      ["The call to deployment 'gpt' timed out: no answer within 5 s per attempt, after 4 attempts.", 'the-call-timed-out'],
      ['Could not read pull request #4: GitHub answered 403: Resource not accessible by integration.', 'github-answered-403'],
      ['Could not read pull request #4: GitHub answered 502: Bad gateway.', 'github-answered-another-error'],
      ['Could not resolve x.openai.azure.com (ENOTFOUND).', 'the-host-could-not-be-resolved'],
      [
        "Input 'max-total-tokens': this run could use 5,100 tokens: 1,100 of input (counted with o200k_base) plus max-tokens 4,000, more than max-total-tokens 5,000. Raise max-total-tokens.",
        'the-run-could-use-more-than-max-total-tokens',
      ],
      ["Input 'max-total-tokens': needs a limit on the answer to count: set max-tokens.", 'the-run-could-use-more-than-max-total-tokens'],
      ["Input 'max-tokens': must be a whole number.", 'an-input-is-missing-or-malformed'],
      [
        "Input 'reasoning-summary': is sent only by the Responses API, and api is chat: remove reasoning-summary.",
        'an-input-is-missing-or-malformed',
      ],
      [
        "Deployment 'codex' serves no Chat Completions (400 OperationNotSupported): its model takes the Responses API only.\nSet api: responses.",
        'the-deployment-serves-no-chat-completions-operationnotsupported',
      ],
      [
        "Deployment 'o3' does not accept the parameter 'reasoning.summary' (400 unsupported_parameter).\nRemove the reasoning-summary input.",
        'the-deployment-does-not-accept-a-parameter-unsupported_parameter',
      ],
      [
        "Could not read pull request #4 of o/r: GitHub's secondary rate limit (HTTP 429): it asks to wait 3600 s, more than max-retry-wait (60 s).",
        'githubs-secondary-rate-limit',
      ],
      [
        "Could not list the commits of o/r: GitHub's secondary rate limit (HTTP 403): still limited after 3 attempts.",
        'githubs-secondary-rate-limit',
      ],
      [
        "Could not read pull request #4 of o/r: GitHub's primary rate limit (HTTP 403): it asks to wait 1800 s, more than max-retry-wait (60 s).",
        'githubs-primary-rate-limit',
      ],
      ['Unexpected failure: boom', 'unexpected-failure'],
    ];
    for (const [message, anchor] of cases) assert.equal(troubleshootingAnchor(message), anchor, message);
  });

  test('the link is the last line; a message no topic knows links to the page', () => {
    assert.equal(
      withTroubleshootingLink('Could not resolve h (EAI_AGAIN).\nCheck it.'),
      `Could not resolve h (EAI_AGAIN).\nCheck it.\nSee ${TROUBLESHOOTING_URL}#the-host-could-not-be-resolved`,
    );
    assert.equal(withTroubleshootingLink('Something new.'), `Something new.\nSee ${TROUBLESHOOTING_URL}`);
  });
});
