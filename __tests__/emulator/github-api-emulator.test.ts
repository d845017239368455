/**
 * The emulated GitHub REST API, proved with the real client (@actions/github's
 * Octokit): GitHub's shapes for the diff media type and its refusal of large
 * pull requests, pagination through Link headers under a GHES path prefix,
 * and the 401/403/404/415/422 errors.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { getOctokit } from '@actions/github';
import {
  FIXTURE_REPO,
  GITHUB_TOKEN,
  HEAD_SHA,
  HUGE_PR,
  LARGE_PR,
  NORMAL_PR,
  READ_ONLY_GITHUB_TOKEN,
} from '../../emulator/fixtures/github-repos.ts';
import { type Emulator, startEmulator } from '../../emulator/index.ts';

let emulator: Emulator;
let baseUrl: string;
const repo = { owner: 'octo-org', repo: 'octo-repo' };
const client = (token: string) => getOctokit(token, { baseUrl });

before(async () => {
  emulator = await startEmulator();
  baseUrl = emulator.env().GITHUB_API_URL!;
});
after(async () => {
  await emulator.stop();
});
beforeEach(() => emulator.reset());

async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; data: { message: string; errors?: unknown[]; status?: string } }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response: { data: { message: string; errors?: unknown[] } } };
    return { status: e.status, data: e.response.data };
  }
  assert.fail('the request was expected to fail');
}

describe('emulated GitHub REST API', () => {
  test('env() points GITHUB_API_URL at a GHES-style /api/v3 prefix, and requests are recorded as github-api', async () => {
    assert.equal(baseUrl, `${emulator.httpUrl}/api/v3`);
    const pr = await client(GITHUB_TOKEN).rest.pulls.get({ ...repo, pull_number: NORMAL_PR });
    assert.equal(pr.data.title, 'Add a dark mode toggle to settings');
    assert.equal(pr.data.changed_files, 6);
    assert.equal(pr.data.head.ref, 'feature/dark-mode');
    assert.equal(emulator.count('github-api'), 1);
    assert.equal(emulator.requests[0]?.path, `/api/v3/repos/${FIXTURE_REPO}/pulls/${NORMAL_PR}`);
  });

  test("the diff media type gives a unified diff; a PR over 300 files gets GitHub's 406 too_large", async () => {
    const gh = client(GITHUB_TOKEN);
    const diff = await gh.rest.pulls.get({ ...repo, pull_number: NORMAL_PR, mediaType: { format: 'diff' } });
    const data: unknown = diff.data;
    const text = typeof data === 'string' ? data : '';
    assert.equal(text.match(/^diff --git /gm)?.length, 6);
    assert.match(text, /^Binary files \/dev\/null and b\/assets\/dark-mode\.png differ$/m);
    const refused = await failure(gh.rest.pulls.get({ ...repo, pull_number: LARGE_PR, mediaType: { format: 'diff' } }));
    assert.equal(refused.status, 406);
    assert.deepEqual(refused.data.errors, [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }]);
    assert.match(
      refused.data.message,
      /^Sorry, the diff exceeded the maximum number of files \(300\)\. Consider using 'List pull requests files' API/,
    );
  });

  test('files are paginated (per_page up to 100) with patches, followed through Link headers', async () => {
    const gh = client(GITHUB_TOKEN);
    const files = await gh.paginate(gh.rest.pulls.listFiles, { ...repo, pull_number: LARGE_PR, per_page: 100 });
    assert.equal(files.length, 320);
    assert.match(files[319]?.patch ?? '', /^@@ -1,1 \+1,1 @@\n-export const value320 = 320\n\+export const value320 = 320;$/);
    assert.equal(emulator.count('github-api'), 4);
    const first = await gh.rest.pulls.listFiles({ ...repo, pull_number: LARGE_PR });
    assert.equal(first.data.length, 30, 'the default page size is 30');
    assert.match(
      first.headers.link ?? '',
      /<http:\/\/127\.0\.0\.1:\d+\/api\/v3\/repos\/octo-org\/octo-repo\/pulls\/43\/files\?per_page=30&page=2>; rel="next"/,
    );
  });

  test('compare, tags, commits and the latest release describe one history', async () => {
    const gh = client(GITHUB_TOKEN);
    const compare = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `v1.1.0...${HEAD_SHA}` });
    assert.equal(compare.data.status, 'ahead');
    assert.equal(compare.data.total_commits, 3);
    assert.deepEqual(
      compare.data.commits.map((c) => c.commit.message.split('\n')[0]),
      ['Add dark mode (#15)', 'Bump lodash from 4.17.20 to 4.17.21 (#16)', 'Document the CLI flags (#17)'],
    );
    const tags = await gh.rest.repos.listTags(repo);
    assert.deepEqual(
      tags.data.map((t) => t.name),
      ['v1.1.0', 'v1.0.0'],
    );
    const commits = await gh.rest.repos.listCommits({ ...repo, sha: HEAD_SHA });
    assert.equal(commits.data[0]?.sha, HEAD_SHA);
    assert.equal(commits.data.length, 6);
    const latest = await gh.rest.repos.getLatestRelease(repo);
    assert.equal(latest.data.tag_name, 'v1.1.0');
  });

  test('comments are created, listed and updated; write needs a write token', async () => {
    const gh = client(GITHUB_TOKEN);
    const created = await gh.rest.issues.createComment({ ...repo, issue_number: NORMAL_PR, body: 'hello' });
    assert.equal(created.status, 201);
    assert.equal(created.data.user?.login, 'github-actions[bot]');
    const updated = await gh.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'hello again' });
    assert.equal(updated.data.body, 'hello again');
    const list = await gh.rest.issues.listComments({ ...repo, issue_number: NORMAL_PR });
    assert.deepEqual(
      list.data.map((c) => c.body),
      ['Looks good to me, one question about the default.', 'hello again'],
    );

    const readOnly = await failure(
      client(READ_ONLY_GITHUB_TOKEN).rest.issues.createComment({ ...repo, issue_number: NORMAL_PR, body: 'x' }),
    );
    assert.equal(readOnly.status, 403);
    assert.equal(readOnly.data.message, 'Resource not accessible by integration');
    const tooLong = await failure(gh.rest.issues.createComment({ ...repo, issue_number: NORMAL_PR, body: 'x'.repeat(65537) }));
    assert.equal(tooLong.status, 422);
    assert.deepEqual(tooLong.data.errors, [
      { resource: 'IssueComment', code: 'unprocessable', field: 'data', message: 'Body is too long (maximum is 65536 characters)' },
    ]);
  });

  test('a bad token gets 401, an unknown repository or pull request 404', async () => {
    const bad = await failure(client('ghs_wrong').rest.pulls.get({ ...repo, pull_number: NORMAL_PR }));
    assert.equal(bad.status, 401);
    assert.equal(bad.data.message, 'Bad credentials');
    const gh = client(GITHUB_TOKEN);
    assert.equal((await failure(gh.rest.pulls.get({ owner: 'octo-org', repo: 'missing', pull_number: 1 }))).status, 404);
    assert.equal((await failure(gh.rest.pulls.get({ ...repo, pull_number: 999 }))).status, 404);
  });

  test('faults queue for the github-api service like the others', async () => {
    emulator.injectFaults('github-api', [{ kind: 'status', status: 502 }]);
    const gh = client(GITHUB_TOKEN);
    assert.equal((await failure(gh.rest.pulls.get({ ...repo, pull_number: NORMAL_PR }))).status, 502);
    assert.equal((await gh.rest.pulls.get({ ...repo, pull_number: NORMAL_PR })).status, 200);
  });

  test("Link headers in GitHub's order and form; 3,000 files and 250 commits at most; JSON with charset", async () => {
    const gh = client(GITHUB_TOKEN);
    const url = (page: number) => `${baseUrl}/repos/${FIXTURE_REPO}/pulls/${HUGE_PR}/files?per_page=100&page=${page}`;
    const middle = await gh.rest.pulls.listFiles({ ...repo, pull_number: HUGE_PR, per_page: 100, page: 12 });
    assert.equal(
      middle.headers.link,
      `<${url(11)}>; rel="prev", <${url(13)}>; rel="next", <${url(30)}>; rel="last", <${url(1)}>; rel="first"`,
    );
    assert.equal(middle.headers['content-type'], 'application/json; charset=utf-8');
    const last = await gh.rest.pulls.listFiles({ ...repo, pull_number: HUGE_PR, per_page: 100, page: 30 });
    assert.equal(last.headers.link, `<${url(29)}>; rel="prev", <${url(1)}>; rel="first"`);
    assert.equal(last.data.at(-1)?.filename, 'packages/pkg-30/src/file-3000.ts');
    assert.equal((await gh.paginate(gh.rest.pulls.listCommits, { ...repo, pull_number: HUGE_PR, per_page: 100 })).length, 250);
    assert.equal((await gh.rest.pulls.get({ ...repo, pull_number: HUGE_PR })).data.commits, 260);
  });

  test('a fault can name its request; a bare 429 is the secondary rate limit; requests record how many were in flight', async () => {
    emulator.config.githubApi.latencyMs = 30;
    emulator.injectFaults('github-api', [{ kind: 'status', status: 429, retryAfter: '5', when: { path: '/files', query: { page: '3' } } }]);
    const gh = client(GITHUB_TOKEN);
    const pages = await Promise.allSettled(
      [1, 2, 3, 4].map((page) => gh.rest.pulls.listFiles({ ...repo, pull_number: HUGE_PR, per_page: 100, page })),
    );
    assert.deepEqual(
      pages.map((p) => p.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
    // Taken once: the same page answers next time.
    assert.equal((await gh.rest.pulls.listFiles({ ...repo, pull_number: HUGE_PR, per_page: 100, page: 3 })).status, 200);
    const rejected = pages[2] as PromiseRejectedResult;
    const error = rejected.reason as { status: number; response: { headers: Record<string, string>; data: { message: string } } };
    assert.equal(error.status, 429);
    assert.equal(error.response.headers['retry-after'], '5');
    assert.match(error.response.data.message, /^You have exceeded a secondary rate limit/);
    const most = Math.max(...emulator.requests.map((r) => r.concurrent));
    assert.ok(most >= 2 && most <= 4, `${most} in flight`);
  });
});
