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
