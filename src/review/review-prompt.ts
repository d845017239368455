/**
 * What the action adds to the reviewer's prompt: the rules of the answer's
 * shape, then the diff in a form a model can cite exactly, each line of a
 * hunk with its number on its side (`R12` for added and unchanged lines,
 * `L12` for deleted ones). The rules come first and never change, so
 * requests share a prefix the service can cache. Pure.
 */
import type { ChangedFile } from '../github-context/diff.ts';
import { parseFileDiff } from './diff-lines.ts';

export const REVIEW_RULES = [
  'Review the pull request diff below and answer with JSON in the shape the response format gives:',
  '- "summary": the review in a few sentences of Markdown.',
  '- "findings": one entry per problem worth a comment, most important first; none when there is nothing to say.',
  'Each finding names "path" exactly as the diff does, and "line" with its "side" as the diff shows it:',
  'a line marked R (added "+" or unchanged " ") is side "RIGHT" with that number; a line marked L (deleted "-") is',
  'side "LEFT" with that number. For a range, "start_line" is its first line and "line" its last, both within one',
  'hunk (one @@ block) and on one side; otherwise "start_line" is null. Cite only lines shown in the diff.',
  '"severity" is critical, major, minor or nit. "body" explains the problem in Markdown.',
  '"suggestion" is the exact replacement text for the RIGHT-side line or range (without numbers or diff signs),',
  'or null; give one only when the fix is certain.',
].join('\n');

/** One file's part of the numbered diff. */
export function numberedSection(file: ChangedFile): string {
  const diff = parseFileDiff(file);
  const renamed = diff.previousPath ? ` from ${diff.previousPath}` : '';
  const head = `=== ${diff.path} (${diff.status}${renamed})`;
  if (diff.binary) return `${head}\n(binary file: no lines to cite)\n`;
  if (diff.hunks.length === 0) return `${head}\n(no lines shown: ${firstNote(file.section)})\n`;
  const out = [head];
  for (const hunk of diff.hunks) {
    out.push(`@@ -${hunk.oldStart} +${hunk.newStart} @@`);
    for (const line of hunk.lines) {
      if (line.kind === 'deleted') out.push(`L${line.oldLine} -${line.text}`);
      else if (line.kind === 'added') out.push(`R${line.newLine} +${line.text}`);
      else out.push(`R${line.newLine}  ${line.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Why a file shows no hunk (a mode change, GitHub's note on a patch too large), in a few words. */
function firstNote(section: string): string {
  const note = section.split('\n').find((line) => line.startsWith('('));
  return note ? note.slice(1, 120).replace(/\)$/, '') : 'only its name or mode changed';
}

/** The files, numbered, as ChangedFiles whose section is the numbered text (what the input budget fits). */
export function numberedFiles(files: readonly ChangedFile[]): ChangedFile[] {
  return files.map((file) => ({ ...file, section: numberedSection(file) }));
}

/** The message the action adds after the reviewer's prompt. */
export function reviewMessage(scope: string, numberedDiff: string): string {
  return `${REVIEW_RULES}\n\nWhat to review: ${scope}.\n\n${numberedDiff}`;
}
