/** The run's facts, read once from the environment and the event file: they explain a missing OIDC token. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readRunFacts } from '../../../src/github-context/run-facts.ts';

const repo = (full_name: string, fork: boolean) => ({ full_name, fork });

describe('readRunFacts', () => {
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
  const pullRequest = { GITHUB_EVENT_NAME: 'pull_request' };

  const cases: Array<{ name: string; event: unknown; env?: Record<string, string>; fromFork: boolean; actor?: string }> = [
    {
      name: 'a pull request from a fork',
      event: { pull_request: { head: { repo: repo('someone/app', true) }, base: { repo: repo('octo/app', false) } } },
      env: { ...pullRequest, GITHUB_ACTOR: 'someone' },
      fromFork: true,
      actor: 'someone',
    },
    {
      name: 'a pull request between branches of the same repository',
      event: { pull_request: { head: { repo: repo('octo/app', false) }, base: { repo: repo('octo/app', false) } } },
      env: pullRequest,
      fromFork: false,
    },
    {
      name: 'a same-repository pull request in a repository that is itself a fork',
      event: { pull_request: { head: { repo: repo('me/app', true) }, base: { repo: repo('me/app', true) } } },
      env: pullRequest,
      fromFork: false,
    },
    {
      name: 'a fork whose names are missing falls back to the fork flag',
      event: { pull_request: { head: { repo: { fork: true } }, base: { repo: {} } } },
      env: pullRequest,
      fromFork: true,
    },
    {
      name: 'a pull request from a deleted fork (head.repo null)',
      event: { pull_request: { head: { repo: null }, base: { repo: repo('octo/app', false) } } },
      env: pullRequest,
      fromFork: true,
    },
    {
      name: 'a fork on pull_request_target, which runs as the base repository (an OIDC token, a writable token)',
      event: { pull_request: { head: { repo: null }, base: { repo: repo('octo/app', false) } } },
      env: { GITHUB_EVENT_NAME: 'pull_request_target' },
      fromFork: false,
    },
    {
      name: 'a push event',
      event: { ref: 'refs/heads/main', repository: repo('octo/app', false) },
      env: { GITHUB_EVENT_NAME: 'push' },
      fromFork: false,
    },
    { name: 'an unreadable event file', event: '{ not json', env: pullRequest, fromFork: false },
    { name: 'an event file holding null', event: 'null', env: pullRequest, fromFork: false },
    {
      name: 'a Dependabot pull request keeps the actor',
      event: { pull_request: { head: { repo: repo('octo/app', false) }, base: { repo: repo('octo/app', false) } } },
      env: { ...pullRequest, GITHUB_ACTOR: 'dependabot[bot]' },
      fromFork: false,
      actor: 'dependabot[bot]',
    },
  ];
  for (const { name, event, env, fromFork, actor } of cases) {
    test(name, () => {
      const facts = readRunFacts({ ...env, GITHUB_EVENT_PATH: eventFile(event) });
      assert.equal(facts.event.fromFork, fromFork);
      assert.equal(facts.event.name, env?.GITHUB_EVENT_NAME ?? '');
      assert.equal(facts.actor, actor);
    });
  }

  test('an event file that cannot be made sense of still leaves the facts from the environment', () => {
    const facts = readRunFacts({
      GITHUB_EVENT_NAME: 'release',
      GITHUB_EVENT_PATH: eventFile('null'),
      GITHUB_REPOSITORY: 'octo/app',
      GITHUB_SHA: 'abc123',
      GITHUB_ACTOR: 'octocat',
    });
    assert.deepEqual(facts, {
      event: { name: 'release', ref: '', sha: 'abc123', fromFork: false, repository: { owner: 'octo', repo: 'app' } },
      actor: 'octocat',
    });
  });

  test('no event file', () => {
    assert.deepEqual(readRunFacts({ GITHUB_EVENT_NAME: 'workflow_dispatch' }), {
      event: { name: 'workflow_dispatch', ref: '', sha: '', fromFork: false },
      actor: undefined,
    });
  });

  test('an event path that does not exist', () => {
    assert.equal(readRunFacts({ ...pullRequest, GITHUB_EVENT_PATH: join(dir, 'missing.json') }).event.fromFork, false);
  });
});
