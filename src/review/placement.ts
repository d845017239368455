/**
 * Where GitHub takes a finding: checked against the parsed diff before
 * anything is posted, since one misplaced comment makes GitHub refuse the
 * whole review (422). RIGHT for added and context lines of a hunk, LEFT for
 * deleted ones, a range only within one hunk and one side. A LEFT line that
 * is a context line goes on the RIGHT, where GitHub shows it. A suggestion
 * applies only on the RIGHT. Pure.
 */
import type { LineIndex } from './diff-lines.ts';
import type { Finding, Side } from './review-schema.ts';

export interface InlinePlace {
  path: string;
  line: number;
  side: Side;
  startLine?: number;
}

export type Placement = { ok: true; place: InlinePlace; suggestible: boolean } | { ok: false; why: string };

export function placeFinding(files: ReadonlyMap<string, LineIndex>, finding: Finding): Placement {
  const index = files.get(finding.path);
  if (!index) return { ok: false, why: 'the file is not part of the pull request' };
  if (index.file.binary || index.file.hunks.length === 0) return { ok: false, why: 'the file has no lines in the diff' };
  const end = locate(index, finding.side, finding.line);
  if (!end) return { ok: false, why: 'the line is outside every hunk of the diff' };
  const path = index.file.path;
  const start = finding.start_line === null || finding.start_line === finding.line ? undefined : finding.start_line;
  if (start === undefined) return { ok: true, place: { path, line: end.line, side: end.side }, suggestible: end.side === 'RIGHT' };
  const first = locate(index, finding.side, start);
  if (first?.hunk !== end.hunk || first.side !== end.side) {
    return { ok: false, why: 'the range does not lie within one hunk of the diff' };
  }
  const [low, high] = first.line < end.line ? [first.line, end.line] : [end.line, first.line];
  return { ok: true, place: { path, line: high, side: end.side, startLine: low }, suggestible: end.side === 'RIGHT' };
}

/** The side, number and hunk a cited line has in the diff, or undefined when GitHub would not take it. */
function locate(index: LineIndex, side: Side, line: number): { side: Side; line: number; hunk: number } | undefined {
  if (!Number.isSafeInteger(line) || line < 1) return undefined;
  if (side === 'RIGHT') {
    const hunk = index.right.get(line);
    return hunk === undefined ? undefined : { side, line, hunk };
  }
  const hunk = index.left.get(line);
  if (hunk !== undefined) return { side, line, hunk };
  const newLine = index.contextOldToNew.get(line);
  const newHunk = newLine === undefined ? undefined : index.right.get(newLine);
  return newLine === undefined || newHunk === undefined ? undefined : { side: 'RIGHT', line: newLine, hunk: newHunk };
}

/** The findings sorted into inline comments (at most `max`, in the order given) and those listed in the body. */
export function sortFindings(
  files: ReadonlyMap<string, LineIndex>,
  ranked: readonly Finding[],
  max: number,
): { inline: Array<{ finding: Finding; place: InlinePlace; suggestible: boolean }>; listed: Array<{ finding: Finding; why: string }> } {
  const inline: Array<{ finding: Finding; place: InlinePlace; suggestible: boolean }> = [];
  const listed: Array<{ finding: Finding; why: string }> = [];
  for (const finding of ranked) {
    const placement = placeFinding(files, finding);
    if (!placement.ok) listed.push({ finding, why: placement.why });
    else if (inline.length >= max) listed.push({ finding, why: `more than ${max} comments (max-review-comments)` });
    else inline.push({ finding, place: placement.place, suggestible: placement.suggestible });
  }
  return { inline, listed };
}
