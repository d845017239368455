/**
 * The documentation holds together: the README stays a page (at most 40 KB)
 * whose table of contents lists every `##` section, and every relative link
 * in the README and the other docs reaches a file, and the heading when it
 * names one. Every yaml block parses: a snippet users paste must be YAML.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { ROOT } from '../../emulator/runner.ts';
import { anchorsOf, headings, linkTargets } from './markdown.ts';

const README = join(ROOT, 'README.md');
const README_MAX_BYTES = 40_000;

/** The Markdown a user reads: the README, docs/ (its pending notes are drafts, folded in later) and the folders' own READMEs. */
function documents(): string[] {
  const docs = join(ROOT, 'docs');
  const pages = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .map((name) => join(docs, name))
    : [];
  const others = ['CONTRIBUTING.md', 'SECURITY.md', 'examples/README.md', 'emulator/README.md', 'bench/README.md']
    .map((path) => join(ROOT, path))
    .filter((path) => existsSync(path));
  return [README, ...pages, ...others];
}

/** Where a relative link leads, or undefined for a link off the repository. */
function resolveLink(from: string, target: string): { file: string; anchor: string | undefined } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [path = '', anchor] = target.split('#', 2);
  return { file: path === '' ? from : join(dirname(from), decodeURIComponent(path)), anchor: anchor || undefined };
}

describe('README.md', () => {
  test(`is at most ${README_MAX_BYTES} bytes`, () => {
    const size = statSync(README).size;
    assert.ok(size <= README_MAX_BYTES, `README.md is ${size} bytes; move detail into docs/, examples/README.md or bench/README.md`);
  });

  test('its first yaml block is the quick start: a whole workflow with permissions id-token: write', () => {
    const text = readFileSync(README, 'utf8');
    const first = /^( *)```ya?ml\n([\s\S]*?)^\1```$/m.exec(text);
    assert.ok(first, 'a yaml block is found');
    const indent = first[1] ?? '';
    const block = (first[2] ?? '')
      .split('\n')
      .map((line) => line.slice(indent.length))
      .join('\n');
    const workflow = parseDocument(block).toJS() as { permissions?: Record<string, string>; jobs?: unknown; on?: unknown };
    assert.ok(workflow.jobs !== undefined && workflow.on !== undefined, 'the first yaml block is a whole workflow');
    assert.equal(workflow.permissions?.['id-token'], 'write');
    const quickStart = text.search(/^## Quick start$/m);
    const nextSection = text.indexOf('\n## ', quickStart + 1);
    assert.ok(quickStart > 0 && first.index > quickStart && first.index < nextSection, 'it is in the quick start');
  });

  test('its table of contents lists every ## section', () => {
    const text = readFileSync(README, 'utf8');
    const firstSection = text.search(/^## /m);
    assert.ok(firstSection > 0, 'the README has ## sections');
    const toc = new Set(
      linkTargets(text.slice(0, firstSection))
        .filter((t) => t.startsWith('#'))
        .map((t) => t.slice(1)),
    );
    const sections = headings(text).filter((h) => h.level === 2);
    assert.ok(sections.length >= 5, 'the sections are found');
    const missing = sections.filter((h) => !toc.has(h.anchor)).map((h) => h.text);
    assert.deepEqual(missing, [], 'sections missing from the table of contents');
  });
});

describe('every relative link in the docs resolves', () => {
  for (const document of documents()) {
    test(relative(ROOT, document), () => {
      const targets = linkTargets(readFileSync(document, 'utf8'));
      const broken: string[] = [];
      for (const target of targets) {
        const link = resolveLink(document, target);
        if (!link) continue;
        if (!existsSync(link.file)) broken.push(`${target}: no file ${relative(ROOT, link.file)}`);
        else if (link.anchor !== undefined) {
          if (!link.file.endsWith('.md')) broken.push(`${target}: an anchor into a file that is not Markdown`);
          else if (!anchorsOf(link.file).has(link.anchor))
            broken.push(`${target}: no heading #${link.anchor} in ${relative(ROOT, link.file)}`);
        }
      }
      assert.deepEqual(broken, []);
      if (document === README) assert.ok(targets.length > 10, "the README's links are found");
    });
  }
});

describe('every yaml block in the docs is valid YAML', () => {
  for (const document of documents()) {
    test(relative(ROOT, document), () => {
      const blocks = [...readFileSync(document, 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
      const invalid = blocks.flatMap((block) => parseDocument(block).errors.map((e) => `${e.message}\nin:\n${block}`));
      assert.deepEqual(invalid, []);
    });
  }
});
