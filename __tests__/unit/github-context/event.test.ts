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

  test('pull_request_target from a fork, and a deleted fork', () => {
    const fork = facts('pull_request_target', {
      pull_request: { number: 3, head: { repo: { full_name: 'f/r' } }, base: { repo: { full_name: 'o/r' } } },
    });
    assert.deepEqual([fork.pullRequest, fork.fromFork], [3, true]);
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
