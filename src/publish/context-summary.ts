/**
 * The job summary's section for the workflow features: what the prompt was
 * given (context variables, tokens, files left out), the smoke test's verdict
 * and the PR comment. Pure.
 */
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { BudgetFacts } from '../budget/fit-context.ts';
import type { PartFacts } from '../budget/split-context.ts';
import type { ExpectOutcome } from '../judge/expect.ts';
import type { PostedComment } from './pr-comment.ts';

export interface ContextSummaryFacts {
  result: ModelAnswer;
  budget?: BudgetFacts;
  used: readonly string[];
  apiRequests?: number;
  expect?: ExpectOutcome;
  comment?: PostedComment & { cut: boolean };
  /** comment: review's outputs (review-url, review-comments, review-findings). */
  review?: Record<string, string>;
}

export function renderContextSummary(facts: ContextSummaryFacts): string {
  const parts: string[] = [];
  if (facts.expect) parts.push(...smokeTest(facts.result, facts.expect));
  if (facts.used.length > 0) {
    parts.push(
      '#### Context',
      '',
      `Variables: ${facts.used.map((n) => `\`{{${n}}}\``).join(', ')}${facts.apiRequests !== undefined ? ` (${facts.apiRequests} GitHub API request${facts.apiRequests === 1 ? '' : 's'})` : ''}.`,
    );
    const b = facts.budget;
    if (b) {
      parts.push(
        '',
        `Input: ${b.tokens.toLocaleString('en-US')} of ${b.maxTokens.toLocaleString('en-US')} tokens (max-input-tokens, counted with ${b.encoding}).`,
      );
      if (b.diffSource === 'patches')
        parts.push('', "GitHub refused the pull request's diff as too large; it was rebuilt from the per-file patches.");
      if (b.range) parts.push('', `Range: \`${cell(b.range.from ?? '(start)')}...${cell(b.range.to)}\` (from: ${b.range.fromSource}).`);
      if (b.omitted.length > 0) {
        parts.push(
          '',
          `<details><summary>${b.omitted.length} of ${b.diffFiles ?? b.omitted.length} changed files left out of {{pr.diff}} to fit the budget</summary>`,
          '',
          '| File | Why | Tokens |',
          '| --- | --- | --- |',
          ...b.omitted.map(
            (o) => `| \`${cell(o.path)}\` | ${o.kind === 'source' ? 'large' : o.kind} | ${o.tokens.toLocaleString('en-US')} |`,
          ),
          '',
          '</details>',
        );
      }
    }
    parts.push('');
  }
  if (facts.budget?.parts) parts.push(...partsTable(facts.budget.parts), '');
  if (facts.comment) {
    parts.push(
      `Pull request comment ${facts.comment.action}: ${facts.comment.url}${facts.comment.cut ? " (cut to GitHub's 65,536-character limit; the whole response is above)" : ''}`,
      '',
    );
  }
  if (facts.review?.['review-url']) {
    const { 'review-url': url, 'review-comments': inline = '0', 'review-findings': findings = '0' } = facts.review;
    parts.push(`Pull request review posted: ${url} (${inline} of ${findings} findings inline).`, '');
  }
  return parts.length ? `${parts.join('\n')}\n` : '';
}

/** Files named per part in the table; the rest are counted. */
const FILES_SHOWN = 12;

function partsTable(list: readonly PartFacts[]): string[] {
  const shown = (n: number) => n.toLocaleString('en-US');
  const row = (part: PartFacts, index: number): string => {
    const names = part.files.slice(0, FILES_SHOWN).map((file) => `\`${cell(file)}\``);
    if (part.files.length > FILES_SHOWN) names.push(`and ${shown(part.files.length - FILES_SHOWN)} more`);
    const o = part.outcome;
    const call = o
      ? `${shown(o.latencyMs)} ms | ${shown(o.promptTokens)} | ${shown(o.cachedTokens)} | ${shown(o.completionTokens)} | ${cell(o.finishReason)}`
      : ' | | | | ';
    return `| ${index + 1} | ${names.join(', ')} | ${shown(part.tokens)} | ${call} |`;
  };
  return [
    `<details><summary>The diff asked in ${list.length} parts (large-diff: split), then one call combined their answers</summary>`,
    '',
    '| Part | Files | Input (counted) | Latency | Prompt tokens | Cached | Completion | Finish |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...list.map(row),
    '',
    '</details>',
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

/** expect's verdict as a smoke test's table. */
function smokeTest(result: ContextSummaryFacts['result'], expect: NonNullable<ContextSummaryFacts['expect']>): string[] {
  return [
    `#### Smoke test: ${expect.passed ? 'passed' : 'FAILED'}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Expect | \`${cell(expect.pattern)}\` ${expect.passed ? 'matched' : 'did not match'} |`,
    `| Model version | \`${cell(result.model || 'unknown')}\` |`,
    `| Latency | ${result.latencyMs} ms${result.attempts > 1 ? ` (${result.attempts} attempts)` : ''} |`,
    `| Checked at | ${new Date().toISOString()} |`,
    '',
  ];
}
