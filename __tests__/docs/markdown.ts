/**
 * What the docs tests read from Markdown: headings and their GitHub anchors,
 * and links. GitHub's anchor rule: the heading's text lowercased, inline
 * markup and punctuation dropped (letters, digits, spaces, '-' and '_' kept),
 * each space a '-'; a repeated anchor gets -1, -2, ...
 */
import { readFileSync } from 'node:fs';

function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/ /g, '-');
}

/** Drops fenced code blocks, whose `#` lines are no headings and whose links are no links. */
function withoutCode(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '');
}

export interface Heading {
  level: number;
  text: string;
  anchor: string;
}

export function headings(text: string): Heading[] {
  const seen = new Map<string, number>();
  return [...withoutCode(text).matchAll(/^(#{1,6}) +(.+?) *#*$/gm)].map((match) => {
    const base = githubAnchor(match[2]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { level: match[1]!.length, text: match[2]!, anchor: count === 0 ? base : `${base}-${count}` };
  });
}

export function anchorsOf(file: string): Set<string> {
  return new Set(headings(readFileSync(file, 'utf8')).map((h) => h.anchor));
}

/** Every inline link target `[text](target)` outside code. */
export function linkTargets(text: string): string[] {
  const prose = withoutCode(text).replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^()\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]!);
}
