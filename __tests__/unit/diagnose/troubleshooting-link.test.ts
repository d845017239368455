/**
 * Every link a diagnosis can end with reaches a heading of docs/troubleshooting.md, no two kinds of failure
 * share a heading, and the link follows the failure's topic (data), not its wording.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TROUBLESHOOTING_URL, withTroubleshootingLink } from '../../../src/diagnose/troubleshooting-link.ts';
import { TOPICS, told } from '../../../src/failure-topics.ts';
import { diagnose } from '../../../src/diagnose/diagnose.ts';
import { ActionFailure, InputError } from '../../../src/errors.ts';
import { ROOT } from '../../../emulator/runner.ts';
import { anchorsOf } from '../../docs/markdown.ts';
import type { RunFacts } from '../../../src/github-context/run-facts.ts';

const HEADINGS = anchorsOf(join(ROOT, 'docs', 'troubleshooting.md'));
const RUN = { event: { name: 'push', fromFork: false }, actor: 'octocat' } as unknown as RunFacts;

describe('troubleshooting links', () => {
  test('the URL is the repository file the headings are read from', () => {
    assert.ok(TROUBLESHOOTING_URL.startsWith('https://github.com/'));
    assert.ok(TROUBLESHOOTING_URL.endsWith('/docs/troubleshooting.md'));
  });

  test('every topic names a heading of docs/troubleshooting.md', () => {
    assert.ok(HEADINGS.size > 30, 'the headings are read');
    const missing = Object.entries(TOPICS).filter(([, anchor]) => !HEADINGS.has(anchor));
    assert.deepEqual(missing, []);
  });

  test('no two kinds of failure share a heading', () => {
    const byAnchor = new Map<string, string[]>();
    for (const [topic, anchor] of Object.entries(TOPICS)) byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), topic]);
    assert.deepEqual(
      [...byAnchor.values()].filter((topics) => topics.length > 1),
      [],
    );
  });

  test('the link is the last line, and names the topic given, whatever the words', () => {
    assert.equal(
      withTroubleshootingLink(told('hostUnresolved', 'Could not resolve h (EAI_AGAIN).\nCheck it.')),
      `Could not resolve h (EAI_AGAIN).\nCheck it.\nSee ${TROUBLESHOOTING_URL}#the-host-could-not-be-resolved`,
    );
    assert.equal(
      withTroubleshootingLink(told('github404', 'Something new.')),
      `Something new.\nSee ${TROUBLESHOOTING_URL}#github-answered-404`,
    );
  });

  test('a thrown failure carries its topic to the link: inputs, failures worded anywhere, the unexpected', () => {
    const linkOf = (error: unknown) => diagnose(error, RUN).split('\n').at(-1);
    assert.equal(
      linkOf(new InputError('temperature', 'must be a number from 0 to 2.')),
      `See ${TROUBLESHOOTING_URL}#an-input-is-missing-or-malformed`,
    );
    assert.equal(
      linkOf(new InputError('max-cost', 'reworded entirely', 'overMaxCost')),
      `See ${TROUBLESHOOTING_URL}#the-run-could-cost-more-than-max-cost`,
    );
    assert.equal(
      linkOf(new ActionFailure('The model asked again.', { topic: 'modelKeptCallingTools' })),
      `See ${TROUBLESHOOTING_URL}#the-model-kept-calling-tools`,
    );
    assert.equal(linkOf(new Error('boom')), `See ${TROUBLESHOOTING_URL}#unexpected-failure`);
  });
});
