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
