/**
 * What a release needs, checked on every change: Marketplace-valid metadata, one version in
 * package.json, the lockfile and CHANGELOG.md, actions pinned by commit SHA, examples on @v1,
 * and a release workflow whose one writing job is the only one that may write.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from '../emulator/runner.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const workflowFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));

test("action.yml's description fits the Marketplace's 125 characters, and it names an author", () => {
  const action = parse(read('action.yml')) as { description: string; author?: string };
  assert.ok(action.description.length <= 125, `description is ${action.description.length} characters`);
  assert.ok((action.author ?? '').trim().length > 0, 'author is set');
});

test("package.json's version is the lockfile's and has a CHANGELOG.md entry, below an Unreleased section", () => {
  const { version } = JSON.parse(read('package.json')) as { version: string };
  const lock = JSON.parse(read('package-lock.json')) as { version: string; packages: Record<string, { version?: string }> };
  assert.equal(lock.version, version);
  assert.equal(lock.packages['']?.version, version);
  const changelog = read('CHANGELOG.md');
  const unreleased = changelog.indexOf('## [Unreleased]');
  const entry = changelog.search(new RegExp(`^## \\[${version.replaceAll('.', '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
  assert.ok(unreleased >= 0, 'CHANGELOG.md has an Unreleased section');
  assert.ok(entry > unreleased, `CHANGELOG.md has a dated entry for ${version} below Unreleased`);
});

test('every action in .github/workflows is pinned by full commit SHA, its tag in a comment', () => {
  let pinned = 0;
  for (const file of workflowFiles('.github/workflows')) {
    for (const [number, line] of read(file).split('\n').entries()) {
      const uses = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
      if (!uses || uses[1]!.startsWith('./')) continue;
      assert.match(uses[1]!, /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/, `${file}:${number + 1} pins a commit SHA`);
      assert.match(uses[2]!, /^ # v\d+(\.\d+){0,2}$/, `${file}:${number + 1} names the tag in a comment`);
      pinned++;
    }
  }
  assert.ok(pinned > 0, 'the workflows use actions');
});

test('the examples use the action at @v1, the tag each 1.x release moves', () => {
  for (const file of workflowFiles('examples/workflows')) {
    const refs = [...read(file).matchAll(/azure-openai-keyless-action@(\S+)/g)].map((m) => m[1]);
    assert.ok(refs.length > 0, `${file} uses the action`);
    assert.deepEqual([...new Set(refs)], ['v1'], file);
  }
});

test('the release workflow grants contents: write to its release job only', () => {
  const workflow = parse(read('.github/workflows/release.yml')) as {
    on: { push: { tags: string[] }; workflow_dispatch: { inputs: { version: unknown } } };
    permissions: Record<string, string>;
    jobs: Record<string, { permissions?: Record<string, string> }>;
  };
  assert.deepEqual(workflow.on.push.tags, ['v*.*.*']);
  assert.ok(workflow.on.workflow_dispatch.inputs.version);
  assert.deepEqual(workflow.permissions, {});
  const writers = Object.entries(workflow.jobs).filter(([, job]) => Object.values(job.permissions ?? {}).includes('write'));
  assert.deepEqual(
    writers.map(([name, job]) => [name, job.permissions]),
    [['release', { contents: 'write' }]],
  );
});
