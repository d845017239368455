/**
 * Cuts one file's diff section into pieces that each fit `room` tokens, for
 * large-diff: split. Each piece repeats the file's header (diff --git, ---,
 * +++), so every part stays a valid diff a model can cite; pieces end at hunk
 * boundaries, and a single hunk larger than a piece is cut at lines, each cut
 * given a header with its own line numbers (a review's numbered diff, whose
 * lines carry their numbers, repeats the hunk's header). Pure: the token counter is passed in.
 */
import type { TokenCounter } from './tokenizer.ts';

export interface DiffPiece {
  path: string;
  /** A valid diff section: the file's header and whole hunks (or one hunk's lines, renumbered). */
  section: string;
  tokens: number;
  /** Set when the file was cut: which of its pieces this is (1-based), and how many there are. */
  piece?: { index: number; of: number };
}

interface Hunk {
  text: string;
  tokens: number;
}

/** `@@ -old[,count] +new[,count] @@ rest`: digits bounded, anchored, so the match is linear. */
const HUNK_HEADER = /^@@ -(\d{1,10})(?:,(\d{1,10}))? \+(\d{1,10})(?:,(\d{1,10}))? @@/;

/** The file's section in pieces of at most `room` tokens each; one piece when it fits or cannot be cut. */
export function cutSection(path: string, section: string, room: number, count: TokenCounter): DiffPiece[] {
  const tokens = count(section);
  if (tokens <= room) return [{ path, section, tokens }];
  const start = hunkStart(section);
  if (start === -1) return [{ path, section, tokens }];
  const header = section.slice(0, start);
  const headerTokens = count(header);
  const hunks = splitHunks(section.slice(start)).flatMap((text) => cutHunk(text, room - headerTokens, count));
  const groups: Hunk[][] = [];
  let current: Hunk[] = [];
  let used = headerTokens;
  for (const hunk of hunks) {
    if (current.length > 0 && used + hunk.tokens > room) {
      groups.push(current);
      current = [];
      used = headerTokens;
    }
    current.push(hunk);
    used += hunk.tokens;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, index) => ({
    path,
    section: header + group.map((h) => h.text).join(''),
    tokens: headerTokens + group.reduce((sum, h) => sum + h.tokens, 0),
    piece: { index: index + 1, of: groups.length },
  }));
}

/** Where the first hunk starts (a line beginning `@@`), by a scan of line starts. */
function hunkStart(section: string): number {
  if (section.startsWith('@@')) return 0;
  const at = section.indexOf('\n@@');
  return at === -1 ? -1 : at + 1;
}

/** The hunks of a file's section from its first `@@` line, each with its lines and final line feed. */
function splitHunks(body: string): string[] {
  const hunks: string[] = [];
  let from = 0;
  for (let at = body.indexOf('\n@@', 1); at !== -1; at = body.indexOf('\n@@', at + 1)) {
    hunks.push(body.slice(from, at + 1));
    from = at + 1;
  }
  hunks.push(body.slice(from));
  return hunks;
}

/** One hunk as it is, or cut at lines into renumbered hunks of at most `room` tokens each. */
function cutHunk(text: string, room: number, count: TokenCounter): Hunk[] {
  const tokens = count(text);
  const newline = text.indexOf('\n');
  const numbers = HUNK_HEADER.exec(text.slice(0, newline === -1 ? text.length : newline));
  if (tokens <= room || !numbers || newline === -1) return [{ text, tokens }];
  const trailer = text.slice(numbers[0].length, newline);
  let oldLine = Number(numbers[1]) + (numbers[2] === '0' ? 1 : 0);
  let newLine = Number(numbers[3]) + (numbers[4] === '0' ? 1 : 0);
  const lines = linesOf(text.slice(newline + 1));
  // A review's numbered diff (`R12 +text`) carries each line's number itself: each cut repeats the hunk's header.
  const numbered = /^[RL]\d/.test(lines[0] ?? '');
  const cuts: Hunk[] = [];
  let body: string[] = [];
  let used = 0;
  let counts = { old: 0, new: 0, oldStart: oldLine, newStart: newLine };
  const flush = (): void => {
    if (body.length === 0) return;
    const head = numbered
      ? text.slice(0, newline + 1)
      : `@@ -${range(counts.oldStart, counts.old)} +${range(counts.newStart, counts.new)} @@${trailer}\n`;
    cuts.push({ text: head + body.join(''), tokens: count(head) + used });
    body = [];
    used = 0;
    counts = { old: 0, new: 0, oldStart: oldLine, newStart: newLine };
  };
  for (const line of lines) {
    const lineTokens = count(line);
    // A "\ No newline" line belongs with the line before it.
    if (used + lineTokens > room - 24 && body.length > 0 && !line.startsWith('\\')) flush();
    body.push(line);
    used += lineTokens;
    const marker = line[0];
    if (marker === '-' || marker === ' ') {
      counts.old++;
      oldLine++;
    }
    if (marker === '+' || marker === ' ') {
      counts.new++;
      newLine++;
    }
  }
  flush();
  return cuts;
}

/** The lines of a text, each with its line feed (the last may have none). */
function linesOf(text: string): string[] {
  const lines = text.split('\n').map((line) => `${line}\n`);
  const last = lines.pop();
  if (last !== undefined && last !== '\n') lines.push(last.slice(0, -1));
  return lines;
}

/** A hunk header's `start,count`; an empty side names the line before it, as git writes it. */
function range(start: number, lines: number): string {
  return lines === 0 ? `${start - 1},0` : `${start},${lines}`;
}
