/**
 * `npm run build`, after ncc and ascii-bundle.ts: `node scripts/minify-bundle.ts
 * DIR` minifies every .js file of DIR the way `ncc build -m` minifies (terser:
 * local names mangled, function and class names kept, no compression), which
 * ncc does only to the entry file, not to the chunks a run loads.
 *
 * Why: V8 compiles a keyless run's 2 MB of chunks (0.8 MB minified) before
 * it can run them, and that is faster for shorter code: about 10 ms less CPU
 * on the first run of a job (interleaved A/B runs, perf task-clock). Without
 * a compression step the program is the same one with other local names.
 *
 * Two things of ncc's output are kept on purpose:
 * - webpack writes each module factory in parentheses, which V8 reads as
 *   "called soon" and compiles at once. terser drops them; without them V8
 *   pre-parses every factory, then parses it again when it runs, and a run
 *   is slower than unminified (same A/B). They are put back.
 * - the module comments ("CONCATENATED MODULE: ./node_modules/…"), so that
 *   the bundle still says where each part comes from (the dist tests read
 *   them), and licence comments.
 */
import { type Comment, type Node, parse } from 'acorn';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';
import { isAscii, PARSE_OPTIONS, visit } from './js-source.ts';

/** The module comments webpack writes, one per bundled module. */
const MODULE_COMMENT = /^ ?(?:CONCATENATED|EXTERNAL) MODULE: /;
/** Licence comments, which terser's default ("some") keeps. */
const LICENCE_COMMENT = /@preserve|@copyright|@lic|@cc_on|^\**!/i;

export function keepsComment(text: string): boolean {
  return MODULE_COMMENT.test(text) || LICENCE_COMMENT.test(text);
}

/**
 * The module comments of the modules that hold code. terser drops the empty
 * statement an empty module leaves (ncc writes `;// CONCATENATED MODULE: …`)
 * and the comments on it, so those are not compared. A module is empty when
 * what follows its comment (past comments, spaces and semicolons) is the
 * next module's comment, the end of its factory, or the end of the file.
 */
export function codeModuleComments(source: string): string[] {
  const comments: Comment[] = [];
  parse(source, { ...PARSE_OPTIONS, onComment: comments });
  const kept: string[] = [];
  comments.forEach((comment, i) => {
    if (!MODULE_COMMENT.test(comment.value)) return;
    let at = comment.end;
    for (let next = i + 1; ; next += 1) {
      while (at < source.length && /[\s;]/.test(source[at] ?? '')) at += 1;
      const following = comments[next];
      if (following?.start !== at) break;
      if (MODULE_COMMENT.test(following.value)) return; // the next module begins: this one is empty
      at = following.end;
    }
    if (at < source.length && source[at] !== '}') kept.push(comment.value.trim());
  });
  return kept;
}

interface Property extends Node {
  key: Node & { value?: unknown };
  value: Node;
}

/**
 * The module factories of webpack's module maps (an object literal whose keys
 * are all numbers and whose values are all functions: `modules` in a chunk,
 * `__webpack_modules__` in the entry) that are not already parenthesized.
 */
export function bareFactories(source: string): Node[] {
  const factories: Node[] = [];
  visit(parse(source, PARSE_OPTIONS), undefined, (node) => {
    const properties = (node as Node & { properties?: Property[] }).properties;
    const isModuleMap =
      node.type === 'ObjectExpression' &&
      !!properties?.length &&
      properties.every((p) => p.type === 'Property' && typeof p.key.value === 'number' && p.value.type.includes('Function'));
    if (!isModuleMap) return true;
    for (const p of properties) if (source[p.value.start - 1] !== '(') factories.push(p.value);
    return false;
  });
  return factories;
}

/** `source` with each bare module factory in parentheses (V8 compiles those eagerly). */
export function parenthesizeFactories(source: string): string {
  const factories = bareFactories(source).sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let copied = 0;
  for (const f of factories) {
    pieces.push(source.slice(copied, f.start), '(', source.slice(f.start, f.end), ')');
    copied = f.end;
  }
  pieces.push(source.slice(copied));
  return pieces.join('');
}

/**
 * ncc's `-m` terser settings, plus the comments above. terser writes strings
 * its own way, so a file that ascii-bundle.ts made ASCII is written as ASCII
 * again (ascii_only); one it left as it was stays so.
 */
export async function minifySource(source: string): Promise<string> {
  const result = await minify(source, {
    module: true,
    compress: false,
    mangle: { keep_classnames: true, keep_fnames: true },
    format: { ascii_only: isAscii(source), comments: (_node: unknown, comment: { value: string }) => keepsComment(comment.value) },
  });
  if (result.code === undefined) throw new Error('terser returned no code');
  return parenthesizeFactories(result.code);
}

async function main(dir: string): Promise<void> {
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.js')) continue;
    const path = join(dir, name);
    const source = readFileSync(path, 'utf8');
    const text = await minifySource(source);
    // Every module with code keeps its comment, in order: the bundle still names what it holds.
    if (JSON.stringify(codeModuleComments(text)) !== JSON.stringify(codeModuleComments(source))) {
      throw new Error(`minify-bundle: minifying ${name} lost module comments; it was left as it was.`);
    }
    writeFileSync(path, text);
  }
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/minify-bundle.ts DIR');
  await main(dir);
}
