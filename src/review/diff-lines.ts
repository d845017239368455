/**
 * The lines of a pull request's diff as GitHub places review comments on
 * them: each hunk's lines, a deleted line numbered on the old side (LEFT), an
 * added one on the new side (RIGHT), a context line on both. Read from the
 * hunk headers' counts, so a changed line that looks like a header (`--- a`,
 * `@@`) is read as the line it is. Pure and linear in the diff.
 */
import type { ChangedFile } from '../github-context/diff.ts';

export type DiffLineKind = 'added' | 'deleted' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  /** The line's number in the old file (deleted and context lines). */
  oldLine?: number;
  /** The line's number in the new file (added and context lines). */
  newLine?: number;
  /** The line's text, without its diff sign or a CRLF file's carriage return. */
  text: string;
}

export interface Hunk {
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

export interface FileDiff {
  /** The path GitHub names the file by in a review comment (the new path; the old one for a deleted file). */
  path: string;
  previousPath?: string;
  status: string;
  binary: boolean;
  hunks: Hunk[];
}

/** `@@ -12,3 +12,4 @@`: the counts default to 1. The line is cut before matching, and the pattern is anchored. */
const HUNK_HEADER = /^@@ -(\d{1,10})(?:,(\d{1,10}))? \+(\d{1,10})(?:,(\d{1,10}))? @@/;

export function parseFileDiff(file: ChangedFile): FileDiff {
  const diff: FileDiff = { path: file.path, status: file.status, binary: file.binary, hunks: [] };
  if (file.previousPath) diff.previousPath = file.previousPath;
  if (file.binary) return diff;
  let hunk: Hunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;
  for (const raw of file.section.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const sign = line.charAt(0);
      // `\ No newline at end of file` belongs to the line before it and takes no number.
      if (sign === '\\') continue;
      const text = line.slice(1);
      if (sign === '+' && newLeft > 0) {
        hunk?.lines.push({ kind: 'added', newLine: newLine++, text });
        newLeft--;
      } else if (sign === '-' && oldLeft > 0) {
        hunk?.lines.push({ kind: 'deleted', oldLine: oldLine++, text });
        oldLeft--;
      } else if ((sign === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
        // An empty context line may have lost its leading space (an editor trimmed it).
        hunk?.lines.push({ kind: 'context', oldLine: oldLine++, newLine: newLine++, text });
        oldLeft--;
        newLeft--;
      } else {
        // A line the counts do not allow: the hunk ends here, as git apply would read it.
        oldLeft = 0;
        newLeft = 0;
      }
      if (oldLeft > 0 || newLeft > 0) continue;
    }
    const header = raw.startsWith('@@ ') ? HUNK_HEADER.exec(raw.slice(0, 100)) : null;
    if (!header) continue;
    const [, oldStart = '0', oldCount = '1', newStart = '0', newCount = '1'] = header;
    hunk = { oldStart: Number(oldStart), newStart: Number(newStart), lines: [] };
    diff.hunks.push(hunk);
    oldLine = hunk.oldStart;
    newLine = hunk.newStart;
    oldLeft = Number(oldCount);
    newLeft = Number(newCount);
  }
  return diff;
}

/** Where each line of a file can take a comment: the hunk it is in, by side and number. */
export interface LineIndex {
  file: FileDiff;
  /** New-side numbers of added and context lines -> their hunk's index. */
  right: Map<number, number>;
  /** Old-side numbers of deleted lines -> their hunk's index. */
  left: Map<number, number>;
  /** Old-side numbers of context lines -> their new-side number (a comment on one goes on the RIGHT). */
  contextOldToNew: Map<number, number>;
}

function indexLines(file: FileDiff): LineIndex {
  const index: LineIndex = { file, right: new Map(), left: new Map(), contextOldToNew: new Map() };
  file.hunks.forEach((hunk, hunkIndex) => {
    for (const line of hunk.lines) {
      if (line.newLine !== undefined) index.right.set(line.newLine, hunkIndex);
      if (line.kind === 'deleted' && line.oldLine !== undefined) index.left.set(line.oldLine, hunkIndex);
      if (line.kind === 'context' && line.oldLine !== undefined && line.newLine !== undefined) {
        index.contextOldToNew.set(line.oldLine, line.newLine);
      }
    }
  });
  return index;
}

/** Every file of the pull request by the path a comment names (a renamed file by its old path too). */
export function indexPullRequest(files: readonly ChangedFile[]): Map<string, LineIndex> {
  const byPath = new Map<string, LineIndex>();
  for (const file of files) {
    const index = indexLines(parseFileDiff(file));
    byPath.set(file.path, index);
    if (file.previousPath && !byPath.has(file.previousPath)) byPath.set(file.previousPath, index);
  }
  return byPath;
}
