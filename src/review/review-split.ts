/**
 * `comment: review` with large-diff: split. The numbered diff is packed into
 * parts (budget/split-context.ts); every part is the reviewer's prompt and
 * the review's rules first, then its share of the diff, so the parts share a
 * prefix the service can cache. The parts' findings are merged (the same
 * finding twice, as a hunk cut across two parts can give, is kept once) and
 * ranked; their summaries are combined by one last call into the review's
 * one summary. Comments are still placed against the whole pull request's
 * diff when the review is posted (post-review.ts).
 */
import type { SplitContext } from '../budget/split-context.ts';
import type { TokenCounter } from '../budget/tokenizer.ts';
import type { PromptMessage } from '../model-call.ts';
import { ActionFailure } from '../errors.ts';
import type { ChangedFile } from '../github-context/diff.ts';
import type { OmittedFile } from '../budget/fit.ts';
import { reviewMessage } from './review-prompt.ts';
import { bySeverity, type Finding, type ReviewAnswer } from './review-schema.ts';

const SUMMARY_RULES = [
  "This pull request was reviewed in parts; each part's summary follows. Answer with JSON in the shape the response",
  'format gives: "summary" is the one summary of the whole review, in a few sentences of Markdown, keeping what',
  'matters from every part; "findings" is an empty list (the findings of the parts are posted as they are).',
].join('\n');

export interface ReviewSplitRequest {
  /** The reviewer's prompt, rendered. */
  messages: readonly PromptMessage[];
  described: string;
  files: readonly ChangedFile[];
  maxTokens: number;
  answerTokens?: number;
  maxTotalTokens?: number;
  count: TokenCounter;
  log: { info(message: string): void; notice(message: string): void };
}

/** The review's parts, or undefined when one part holds the whole diff. */
export async function reviewSplit(
  request: ReviewSplitRequest,
): Promise<{ first: PromptMessage[]; omitted: OmittedFile[]; context: SplitContext } | undefined> {
  const { splitContext } = await import('../budget/split-context.ts');
  const withUser = (content: string): PromptMessage[] => [...request.messages, { role: 'user', content }];
  const split = splitContext({
    render: (values) => withUser(reviewMessage(request.described, values['pr.diff'] ?? '')),
    combineRender: (values) => withUser(`${SUMMARY_RULES}\n\nWhat was reviewed: ${request.described}.\n\n${values['pr.diff'] ?? ''}`),
    values: {},
    diffFiles: request.files,
    maxTokens: request.maxTokens,
    count: request.count,
    ...(request.answerTokens !== undefined ? { answerTokens: request.answerTokens } : {}),
    ...(request.maxTotalTokens !== undefined ? { maxTotalTokens: request.maxTotalTokens } : {}),
    answerOf: (text) => readPartReview(text).summary,
    finish: combinedReview,
    log: request.log,
  });
  if (!split) return undefined;
  return { first: split.context.parts[0] ?? [], omitted: split.omitted, context: split.context };
}

/** A part's answer as a review; a part that did not answer with one fails the run, as one call's would. */
export function readPartReview(text: string): ReviewAnswer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const answer = value as Partial<ReviewAnswer> | undefined;
  if (!answer || typeof answer.summary !== 'string' || !Array.isArray(answer.findings)) {
    throw new ActionFailure(
      "A part of the split review did not answer with the review's JSON shape (summary and findings); nothing was posted. Raise max-tokens if its answer was cut.",
      { topic: 'notTheJsonAskedFor' },
    );
  }
  return { summary: answer.summary, findings: answer.findings };
}

/** The run's one review: the last call's summary (the parts' summaries if it gave none) and every part's findings merged. */
export function combinedReview(answers: readonly string[], combined: string): string {
  const parts = answers.map(readPartReview);
  let summary: string;
  try {
    summary = readPartReview(combined).summary;
  } catch {
    summary = parts.map((part) => part.summary.trim()).join('\n\n');
  }
  return JSON.stringify({ summary, findings: mergeFindings(parts.map((part) => part.findings)) });
}

/** Every part's findings, most severe first, each place-and-text kept once. */
export function mergeFindings(lists: ReadonlyArray<readonly Finding[]>): Finding[] {
  const seen = new Set<string>();
  const kept: Finding[] = [];
  for (const finding of lists.flat()) {
    const key = [finding.path, finding.side, finding.start_line ?? '', finding.line, normalized(finding.body)].join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(finding);
  }
  return bySeverity(kept);
}

function normalized(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
