/**
 * The emulated review and compare APIs, through the real client (@actions/github's Octokit): a review's
 * comments are placed by parsing the diff the emulator serves, and one misplaced comment refuses the whole
 * review with GitHub's 422 wording (emulator/services/review-placement.ts names the sources); reviews are
 * listed with their authors; compare answers ahead, behind, diverged and 404 for a pull request's branch.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { getOctokit } from '@actions/github';
import { FIXTURE_REPO, GITHUB_TOKEN, HEAD_SHA, NORMAL_PR, READ_ONLY_GITHUB_TOKEN } from '../../emulator/fixtures/github-repos.ts';
import { type Emulator, startEmulator } from '../../emulator/index.ts';

let emulator: Emulator;
let baseUrl: string;
const repo = { owner: 'octo-org', repo: 'octo-repo' };
const client = (token = GITHUB_TOKEN) => getOctokit(token, { baseUrl, request: { retries: 0 } });
const TWO_HUNKS = 49;
const sha = (n: number) => String(n).repeat(40).slice(0, 40);

before(async () => {
  emulator = await startEmulator();
  baseUrl = emulator.env().GITHUB_API_URL!;
});
after(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.reset();
  // A file changed in two hunks: lines 1-3 and 20-23 on the new side.
  const patch = '@@ -1,2 +1,3 @@\n-one\n+two\n+half\n unchanged\n@@ -20,3 +21,3 @@\n a\n-b\n+bb\n c';
  const files = [{ filename: 'src/math.ts', status: 'modified' as const, additions: 3, deletions: 2, patch }];
  const author = { name: 'Mona', email: 'mona@example.com', date: '2025-06-01T10:00:00Z' };
  emulator.config.githubApi.repos[FIXTURE_REPO]!.pulls[String(TWO_HUNKS)] = {
    number: TWO_HUNKS,
    title: 'Two hunks',
    body: null,
    user: 'mona',
    state: 'open',
    draft: false,
    base: { ref: 'main', sha: HEAD_SHA },
    head: { ref: 'two', sha: sha(3), repo: FIXTURE_REPO },
    files,
    commits: [
      { sha: sha(1), message: 'one', author, files },
      { sha: sha(2), message: 'two', author, files: [] },
      { sha: sha(3), message: 'three', author, files: [{ ...files[0]!, patch: '@@ -21 +21 @@\n-b\n+bb' }] },
    ],
    orphans: [{ sha: sha(9), message: 'force-pushed away', author, files: [] }],
  };
});

interface Comment {
  path: string;
  line: number;
  side?: 'LEFT' | 'RIGHT';
  start_line?: number;
  start_side?: 'LEFT' | 'RIGHT';
  body: string;
}

async function post(
  comments: Comment[],
  token = GITHUB_TOKEN,
): Promise<{ status: number; data: { message?: string; errors?: unknown[] } }> {
  try {
    const response = await client(token).rest.pulls.createReview({
      ...repo,
      pull_number: TWO_HUNKS,
      event: 'COMMENT',
      body: 'Review.',
      comments,
    });
    return { status: response.status, data: response.data as { message?: string } };
  } catch (error) {
    const e = error as { status: number; response: { data: { message?: string; errors?: unknown[] } } };
    return { status: e.status, data: e.response.data };
  }
}

const stored = () => emulator.config.githubApi.repos[FIXTURE_REPO]!.reviews ?? [];

describe('emulated pull request reviews', () => {
  test('comments GitHub can place are taken: RIGHT added and context lines, LEFT deleted ones, a range within a hunk', async () => {
    const answer = await post([
      { path: 'src/math.ts', line: 2, side: 'RIGHT', body: 'added' },
      { path: 'src/math.ts', line: 3, side: 'RIGHT', body: 'context' },
      { path: 'src/math.ts', line: 1, side: 'LEFT', body: 'deleted' },
      { path: 'src/math.ts', line: 23, side: 'RIGHT', start_line: 21, start_side: 'RIGHT', body: 'range' },
    ]);
    assert.equal(answer.status, 200);
    assert.equal(stored().length, 1);
    assert.equal(stored()[0]?.comments.length, 4);
    const listed = await client().rest.pulls.listReviews({ ...repo, pull_number: TWO_HUNKS });
    assert.equal(listed.data.length, 1);
    assert.equal(listed.data[0]?.user?.login, 'github-actions[bot]');
    assert.equal(listed.data[0]?.state, 'COMMENTED');
    assert.equal(listed.data[0]?.commit_id, sha(3));
    assert.equal(listed.data[0]?.html_url, `https://github.com/${FIXTURE_REPO}/pull/${TWO_HUNKS}#pullrequestreview-${listed.data[0]?.id}`);
  });

  const refusals: Array<[string, Comment, string]> = [
    ['a path not in the diff', { path: 'src/other.ts', line: 1, side: 'RIGHT', body: 'x' }, 'Path could not be resolved'],
    ['a line outside every hunk', { path: 'src/math.ts', line: 10, side: 'RIGHT', body: 'x' }, 'Line could not be resolved'],
    ['an added line cited on the LEFT', { path: 'src/math.ts', line: 3, side: 'LEFT', body: 'x' }, 'Line could not be resolved'],
    [
      'a range across hunks',
      { path: 'src/math.ts', line: 21, side: 'RIGHT', start_line: 2, start_side: 'RIGHT', body: 'x' },
      "Pull request review thread line must be part of the diff, Pull request review thread start line must be part of the same hunk as the line., and Pull request review thread diff hunk can't be blank",
    ],
    [
      'a range that ends before it starts',
      { path: 'src/math.ts', line: 1, side: 'RIGHT', start_line: 3, start_side: 'RIGHT', body: 'x' },
      'pull_request_review_thread.start_line must precede the end line.',
    ],
  ];
  for (const [what, bad, wording] of refusals) {
    test(`${what}: the whole review is refused with GitHub's 422, the good comment with it`, async () => {
      const answer = await post([{ path: 'src/math.ts', line: 2, side: 'RIGHT', body: 'fine' }, bad]);
      assert.equal(answer.status, 422);
      assert.equal(answer.data.message, 'Unprocessable Entity');
      assert.deepEqual(answer.data.errors, [wording]);
      assert.deepEqual(stored(), [], 'nothing is posted');
    });
  }

  test('a read-only token (a fork pull request) cannot post a review', async () => {
    const answer = await post([], READ_ONLY_GITHUB_TOKEN);
    assert.equal(answer.status, 403);
    assert.equal(answer.data.message, 'Resource not accessible by integration');
  });

  test('reviews of another pull request are not listed', async () => {
    assert.equal((await post([])).status, 200);
    const other = await client().rest.pulls.listReviews({ ...repo, pull_number: NORMAL_PR });
    assert.deepEqual(other.data, []);
  });
});

describe("emulated compare of a pull request's branch", () => {
  const compare = async (base: string, head: string) => {
    try {
      const response = await client().rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}` });
      return { status: response.status, data: response.data };
    } catch (error) {
      return { status: (error as { status: number }).status, data: undefined };
    }
  };

  test('an earlier commit of the branch: ahead, with the files the later commits changed', async () => {
    const answer = await compare(sha(1), sha(3));
    assert.equal(answer.data?.status, 'ahead');
    assert.equal(answer.data?.ahead_by, 2);
    assert.deepEqual(
      answer.data?.files?.map((f) => [f.filename, f.patch]),
      [['src/math.ts', '@@ -21 +21 @@\n-b\n+bb']],
    );
    assert.equal((await compare(sha(3), sha(1))).data?.status, 'behind');
    assert.equal((await compare(sha(3), sha(3))).data?.status, 'identical');
  });

  test('a commit a force-push took off the branch: diverged; one GitHub does not know: 404', async () => {
    assert.equal((await compare(sha(9), sha(3))).data?.status, 'diverged');
    assert.equal((await compare('f'.repeat(40), sha(3))).status, 404);
  });
});
