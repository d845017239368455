/**
 * large-diff: split. The files of {{pr.diff}} packed, in the pull request's
 * order, into parts whose messages each fit max-input-tokens (a file too big
 * for one part cut at hunks, hunks.ts). Every part is the same prompt with
 * its own share of the diff, which ends with a line naming the part, so the
 * parts share the prompt's stable beginning. When the parts and the combining
 * call together could pass max-total-tokens, or there would be more than
 * MAX_PARTS, files leave the diff as in fit.ts (lock, generated, vendored and
 * binary first, then the largest). Pure: the counter and the render are passed in.
 */
import { InputError } from '../errors.ts';
import type { ChangedFile } from '../github-context/diff.ts';
import { type Candidate, type FitRequest, leaveOutOrder, type Message, type OmittedFile, omittedNote } from './fit.ts';
import { cutSection, type DiffPiece } from './hunks.ts';
import { combinedAnswersBound } from './part-answers.ts';
import { countMessages } from './tokenizer.ts';

/** Parts asked of one run at most: beyond it, files leave the diff as they would be trimmed. */
export const MAX_PARTS = 64;
/** Below this much room for the diff in a part, splitting cannot help: the prompt itself is too large. */
const MIN_DIFF_ROOM = 256;

export interface DiffPart {
  pieces: DiffPiece[];
  values: Record<string, string>;
  messages: Message[];
  tokens: number;
}

export interface SplitPlan {
  parts: DiffPart[];
  omitted: OmittedFile[];
}

export interface SplitRequest extends FitRequest {
  diffFiles: readonly ChangedFile[];
  /** max-tokens: what each answer may add, counted against max-total-tokens. */
  answerTokens?: number;
  maxTotalTokens?: number;
}

/** The line that ends each part's diff, so the model knows it sees a share of the pull request. */
function partNote(index: number, of: number): string {
  return `\n[Part ${index} of ${of} of this pull request's diff: the other parts are asked separately and the answers combined.]\n`;
}

export function planSplit(request: SplitRequest): SplitPlan {
  const files = request.diffFiles;
  const candidates = leaveOutOrder(files, request.count);
  const omitted: OmittedFile[] = [];
  const leftOut = new Set<ChangedFile>();
  const leaveOut = (candidate: Candidate): void => {
    leftOut.add(candidate.file);
    omitted.push({ path: candidate.file.path, kind: candidate.kind, tokens: candidate.tokens });
  };
  for (;;) {
    const kept = files.filter((file) => !leftOut.has(file));
    const packed = packParts(request, kept, omitted);
    if ('unfit' in packed) {
      // A file no part can hold (a binary or header-only diff larger than a part) leaves the diff first.
      for (const candidate of candidates.filter((c) => packed.unfit.has(c.file))) leaveOut(candidate);
      candidates.splice(0, candidates.length, ...candidates.filter((c) => !packed.unfit.has(c.file)));
      continue;
    }
    const plan = { parts: packed.parts, omitted: [...omitted] };
    const excess = excessOf(request, plan.parts);
    if (excess <= 0) return plan;
    if (candidates.length === 0) throw overBudget(request, plan.parts);
    // Enough files to cover the excess at once, then pack again: one packing per round, not one per file.
    let covered = 0;
    for (let next = candidates.shift(); next; next = covered < excess ? candidates.shift() : undefined) {
      leaveOut(next);
      covered += next.tokens;
    }
  }
}

/** Tokens over max-total-tokens (the parts, their answers and the combining call), or parts over MAX_PARTS as tokens. */
function excessOf(request: SplitRequest, parts: readonly DiffPart[]): number {
  const overParts = parts.length - MAX_PARTS;
  if (overParts > 0) return overParts * Math.max(1, ...parts.map((p) => p.tokens));
  if (request.maxTotalTokens === undefined || request.answerTokens === undefined) return 0;
  return mostTokens(request, parts) - request.maxTotalTokens;
}

