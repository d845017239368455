/**
 * `npm run demo` shows the product: a plain prompt, a pull request summary posted as a comment and one
 * diagnosed failure, readable (no workflow-command lines), and says when something did not run as expected.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../emulator/runner.ts';

test('the demo runs its three scenes and prints them readably', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'demo', 'run.ts')], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  const out = result.stdout;
  assert.match(out, /── 1\. A plain prompt/);
  assert.match(out, /Output response: Emulated answer to: "Say hello to a new contributor in one sentence\."/);
  assert.match(out, /── 2\. A pull request summary, posted as a comment on octo-org\/octo-repo#42/);
  assert.match(out, /Commented on pull request #42: /);
  assert.match(out, /The comment on the pull request:\n {2}Emulated answer to: "Pull request: Add a dark mode toggle to settings/);
  assert.match(out, /── 3\. A failure, diagnosed/);
  assert.match(out, /The step failed \(exit code 1\) with one error annotation:\n {2}This job has no `permissions: id-token: write`/);
  assert.match(out, /#the-job-has-no-id-token-write-permission/);
  assert.match(out, /All three ran as expected, in \d+ ms\.\n$/);
  assert.doesNotMatch(out, /::(add-mask|error|warning|group|endgroup|debug|notice)/, 'no workflow command reaches the reader');
  assert.doesNotMatch(out, /<!--/, "the comment's hidden marker is not shown");
});
