/**
 * `npm run build`, after ncc: `node scripts/ascii-bundle.ts DIR` writes every
 * non-ASCII character of DIR's .js files as a \u escape.
 *
 * Why: Node keeps a module whose source is all ASCII as a one-byte string.
 * One "—" in a comment makes the whole chunk two bytes a character and slower
 * to decode: the @azure/identity chunk alone is 1.4 MB. ASCII chunks take
 * about 2.5 MiB off a run's peak memory (npm run bench).
 *
 * Characters are escaped only where an escape means the same character:
 * comments, string literals, regular expression literals and untagged
 * template literals (a tagged template could read the raw text). Anything
 * else is left alone and reported. The rewritten file is parsed again, and
 * its strings, templates and patterns are compared with the original's.
 */
import { type Comment, type Node, parse } from 'acorn';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAscii, PARSE_OPTIONS, visit } from './js-source.ts';

type Kind = 'comment' | 'string' | 'template' | 'regex';

interface Region {
  start: number;
  end: number;
  kind: Kind;
  /** Regular expression flags. */
  flags?: string;
}

interface RegexLiteral extends Node {
  regex?: { pattern: string; flags: string };
  value?: unknown;
  raw?: string;
}

/** Escapes may make a file at most this much longer. */
const MAX_GROWTH = 1.01;

/** The regions of `source` where a \u escape stands for the character it replaces. */
function escapableRegions(source: string): Region[] {
  const regions: Region[] = [];
  const comments: Comment[] = [];
  const ast = parse(source, { ...PARSE_OPTIONS, onComment: comments });
  for (const comment of comments) regions.push({ start: comment.start, end: comment.end, kind: 'comment' });
  visit(ast, undefined, (node, parent) => {
    const literal = node as RegexLiteral;
    if (node.type === 'Literal' && literal.regex) {
      regions.push({ start: node.start, end: node.end, kind: 'regex', flags: literal.regex.flags });
    } else if (node.type === 'Literal' && typeof literal.value === 'string') {
      regions.push({ start: node.start, end: node.end, kind: 'string' });
    } else if (node.type === 'TemplateElement' && parent?.type === 'TemplateLiteral') {
      regions.push({ start: node.start, end: node.end, kind: 'template' });
    }
    // A tagged template's elements are not visited as escapable: its tag may read .raw.
    return !(node.type === 'TemplateLiteral' && parent?.type === 'TaggedTemplateExpression');
  });
  regions.sort((a, b) => a.start - b.start);
  return regions;
}

function escapeFor(codePoint: number, region: Region): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  if (codePoint <= 0xffff) return `\\u${hex(codePoint)}`;
  // An astral character: \u{...} where the syntax knows it; else its UTF-16 pair, which a non-unicode pattern also matches.
  if (region.kind !== 'regex' || /[uv]/.test(region.flags ?? '')) return `\\u{${codePoint.toString(16)}}`;
  const offset = codePoint - 0x10000;
  return `\\u${hex(0xd800 + (offset >> 10))}\\u${hex(0xdc00 + (offset & 0x3ff))}`;
}

/** The ASCII rewrite of `source`, and how many characters had to stay as they are. */
export function asciiSource(source: string): { text: string; kept: number } {
  const regions = escapableRegions(source);
  const pieces: string[] = [];
  let kept = 0;
  let copied = 0; // source[copied..] is not in `pieces` yet
  let next = 0; // the first region that may still contain the current position
  // eslint-disable-next-line no-control-regex -- the point: find any character outside ASCII
  for (const match of source.matchAll(/[^\x00-\x7f]/gu)) {
    const at = match.index;
    const codePoint = match[0].codePointAt(0) ?? 0;
    while (next < regions.length && (regions[next]?.end ?? 0) <= at) next += 1;
    const region = regions[next];
    if (!region || region.start > at) {
      kept += 1;
      continue;
    }
    let slashes = 0;
    while (source[at - 1 - slashes] === '\\') slashes += 1;
    // An identity escape, backslash and é, becomes \u00e9 (the backslash is dropped), not an escaped backslash.
    const escaped = region.kind !== 'comment' && slashes % 2 === 1;
    pieces.push(source.slice(copied, escaped ? at - 1 : at), escapeFor(codePoint, region));
    copied = at + match[0].length;
  }
  pieces.push(source.slice(copied));
  return { text: pieces.join(''), kept };
}

/**
 * What the program means where escapes can differ: string values, template
 * values (and a tagged template's raw text, which its tag reads), patterns.
 */
export function meaning(source: string): string[] {
  const values: string[] = [];
  visit(parse(source, PARSE_OPTIONS), undefined, (node) => {
    const literal = node as RegexLiteral & { value?: { cooked?: string | null }; quasi?: { quasis: Array<{ value: { raw: string } }> } };
    if (node.type === 'Literal' && literal.regex) {
      values.push(`regex ${literal.regex.flags} ${unescapePattern(literal.regex.pattern)}`);
    } else if (node.type === 'Literal') values.push(`literal ${JSON.stringify(literal.value ?? null)}`);
    else if (node.type === 'TemplateElement') values.push(`template ${String(literal.value?.cooked)}`);
    else if (node.type === 'TaggedTemplateExpression') values.push(`raw ${JSON.stringify(literal.quasi?.quasis.map((q) => q.value.raw))}`);
    else values.push(node.type);
    return true;
  });
  return values;
}

/** A pattern with \u escapes of non-ASCII characters written as the characters, to compare two spellings. */
function unescapePattern(pattern: string): string {
  return pattern
    .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function main(dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.js')) continue;
    const path = join(dir, name);
    const source = readFileSync(path, 'utf8');
    if (isAscii(source)) continue;
    const { text, kept } = asciiSource(source);
    // Text that is mostly non-ASCII (the tokenizer's vocabulary, loaded only for max-input-tokens) would grow instead.
    if (text.length > source.length * MAX_GROWTH) {
      console.log(
        `ascii-bundle: ${name} left as it is: escaped, it would grow by ${Math.round((100 * text.length) / source.length - 100)}%.`,
      );
      continue;
    }
    if (JSON.stringify(meaning(text)) !== JSON.stringify(meaning(source))) {
      throw new Error(`ascii-bundle: rewriting ${name} would change what it means; it was left as it was.`);
    }
    writeFileSync(path, text);
    if (kept > 0) console.log(`ascii-bundle: ${name}: ${kept} character(s) outside comments, strings and patterns kept as they are.`);
  }
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/ascii-bundle.ts DIR');
  main(dir);
}