/** The most a split run may use: each part and its answer, then the combining call and its answer. */
export function mostTokens(request: Pick<SplitRequest, 'answerTokens' | 'render' | 'values' | 'count'>, parts: readonly DiffPart[]) {
  const answer = request.answerTokens ?? 0;
  const partsTotal = parts.reduce((sum, part) => sum + part.tokens + answer, 0);
  if (parts.length < 2) return partsTotal;
  const combineBase = countMessages(request.render({ ...request.values, 'pr.diff': '' }), request.count);
  return partsTotal + combineBase + combinedAnswersBound(parts.length, answer, request.count) + answer;
}

function overBudget(request: SplitRequest, parts: readonly DiffPart[]): InputError {
  const most = mostTokens(request, parts).toLocaleString('en-US');
  return new InputError(
    'max-total-tokens',
    `even with every file of {{pr.diff}} left out, the split run could use ${most} tokens, more than max-total-tokens ${request.maxTotalTokens?.toLocaleString('en-US')}. Raise max-total-tokens or lower max-tokens; the deployment was not called.`,
  );
}

function packParts(
  request: SplitRequest,
  kept: readonly ChangedFile[],
  omitted: readonly OmittedFile[],
): { parts: DiffPart[] } | { unfit: Set<ChangedFile> } {
  const { count, maxTokens } = request;
  const why =
    request.maxTotalTokens === undefined
      ? `keep the run within ${MAX_PARTS} parts`
      : `keep the run within max-total-tokens (${request.maxTotalTokens})`;
  const tail = omittedNote(omitted, request.diffFiles.length, why);
  const render = (pieces: readonly DiffPiece[], index: number, of: number): DiffPart => {
    const diff = pieces.map((p) => p.section).join('') + (of > 1 ? partNote(index, of) : '') + tail;
    const values = { ...request.values, 'pr.diff': diff };
    const messages = request.render(values);
    return { pieces: [...pieces], values, messages, tokens: countMessages(messages, count) };
  };
  const empty = render([], 99, 99);
  let room = maxTokens - empty.tokens - 8;
  // The counts of pieces add up to a part's count give or take a token at each seam: measure, and pack tighter if over.
  for (let round = 0; round < 4; round++) {
    if (room < MIN_DIFF_ROOM) throw tooSmall(maxTokens, empty.tokens);
    const unfit = new Set<ChangedFile>();
    const pieces = kept.flatMap((file) => {
      const cut = cutSection(file.path, file.section, room, count);
      if (cut.some((piece) => piece.tokens > room)) unfit.add(file);
      return cut;
    });
    if (unfit.size > 0) return { unfit };
    const groups = group(pieces, room);
    const parts = groups.map((grouped, index) => render(grouped, index + 1, groups.length));
    const over = Math.max(0, ...parts.map((part) => part.tokens - maxTokens));
    if (over === 0) return { parts };
    room -= over + 16;
  }
  throw tooSmall(maxTokens, empty.tokens);
}

/** Next fit, in order: a part is closed when the next piece would not fit in it. */
function group(pieces: readonly DiffPiece[], room: number): DiffPiece[][] {
  const groups: DiffPiece[][] = [];
  let current: DiffPiece[] = [];
  let used = 0;
  for (const piece of pieces) {
    if (current.length > 0 && used + piece.tokens > room) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(piece);
    used += piece.tokens;
  }
  if (current.length > 0 || groups.length === 0) groups.push(current);
  return groups;
}

function tooSmall(maxTokens: number, promptTokens: number): InputError {
  return new InputError(
    'max-input-tokens',
    `the prompt without its diff is ${promptTokens} tokens, which leaves no room for a part of {{pr.diff}} within max-input-tokens ${maxTokens}. Raise max-input-tokens, or use fewer or smaller variables beside {{pr.diff}}.`,
  );
}
