/** The diff cut to the input budget: whole files, low-value and large ones first. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitToBudget } from '../../../src/budget/fit.ts';
import type { ChangedFile } from '../../../src/github-context/diff.ts';

describe('fitToBudget', () => {
  const file = (path: string, size: number, binary = false): ChangedFile => ({
    path,
    status: 'modified',
    additions: 1,
    deletions: 0,
    binary,
    section: `diff --git a/${path} b/${path}\n${'x'.repeat(size)}\n`,
  });
  // One token per 10 characters: easy to reason about.
  const count = (text: string) => Math.ceil(text.length / 10);
  const render = (values: Record<string, string>) => [{ role: 'user', content: `Review:\n${values['pr.diff'] ?? ''}` }];
  const files = [
    file('src/small.ts', 100),
    file('src/big.ts', 2000),
    file('package-lock.json', 1500),
    file('img.png', 50, true),
    file('src/mid.ts', 800),
  ];

  test('everything fits: nothing left out', () => {
    const fit = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: 10000, count });
    assert.deepEqual(fit.omitted, []);
    assert.equal(fit.messages[0]?.content, `Review:\n${files.map((f) => f.section).join('')}`);
  });

  test('low-value files go first, then the largest; whole files; the prompt names them', () => {
    const fit = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: 300, count });
    assert.deepEqual(
      fit.omitted.map((o) => [o.path, o.kind]),
      [
        ['package-lock.json', 'lock file'],
        ['img.png', 'binary'],
        ['src/big.ts', 'source'],
      ],
    );
    assert.ok(fit.tokens <= 300);
    const content = fit.messages[0]?.content ?? '';
    assert.match(content, /diff --git a\/src\/small\.ts[\s\S]*diff --git a\/src\/mid\.ts/);
    assert.match(
      content,
      /\[3 of 5 changed files left out of this diff to fit the input budget of 300 tokens: package-lock\.json \(lock file\), img\.png \(binary\), src\/big\.ts \(large\)\]\n$/,
    );
  });

  test('too small even without files: a clear failure', () => {
    assert.throws(
      () =>
        fitToBudget({ render: () => [{ role: 'user', content: 'y'.repeat(5000) }], values: {}, diffFiles: files, maxTokens: 100, count }),
      /The prompt is \d+ tokens even with every file of \{\{pr\.diff\}\} left out; max-input-tokens is 100/,
    );
  });
});

describe('fitToBudget on a 3,000-file diff', () => {
  const files: ChangedFile[] = Array.from({ length: 3000 }, (_, i) => {
    const path = `packages/pkg-${String(Math.ceil((i + 1) / 100)).padStart(2, '0')}/src/file-${String(i + 1).padStart(4, '0')}.ts`;
    const body = `@@ -1,1 +1,1 @@\n-export const id${i} = '';\n+export const id${i} = '${'ab'.repeat((i % 7) + 1)}';`;
    return { path, status: 'modified', additions: 1, deletions: 1, binary: false, section: `diff --git a/${path} b/${path}\n${body}\n` };
  });
  const diffChars = files.reduce((n, f) => n + f.section.length, 0);
  const render = (values: Record<string, string>) => [{ role: 'user', content: `Review:\n${values['pr.diff'] ?? ''}` }];
  /** A word-ish count (every run of letters or digits, and every other character, is a token), tallying what it read. */
  function counter() {
    const read = { chars: 0 };
    const count = (text: string) => {
      read.chars += text.length;
      return (text.match(/[a-z0-9]+|[^a-z0-9\s]/gi) ?? []).length;
    };
    return { count, read };
  }
  const whole = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: 10_000_000, count: counter().count }).tokens;

  test('exact at the boundary: a prompt of exactly max-input-tokens is sent whole; one token less leaves a file out', () => {
    assert.deepEqual(fitToBudget({ render, values: {}, diffFiles: files, maxTokens: whole, count: counter().count }).omitted, []);
    const under = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: whole - 1, count: counter().count });
    assert.ok(under.omitted.length >= 1);
    assert.ok(under.tokens <= whole - 1, `${under.tokens} tokens`);
  });

  for (const share of [0.999, 0.9, 0.6, 0.45]) {
    test(`linear: at ${share * 100}% of the whole prompt it fits, reading the diff at most 4.5 times`, () => {
      const { count, read } = counter();
      const maxTokens = Math.floor(whole * share);
      const fit = fitToBudget({ render, values: {}, diffFiles: files, maxTokens, count });
      assert.ok(fit.tokens <= maxTokens, `${fit.tokens} > ${maxTokens}`);
      assert.ok(read.chars <= 4.5 * diffChars, `read ${(read.chars / diffChars).toFixed(2)}× the diff`);
      // Whole files only: each is either in the diff or named as left out.
      const kept = files.filter((f) => !fit.omitted.some((o) => o.path === f.path));
      assert.equal(kept.length + fit.omitted.length, files.length);
      assert.ok(fit.omitted.length < files.length);
    });
  }
});
