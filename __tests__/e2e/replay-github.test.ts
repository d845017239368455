/**
 * The replay suite, GitHub's side: answers octokit recorded against
 * api.github.com (octokit/fixtures) and the REST description's own examples
 * (github/rest-api-description), each served verbatim by the emulator (a
 * `recorded` fault) to the route it names, through a whole run on a pull
 * request. The action must read the documented bodies, page by GitHub's real
 * Link form without following its URLs, and fail on a real 404 or 422 with
 * one error naming the status and GitHub's words.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GITHUB_TOKEN, NORMAL_PR, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';
import { recordedFault, recording } from './recording.ts';

useEmulator({}, (started) => started.azLogout());

const RECORDINGS = [
  'github-422-validation-failed',
  'github-404-not-found',
  'github-comments-link-pages',
  'github-pull-files-example',
  'github-comment-created-example',
  'github-comment-updated-example',
];

/** A run on the emulator's pull request with these recordings served first, each to its route. */
function replay(names: string[], inputs: Record<string, string>): Promise<RunResult> {
  emulator.injectFaults(
    'github-api',
    names.map((name) => recordedFault(recording(name))),
  );
  return runAction(emulator, {
    inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, 'max-retries': '0', ...inputs },
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) },
  });
}

function githubCalls(method: string, pathEnd: string) {
  return emulator.requests.filter((r) => r.service === 'github-api' && r.method === method && r.path.endsWith(pathEnd));
}

function modelInput(): string {
  const call = emulator.requests.find((r) => r.service === 'openai');
  assert.ok(call, 'the deployment was called');
  return JSON.stringify(call.body);
}

describe("replayed GitHub answers (octokit's recordings, the REST description's examples)", () => {
  test('every recording names its source, what part is real, and the route it answers', () => {
    for (const name of RECORDINGS) {
      const r = recording(name);
      assert.equal(r.service, 'github-api', name);
      assert.match(r.source.repository, /^[\w.-]+\/[\w.-]+$/, name);
      assert.ok(r.source.path.length > 0 && r.source.real.length > 40, name);
      assert.ok(r.source.commit === null || /^[0-9a-f]{40}$/.test(r.source.commit), name);
      assert.ok(r.when?.path && r.when.method, name);
    }
  });

  test("the REST description's page of pull request files: the file as the model is given it", async () => {
    const result = await replay(['github-pull-files-example'], { prompt: 'Files:\n{{pr.files}}' });
    assert.equal(result.code, 0, result.errors.join('\n'));
    assert.match(modelInput(), /file1\.txt \(added, \+103 -21\)/);
  });

  test("octokit's recorded 404 on the files listing: one error naming the status and GitHub's message", async () => {
    const result = await replay(['github-404-not-found'], { prompt: 'Files:\n{{pr.files}}' });
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.errors.length, 1, result.errors.join('\n'));
    assert.match(result.errors[0] ?? '', /404/);
    assert.match(result.errors[0] ?? '', /GitHub answered 404: Branch not protected\./);
    assert.equal(emulator.count('openai'), 0, 'no model call without the context');
  });

  test("GitHub's real Link form on the comment listing: read for its pages, its URLs never followed", async () => {
    const result = await replay(['github-comments-link-pages'], { comment: 'pr' });
    assert.equal(result.code, 0, result.errors.join('\n'));
    const listed = githubCalls('GET', `/issues/${NORMAL_PR}/comments`);
    // The lookup before the call reads the recorded page and asks for the next on the API path itself; the one
    // before posting (a concurrent run may have posted since) gets the emulator's single page.
    assert.deepEqual(
      listed.map((r) => r.query.page ?? '1'),
      ['1', '2', '1'],
    );
    assert.equal(listed[1]?.query.per_page, '100', "the action's own page size, not the recorded URL's 3");
    assert.ok(!emulator.requests.some((r) => r.path.includes('/repositories/')), "the Link header's URL is never requested");
    assert.equal(githubCalls('POST', `/issues/${NORMAL_PR}/comments`).length, 1, 'the comment is created');
  });

  test("octokit's recorded 422 Validation Failed on creating the comment: one error naming it, the answer not published", async () => {
    const result = await replay(['github-422-validation-failed'], { comment: 'pr' });
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.errors.length, 1, result.errors.join('\n'));
    assert.match(result.errors[0] ?? '', /422/);
    assert.match(result.errors[0] ?? '', /GitHub answered 422: Validation Failed \(Label color invalid\)\./);
    assert.equal(result.outputs['comment-url'], undefined);
  });

  test("the REST description's created and updated comment: comment-url is the documented html_url", async () => {
    const result = await replay(['github-comment-created-example', 'github-comment-updated-example'], { comment: 'pr' });
    assert.equal(result.code, 0, result.errors.join('\n'));
    assert.equal(result.outputs['comment-url'], 'https://github.com/octocat/Hello-World/issues/1347#issuecomment-1');
    // The stamp with the comment's own id is written by an edit of that very comment.
    assert.equal(githubCalls('PATCH', '/issues/comments/1').length, 1);
  });
});
