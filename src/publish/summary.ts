/**
 * The job summary: a small table of facts, the response, the prompt folded
 * away. The response is shown as text in a fence it cannot close: as Markdown
 * and HTML a steered answer could load remote images (a beacon on every
 * view), hide the rest of the page behind `<!--` or forge its sections. Pure.
 */
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { TriedTarget } from '../call/failover-outcome.ts';
import type { PromptMessage } from '../model-call.ts';
import { fitUtf8, sliceChars, SUMMARY_LIMIT_BYTES } from '../github-limits.ts';
import { renderToolCalls } from './tool-summary.ts';
import { formatUsd, type RunCost } from '../cost/estimate.ts';

/** Kept free below GitHub's 1 MiB, for the runner's own framing. */
const SUMMARY_MARGIN_BYTES = 8 * 1024;
/** The most of each prompt message the folded prompt shows (a prompt file may hold 4 MiB). */
const PROMPT_SHOWN_BYTES = 16 * 1024;
/** The most of the reasoning summary the folded block shows. */
const REASONING_SHOWN_BYTES = 64 * 1024;

export interface SummaryFacts {
  /** The deployment that answered, and its endpoint's host. */
  deployment: string;
  endpointHost: string;
  /** The deployments called in order, when there were fallbacks: a Failover row says why those before did not answer. */
  tried?: readonly TriedTarget[];
  authMethod: string;
  result: ModelAnswer;
  messages: PromptMessage[];
  /** The effective parameters, as the log states them. */
  parameters?: string;
  /** The URL of the PR comment whose answer was reused (skip-unchanged): nothing was called. */
  reusedFrom?: string;
  /** The run's estimated cost, or why there is none. */
  cost?: RunCost;
}

export function renderSummary(facts: SummaryFacts): string {
  const { result } = facts;
  const rows: Array<[string, string]> = [
    ['Deployment', code(facts.deployment)],
    ['Endpoint', code(facts.endpointHost)],
    ['Model', facts.reusedFrom ? 'not called' : code(result.model || 'unknown')],
    ['Auth method', code(facts.authMethod)],
    ['Tokens', facts.reusedFrom ? '0: the deployment was not called' : tokens(result)],
    ['Latency', `${result.latencyMs} ms${result.attempts > 1 ? ` (${result.attempts} attempts${retried(result.retryReasons)})` : ''}`],
    ['Finish reason', code(result.finishReason)],
    ['API', facts.reusedFrom ? 'not called' : code(result.api === 'responses' ? 'responses' : 'chat')],
  ];
  if (facts.reusedFrom) {
    rows.push(['Answer', `reused from [this step's pull request comment](${facts.reusedFrom}): the request is unchanged (skip-unchanged)`]);
  }
  if (facts.parameters) rows.push(['Parameters', facts.parameters.replace(/\|/g, '\\|')]);
  if (!facts.reusedFrom && facts.cost) rows.push(['Estimated cost', costCell(facts.cost)]);
  if (result.serviceTier) rows.push(['Service tier', code(result.serviceTier)]);
  if (result.filtered?.length) rows.push(['Content filter', result.filtered.map(code).join(', ')]);
  if (result.requestId) rows.push(['Request id', code(result.requestId)]);
  if (result.region) rows.push(['Region', code(result.region)]);
  if (result.servedDeployment) rows.push(['Served by deployment', code(result.servedDeployment)]);
  if (facts.tried && facts.tried.length > 1) rows.push(['Failover', failover(facts.tried)]);

  const table = ['| | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
  // Fenced: a summary holding `</details>` or HTML stays text inside its block.
  const reasoning = result.reasoningSummary
    ? [
        '<details><summary>Reasoning summary</summary>',
        '',
        fenced(fitUtf8(result.reasoningSummary, REASONING_SHOWN_BYTES).text),
        '',
        '</details>',
        '',
      ]
    : [];
  const prompt = facts.messages.map((m) => `**${m.role}**\n\n${fenced(fitUtf8(m.content, PROMPT_SHOWN_BYTES).text)}`).join('\n\n');
  const page = (response: string): string =>
    [
      '### Azure OpenAI',
      '',
      table,
      '',
      '#### Response',
      '',
      response,
      '',
      ...reasoning,
      ...renderToolCalls(result.toolRecords),
      '<details><summary>Prompt</summary>',
      '',
      prompt,
      '',
      '</details>',
      '',
    ].join('\n');
  // The response gets whatever the rest leaves of GitHub's limit.
  const room = SUMMARY_LIMIT_BYTES - SUMMARY_MARGIN_BYTES - Buffer.byteLength(page(''));
  return page(result.text.trim() === '' ? '_(empty response)_' : fencedWithin(result.text, room));
}

/** The text fenced, cut so that text and fences fit in `bytes`; the fence outruns every backtick run of what is shown. */
function fencedWithin(text: string, bytes: number): string {
  // What is shown is a prefix of the first `bytes` units (each takes a byte at least): only they need outrunning.
  const fenceBytes = 2 * Math.max(3, longestRun(sliceChars(text, bytes), '`') + 1) + 'markdown\n\n'.length;
  return fenced(fitUtf8(text, Math.max(0, bytes - fenceBytes)).text, 'markdown');
}

/** "about $0.0123 (list prices of 2026-12-07)", or why there is no estimate. */
function costCell(cost: RunCost): string {
  if (cost.usd !== undefined) return `about ${formatUsd(cost.usd)} (${cost.source ?? ''})`;
  return cost.missing ? `none: ${cost.missing.replace(/\|/g, '\\|').replace(/[`<>]/g, '')}` : 'none';
}

/** "12 prompt (8 cached) + 34 completion (20 reasoning) = 46": the details only when reported. */
function tokens(result: ModelAnswer): string {
  const written = result.cacheWriteTokens ? `, ${result.cacheWriteTokens} written to the cache` : '';
  const cached = result.cachedTokens || written ? ` (${result.cachedTokens} cached${written})` : '';
  const reasoning = result.reasoningTokens ? ` (${result.reasoningTokens} reasoning)` : '';
  return `${result.promptTokens} prompt${cached} + ${result.completionTokens} completion${reasoning} = ${result.totalTokens}`;
}

/** "1. `a` on `host`: 429 rate limited …<br>2. `b` on `host`: answered": one line per deployment called. */
function failover(tried: readonly TriedTarget[]): string {
  return tried
    .map(
      (t, i) =>
        `${i + 1}. ${code(t.deployment)} on ${code(t.host)}: ${t.outcome === 'answered' ? 'answered' : (t.reason ?? t.outcome).replace(/\|/g, '\\|')}`,
    )
    .join('<br>');
}

function retried(reasons: string[] | undefined): string {
  return reasons?.length ? `: ${reasons.join(', ')}` : '';
}

/** Inline code that survives backticks and pipes inside a table cell. */
function code(text: string): string {
  const safe = text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const ticks = '`'.repeat(longestRun(safe, '`') + 1);
  // CommonMark strips one space on each side; without it a leading or trailing backtick would join the fence.
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${safe}${pad}${ticks}`;
}

/** A fence longer than any backtick run in the text, so the text cannot close it: what is inside stays text. */
function fenced(text: string, language = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
