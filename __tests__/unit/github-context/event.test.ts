/** The facts read from the event payload and the environment. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_FILE_MAX_BYTES, readEventFacts } from '../../../src/github-context/event.ts';

describe('readEventFacts', () => {
  const facts = (name: string, payload: unknown) =>
    readEventFacts(
      {
        GITHUB_EVENT_NAME: name,
        GITHUB_EVENT_PATH: '/event.json',
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_SHA: 'abc',
        GITHUB_REF: 'refs/heads/main',
      },
      () => JSON.stringify(payload),
    );

  test('issue_comment on a pull request names it; on an issue it does not', () => {
    assert.equal(facts('issue_comment', { issue: { number: 7, pull_request: { url: 'x' } } }).pullRequest, 7);
    assert.equal(facts('issue_comment', { issue: { number: 8 } }).pullRequest, undefined);
  });

  test("the pull request's own code: its head and test merge commits (ids only) and the head's repository", () => {
    const head = 'A'.repeat(40);
    const merge = 'b'.repeat(40);
    const pull = { number: 3, merge_commit_sha: merge, head: { sha: head, repo: { full_name: 'f/r' } } };
    assert.deepEqual(facts('pull_request_target', { pull_request: pull }).authorCode, {
      commits: ['a'.repeat(40), merge],
      repository: 'f/r',
    });
    const odd = { number: 3, merge_commit_sha: null, head: { sha: '../../x', repo: null } };
    assert.deepEqual(facts('pull_request_target', { pull_request: odd }).authorCode, { commits: [] });
    assert.equal(facts('push', {}).authorCode, undefined);
  });

  test('a fork on pull_request and pull_request_review is restricted; on pull_request_target it runs as the base', () => {
    const pull_request = { number: 3, head: { repo: { full_name: 'f/r' } }, base: { repo: { full_name: 'o/r' } } };
    for (const name of ['pull_request', 'pull_request_review']) assert.equal(facts(name, { pull_request }).fromFork, true, name);
    const target = facts('pull_request_target', { pull_request });
    assert.deepEqual([target.pullRequest, target.fromFork], [3, false]);
  });

  test('a deleted fork', () => {
    assert.equal(
      facts('pull_request', { pull_request: { number: 3, head: { repo: null }, base: { repo: { full_name: 'o/r' } } } }).fromFork,
      true,
    );
    assert.equal(
      facts('pull_request', { pull_request: { number: 3, head: { repo: { full_name: 'o/r' } }, base: { repo: { full_name: 'o/r' } } } })
        .fromFork,
      false,
    );
  });

  test('release tag; an unreadable payload leaves the environment facts', () => {
    assert.equal(facts('release', { release: { tag_name: 'v2' } }).releaseTag, 'v2');
    const broken = readEventFacts({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/x', GITHUB_REPOSITORY: 'o/r' }, () => '{');
    assert.deepEqual(broken.repository, { owner: 'o', repo: 'r' });
  });

  test(
    'an event file that is a FIFO, or past the cap, is read as no payload, at once',
    { skip: process.platform === 'win32' ? 'FIFOs are POSIX' : false },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'event-test-'));
      try {
        const fifo = join(dir, 'event.json');
        execFileSync('mkfifo', [fifo]);
        const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: fifo, GITHUB_REPOSITORY: 'o/r' };
        // A blocking read would wait here for a writer that never comes.
        assert.equal(readEventFacts(env).pullRequest, undefined);
        const big = join(dir, 'big.json');
        const payload = JSON.stringify({ pull_request: { number: 7 } });
        writeFileSync(big, `${payload}${' '.repeat(EVENT_FILE_MAX_BYTES)}`);
        assert.equal(readEventFacts({ ...env, GITHUB_EVENT_PATH: big }).pullRequest, undefined);
        writeFileSync(big, payload);
        assert.equal(readEventFacts({ ...env, GITHUB_EVENT_PATH: big }).pullRequest, 7);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
