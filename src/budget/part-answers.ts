/**
 * The combining call of large-diff: split. The prompt is rendered once more
 * with {{pr.diff}} replaced by the parts' answers under a short note, so the
 * same instructions (and response format) shape the one final answer. Each
 * answer is cut to its share when together they would not fit
 * max-input-tokens. Pure: the counter and the render are passed in.
 */
import type { Message } from './fit.ts';
import { countMessages, type TokenCounter } from './tokenizer.ts';

function intro(of: number): string {
  return [
    `[This pull request's diff was too large for one request: it was read in ${of} parts, each asked with the instructions above`,
    'about its own share of the files. The answers to the parts follow. Answer once for the whole pull request from them,',
    'in the form the instructions ask for: keep every point they make, say each once, and do not mention the parts.]',
    '',
  ].join('\n');
}

function heading(index: number, of: number): string {
  return `\n### Answer to part ${index} of ${of}\n\n`;
}

/** What the answers add to the prompt at most, when each is at most `answerTokens` long. */
export function combinedAnswersBound(of: number, answerTokens: number, count: TokenCounter): number {
  return count(intro(of)) + of * (answerTokens + count(heading(of, of)) + 2);
}

function combinedAnswers(answers: readonly string[]): string {
  return intro(answers.length) + answers.map((text, i) => `${heading(i + 1, answers.length)}${text.trim()}\n`).join('');
}

export interface CombineRequest {
  answers: readonly string[];
  values: Record<string, string>;
  render(values: Record<string, string>): Message[];
  count: TokenCounter;
  maxTokens: number;
}

/** The combining call's messages within maxTokens: the answers whole when they fit, else each cut to an equal share. */
export function combineMessages(request: CombineRequest): { messages: Message[]; tokens: number; cut: boolean } {
  const { answers, count, maxTokens } = request;
  const measure = (texts: readonly string[]) => {
    const messages = request.render({ ...request.values, 'pr.diff': combinedAnswers(texts) });
    return { messages, tokens: countMessages(messages, count) };
  };
  const whole = measure(answers);
  if (whole.tokens <= maxTokens) return { ...whole, cut: false };
  const base = measure(answers.map(() => '')).tokens;
  let share = Math.floor((maxTokens - base) / Math.max(1, answers.length));
  for (let round = 0; round < 6 && share > 0; round++) {
    const attempt = measure(answers.map((text) => cutToTokens(text, share, count)));
    if (attempt.tokens <= maxTokens) return { ...attempt, cut: true };
    share = Math.floor(share * 0.8);
  }
  const bare = measure(answers.map(() => '[left out to fit max-input-tokens]'));
  return { ...bare, cut: true };
}

const CUT_MARK = '\n[cut to fit max-input-tokens]';

/** The text's beginning, at most `tokens` long, cut at a line where one is near. */
function cutToTokens(text: string, tokens: number, count: TokenCounter): string {
  const total = count(text);
  if (total <= tokens) return text;
  let end = Math.floor((text.length * tokens) / total);
  while (end > 0 && count(text.slice(0, end)) > tokens) end = Math.floor(end * 0.9);
  const line = text.lastIndexOf('\n', end);
  return `${text.slice(0, line > end / 2 ? line : end)}${CUT_MARK}`;
}
