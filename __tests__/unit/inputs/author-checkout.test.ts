/**
 * The pull_request_target guard: a file input in a git checkout of the pull
 * request's head (detached, on a branch, a packed ref, a linked worktree, a
 * fork's remote) is refused; the base branch's checkout and other events read
 * as before. The checkouts are laid out as git writes them, without git.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { authorCheckoutGuard, type CheckoutGuardFacts, FORK_RECIPE } from '../../../src/inputs/author-checkout.ts';
import { createFileReader } from '../../../src/inputs/read-file.ts';
import type { FileRoot } from '../../../src/inputs/file-access.ts';

const HEAD = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);
const BASE = 'c'.repeat(40);
const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'aoai-author-checkout-')));
after(() => rmSync(scratch, { recursive: true, force: true }));

const event = (name = 'pull_request_target', repository = 'forky/octo-repo'): CheckoutGuardFacts => ({
  name,
  repository: { owner: 'octo-org', repo: 'octo-repo' },
  authorCode: { commits: [HEAD, MERGE], repository },
});

let count = 0;
/** A workspace with `files` (relative path → content) and a prompt at prompt.md. */
function workspace(files: Record<string, string>): string {
  const root = join(scratch, `ws${count++}`);
  for (const [path, content] of Object.entries({ 'prompt.md': 'Review this.', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function read(root: string, facts: CheckoutGuardFacts, path = 'prompt.md'): string {
  const roots: FileRoot[] = [{ name: 'GITHUB_WORKSPACE', path: root, kind: 'workspace' }];
  return createFileReader(roots, { cwd: root, guard: authorCheckoutGuard(facts) })(path, 'prompt-file');
}

const remote = (url: string) => `[remote "origin"]\n\turl = ${url}\n`;
const REFUSED = /Input 'prompt-file': refused on pull_request_target: file 'prompt.md' is in a git checkout that /;

describe('file inputs on pull_request_target', () => {
  test("a detached checkout of the head commit, or of GitHub's test merge, is refused naming the recipe", () => {
    for (const commit of [HEAD, MERGE.toUpperCase()]) {
      const root = workspace({ '.git/HEAD': `${commit}\n` });
      assert.throws(
        () => read(root, event()),
        (error: Error) => {
          assert.match(error.message, REFUSED);
          const short = commit.slice(0, 7).toLowerCase();
          assert.match(error.message, new RegExp(`has the pull request's own commit ${short} checked out`));
          assert.ok(error.message.includes(FORK_RECIPE));
          return true;
        },
      );
    }
  });

  test('a branch whose loose or packed ref is the head commit is refused', () => {
    const loose = workspace({ '.git/HEAD': 'ref: refs/heads/patch-1\n', '.git/refs/heads/patch-1': `${HEAD}\n` });
    assert.throws(() => read(loose, event()), REFUSED);
    const packed = workspace({
      '.git/HEAD': 'ref: refs/heads/patch-1\n',
      '.git/packed-refs': [
        '# pack-refs with: peeled fully-peeled sorted',
        `${BASE} refs/heads/main`,
        `${HEAD} refs/heads/patch-1`,
        '',
      ].join('\n'),
    });
    assert.throws(() => read(packed, event()), REFUSED);
  });

  test('a linked worktree (a .git file) resolves HEAD through its gitdir and commondir', () => {
    const root = workspace({
      'main-repo/.git/refs/heads/patch-1': `${HEAD}\n`,
      'main-repo/.git/worktrees/pr/HEAD': 'ref: refs/heads/patch-1\n',
      'main-repo/.git/worktrees/pr/commondir': '../..\n',
      'pr/.git': `gitdir: ${join('..', 'main-repo', '.git', 'worktrees', 'pr')}\n`,
      'pr/prompt.md': 'Review this.',
    });
    assert.throws(() => read(root, event(), 'pr/prompt.md'), /in a git checkout that has the pull request's own commit aaaaaaa/);
  });

  test('a checkout whose remote is the fork is refused whatever its HEAD (a push since the event)', () => {
    const root = workspace({
      '.git/HEAD': `${'d'.repeat(40)}\n`,
      '.git/config': `${remote('https://github.com/forky/octo-repo')}\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
    });
    assert.throws(() => read(root, event()), /fetches from the pull request's fork forky\/octo-repo/);
    // The same remote in a pull request between two branches of this repository is the base's own.
    assert.equal(
      read(
        workspace({ '.git/HEAD': `${BASE}\n`, '.git/config': remote('https://github.com/octo-org/octo-repo.git') }),
        event('pull_request_target', 'octo-org/octo-repo'),
      ),
      'Review this.',
    );
  });

  test("the base branch's checkout, a file in no checkout and other events read as before", () => {
    const base = workspace({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${BASE}\n` });
    assert.equal(read(base, event()), 'Review this.');
    assert.equal(read(workspace({}), event()), 'Review this.');
    const head = workspace({ '.git/HEAD': `${HEAD}\n` });
    assert.equal(read(head, event('pull_request')), 'Review this.');
    assert.equal(authorCheckoutGuard(event('push')), undefined);
  });

  test('a checkout this action cannot resolve is refused, never guessed', () => {
    const unborn = workspace({ '.git/HEAD': 'ref: refs/heads/main\n' });
    assert.throws(() => read(unborn, event()), /cannot resolve \(refs\/heads\/main has no commit yet\)/);
    const escaping = workspace({ '.git/HEAD': 'ref: refs/../../HEAD\n' });
    assert.throws(() => read(escaping, event()), /HEAD names no ref under refs\//);
    const badPointer = workspace({ '.git': 'not a pointer\n' });
    assert.throws(() => read(badPointer, event()), /has a \.git this action cannot read/);
  });

  test('only checkouts up to the root that allows the file count: a .git above the workspace is not this run’s', () => {
    const root = workspace({ '.git/HEAD': `${HEAD}\n`, 'inner/prompt.md': 'Inner.' });
    const roots: FileRoot[] = [{ name: 'GITHUB_WORKSPACE', path: join(root, 'inner'), kind: 'workspace' }];
    const reader = createFileReader(roots, { cwd: join(root, 'inner'), guard: authorCheckoutGuard(event()) });
    assert.equal(reader('prompt.md', 'prompt-file'), 'Inner.');
  });
});
