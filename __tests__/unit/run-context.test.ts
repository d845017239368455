/** Fork detection from the event file: it decides whether a missing OIDC token is explained by a fork. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunContext } from '../../src/diagnose/diagnose.ts';
import { readRunContext } from '../../src/diagnose/run-context.ts';

const repo = (full_name: string, fork: boolean) => ({ full_name, fork });

describe('readRunContext', () => {
  let dir: string;
  let counter = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aoai-event-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const eventFile = (content: unknown): string => {
    const path = join(dir, `event-${++counter}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  const cases: Array<{ name: string; event: unknown; env?: Record<string, string>; expected: RunContext['event'] }> = [
    {
      name: 'a pull request from a fork',
      event: { pull_request: { head: { repo: repo('someone/app', true) }, base: { repo: repo('octo/app', false) } } },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'someone' },
      expected: { name: 'pull_request', actor: 'someone', forkPullRequest: true },
    },
    {
      name: 'a pull request between branches of the same repository',
      event: { pull_request: { head: { repo: repo('octo/app', false) }, base: { repo: repo('octo/app', false) } } },
      env: { GITHUB_EVENT_NAME: 'pull_request' },
      expected: { name: 'pull_request', forkPullRequest: false },
    },
    {
      name: 'a same-repository pull request in a repository that is itself a fork',
      event: { pull_request: { head: { repo: repo('me/app', true) }, base: { repo: repo('me/app', true) } } },
      expected: { forkPullRequest: false },
    },
    {
      name: 'a fork whose names are missing falls back to the fork flag',
      event: { pull_request: { head: { repo: { fork: true } }, base: { repo: {} } } },
      expected: { forkPullRequest: true },
    },
    {
      name: 'a pull request from a deleted fork (head.repo null)',
      event: { pull_request: { head: { repo: null }, base: { repo: repo('octo/app', false) } } },
      expected: { forkPullRequest: true },
    },
    {
      name: 'a push event',
      event: { ref: 'refs/heads/main', repository: repo('octo/app', false) },
      env: { GITHUB_EVENT_NAME: 'push' },
      expected: { name: 'push', forkPullRequest: false },
    },
    { name: 'an unreadable event file', event: '{ not json', expected: { forkPullRequest: false } },
    {
      name: 'a Dependabot pull request keeps the actor',
      event: { pull_request: { head: { repo: repo('octo/app', false) }, base: { repo: repo('octo/app', false) } } },
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'dependabot[bot]' },
      expected: { name: 'pull_request', actor: 'dependabot[bot]', forkPullRequest: false },
    },
  ];
  for (const { name, event, env, expected } of cases) {
    test(name, () => {
      assert.deepEqual(readRunContext({ ...env, GITHUB_EVENT_PATH: eventFile(event) }), { event: expected });
    });
  }

  test('no event file', () => {
    assert.deepEqual(readRunContext({ GITHUB_EVENT_NAME: 'workflow_dispatch' }), {
      event: { name: 'workflow_dispatch', forkPullRequest: false },
    });
  });
  test('an event path that does not exist', () => {
    assert.deepEqual(readRunContext({ GITHUB_EVENT_PATH: join(dir, 'missing.json') }), { event: { forkPullRequest: false } });
  });
});
