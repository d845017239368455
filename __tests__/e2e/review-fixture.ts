/**
 * The pull request the review tests use: a file changed in two hunks (lines
 * deleted, added and unchanged on both sides), a new file, a deleted file and
 * a binary one; and the pushes made to it between runs (a push, a force-push
 * that GitHub still knows the old commit of, and one it has forgotten).
 */
import { commit as buildCommit, MONA, openPull } from '../../emulator/fixtures/github-builders.ts';
import type { FixtureCommit, FixtureFile, FixturePull } from '../../emulator/fixtures/github-repos.ts';

export const REVIEW_PR = 47;

const MATH_PATCH = [
  '@@ -1,2 +1,3 @@',
  '-export const one = 1;',
  '+export const two = 2;',
  '+export const half = (n: number) => Math.floor(n / 2);',
  ' // unchanged',
  '@@ -20,4 +21,4 @@ export function sum() {',
  ' const a = 1;',
  '-const b = 2;',
  '+const bb = 2;',
  ' const c = 3;',
  ' const d = 4;',
].join('\n');

function file(
  filename: string,
  status: FixtureFile['status'],
  patch: string | undefined,
  additions: number,
  deletions: number,
): FixtureFile {
  return { filename, status, additions, deletions, ...(patch === undefined ? {} : { patch }) };
}

function newFile(lines: string[]): FixtureFile {
  return file('src/new.ts', 'added', [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join('\n'), lines.length, 0);
}

function prFiles(newLines: string[]): FixtureFile[] {
  return [
    file('src/math.ts', 'modified', MATH_PATCH, 3, 2),
    newFile(newLines),
    file('src/old.ts', 'removed', '@@ -1,2 +0,0 @@\n-x\n-y', 0, 2),
    file('assets/logo.png', 'added', undefined, 0, 0),
  ];
}

function commit(seed: string, message: string, files: FixtureFile[]): FixtureCommit {
  return buildCommit(seed, message, MONA, '2025-06-01T10:00:00Z', files);
}

export function reviewPull(): FixturePull {
  return openPull({
    number: REVIEW_PR,
    title: 'Add half()',
    body: 'Adds a helper.',
    author: MONA,
    branch: 'feature/half',
    commit: { seed: 'review-c1', message: 'Add half()', date: '2025-06-01T10:00:00Z' },
    files: prFiles(['a', 'b', 'c']),
  });
}

/**
 * A push adding a line to src/new.ts, with a merge of the base branch that brings docs/unrelated.md (in the
 * compare, not in the pull request). force: the branch rewritten, the earlier commits off it (GitHub still
 * knows them, unless forget).
 */
export function pushToReviewPull(pr: FixturePull, options: { force?: boolean; forget?: boolean } = {}): void {
  const round = pr.commits.length + (pr.orphans?.length ?? 0);
  if (options.force) {
    if (!options.forget) pr.orphans = [...(pr.orphans ?? []), ...pr.commits];
    const rewritten = commit(`review-rewritten-${round}`, 'Add half(), squashed', prFiles(['a', 'b', 'c']));
    pr.commits = [rewritten];
    pr.files = rewritten.files;
    pr.head.sha = rewritten.sha;
    return;
  }
  const pushed = commit(`review-push-${round}`, 'Add d', [
    file('src/new.ts', 'modified', '@@ -1,3 +1,4 @@\n a\n b\n c\n+d', 1, 0),
    file('docs/unrelated.md', 'added', '@@ -0,0 +1 @@\n+From main.', 1, 0),
  ]);
  pr.commits.push(pushed);
  pr.files = prFiles(['a', 'b', 'c', 'd']);
  pr.head.sha = pushed.sha;
}
