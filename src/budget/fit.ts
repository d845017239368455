/**
 * Fits the prompt into max-input-tokens by leaving whole files out of
 * {{pr.diff}}: lock files, generated and vendored files and binary diffs
 * first, then the largest files, until the messages fit. The diff then ends
 * with a line naming what was left out, so the model knows. Pure: the token
 * counter and the rendering of messages are passed in.
 */
import { ActionFailure } from '../errors.ts';
import type { ChangedFile } from '../github-context/diff.ts';
import { type FileKind, fileKind } from './file-kinds.ts';
import { countMessages, type TokenCounter } from './tokenizer.ts';

export interface Message {
  role: string;
  content: string;
}

export interface OmittedFile {
  path: string;
  kind: FileKind;
  tokens: number;
}

export interface FitRequest {
  /** Renders the messages with these variable values (the template substitution). */
  render(values: Record<string, string>): Message[];
  /** Every value but pr.diff. */
  values: Record<string, string>;
  /** The files of pr.diff, when the prompt uses it. */
  diffFiles?: readonly ChangedFile[];
  maxTokens: number;
  count: TokenCounter;
}

export interface FitResult {
  messages: Message[];
  values: Record<string, string>;
  tokens: number;
  omitted: OmittedFile[];
}

export function fitToBudget(request: FitRequest): FitResult {
  const { count, maxTokens } = request;
  const files = request.diffFiles ?? [];
  const withDiff = (kept: readonly ChangedFile[], omitted: readonly OmittedFile[]) => {
    const values = { ...request.values };
    if (request.diffFiles) values['pr.diff'] = renderDiff(kept, omitted, files.length, maxTokens);
    return values;
  };
  const measure = (kept: readonly ChangedFile[], omitted: readonly OmittedFile[]) => {
    const values = withDiff(kept, omitted);
    const messages = request.render(values);
    return { values, messages, tokens: countMessages(messages, count) };
  };

  let attempt = measure(files, []);
  if (attempt.tokens <= maxTokens) return { ...attempt, omitted: [] };

  const candidates = leaveOutOrder(files, count);
  const omitted: OmittedFile[] = [];
  const leftOut = new Set<ChangedFile>();
  while (attempt.tokens > maxTokens) {
    if (candidates.length === 0) {
      throw new ActionFailure(
        [
          `The prompt is ${attempt.tokens} tokens${files.length ? ` even with every file of {{pr.diff}} left out` : ''}; max-input-tokens is ${maxTokens}.`,
          "Raise max-input-tokens (up to what the deployment's model accepts), or use fewer or smaller variables in the prompt.",
        ].join('\n'),
        { topic: 'promptOverMaxInputTokens' },
      );
    }
    // Drop enough files at once to cover the excess, counting what naming each in the note line costs, then
    // measure again: one more measure of the whole prompt, not one per file, so the fit stays linear in the diff.
    let excess = attempt.tokens - maxTokens + (omitted.length === 0 ? count(noteLine(files.length, inputBudget(maxTokens), '')) : 0);
    for (let next = candidates.shift(); next; next = excess > 0 ? candidates.shift() : undefined) {
      leftOut.add(next.file);
      omitted.push({ path: next.file.path, kind: next.kind, tokens: next.tokens });
      excess -= next.tokens - count(noteEntry(next.file.path, next.kind));
    }
    attempt = measure(
      files.filter((f) => !leftOut.has(f)),
      omitted,
    );
  }
  return { ...attempt, omitted };
}

export interface Candidate {
  file: ChangedFile;
  kind: FileKind;
  tokens: number;
}

/** Low-value kinds first, each group largest first. */
export function leaveOutOrder(files: readonly ChangedFile[], count: TokenCounter): Candidate[] {
  const candidates = files.map((file) => ({ file, kind: fileKind(file.path, file.binary), tokens: count(file.section) }));
  const rank = (c: Candidate) => (c.kind === 'source' ? 1 : 0);
  return candidates.sort((a, b) => rank(a) - rank(b) || b.tokens - a.tokens);
}

function renderDiff(kept: readonly ChangedFile[], omitted: readonly OmittedFile[], total: number, maxTokens: number): string {
  return `${kept.map((f) => f.section).join('')}${omittedNote(omitted, total, inputBudget(maxTokens))}`;
}

const inputBudget = (maxTokens: number) => `fit the input budget of ${maxTokens} tokens`;

/** The line that ends a cut diff, naming what was left out. */
export function omittedNote(omitted: readonly OmittedFile[], total: number, why: string): string {
  if (omitted.length === 0) return '';
  return noteLine(total, why, omitted.map((o) => noteEntry(o.path, o.kind)).join(', '), omitted.length);
}

function noteLine(total: number, why: string, list: string, count = total): string {
  return `\n[${count} of ${total} changed files left out of this diff to ${why}: ${list}]\n`;
}

function noteEntry(path: string, kind: FileKind): string {
  return `${path} (${kind === 'source' ? 'large' : kind})`;
}
