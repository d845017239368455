/** The job summary: a small table of facts, the response as Markdown, the prompt folded away. Pure. */
import type { ChatResult } from '../call-deployment.ts';
import type { ChatMessage } from '../messages.ts';

export interface SummaryFacts {
  deployment: string;
  endpointHost: string;
  authMethod: string;
  result: ChatResult;
  messages: ChatMessage[];
}

export function renderSummary(facts: SummaryFacts): string {
  const { result } = facts;
  const rows: Array<[string, string]> = [
    ['Deployment', code(facts.deployment)],
    ['Endpoint', code(facts.endpointHost)],
    ['Model', code(result.model || 'unknown')],
    ['Auth method', code(facts.authMethod)],
    ['Tokens', `${result.promptTokens} prompt + ${result.completionTokens} completion = ${result.totalTokens}`],
    ['Latency', `${result.latencyMs} ms${result.attempts > 1 ? ` (${result.attempts} attempts)` : ''}`],
    ['Finish reason', code(result.finishReason)],
  ];
  if (result.requestId) rows.push(['Request id', code(result.requestId)]);

  const table = ['| | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
  const prompt = facts.messages.map((m) => `**${m.role}**\n\n${fenced(m.content)}`).join('\n\n');
  return [
    '### Azure OpenAI',
    '',
    table,
    '',
    '#### Response',
    '',
    result.text.trim() === '' ? '_(empty response)_' : result.text,
    '',
    '<details><summary>Prompt</summary>',
    '',
    prompt,
    '',
    '</details>',
    '',
  ].join('\n');
}

/** Inline code that survives backticks and pipes inside a table cell. */
function code(text: string): string {
  const safe = text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const ticks = '`'.repeat(longestRun(safe, '`') + 1);
  // CommonMark strips one space on each side; without it a leading or trailing backtick would join the fence.
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${safe}${pad}${ticks}`;
}

/** A fence longer than any backtick run in the text, so the text cannot close it. */
function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}text\n${text}\n${fence}`;
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
