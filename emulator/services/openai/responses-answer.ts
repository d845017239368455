// A shaped Responses answer as the service sends it: one response object, or the documented
// event sequence (lifecycle, the reasoning summary, the message, the terminal event).

import { randomBytes } from 'node:crypto';
import { nowSeconds } from '../../jwt.ts';
import { isObject, type Json } from './responses-input.ts';
import { responsesContentFilters } from '../recorded-shapes.ts';
import { streamPieces } from './stream-pieces.ts';
import { functionCallEvents, functionCallItems, type MadeCall } from './tool-calls.ts';

export interface ResponseShape {
  text: string;
  status: 'completed' | 'incomplete';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  inputTokens: number;
  outputTokens: number;
  summary?: string;
  /** The asynchronous filter's verdicts in content_filters, flagging this category when set. */
  asyncFilter?: { flag?: string };
  /** The scripted model's function calls this round, in place of a message. */
  toolCalls?: MadeCall[];
}

function itemId(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}

interface ResponseParts {
  model: string;
  shaped: ResponseShape;
  usage: Json;
  /** The prompt's characters, which the prompt verdict's offsets cover. */
  promptLength?: number;
}

export function responseObject(req: Json, parts: ResponseParts): Json {
  const { shaped } = parts;
  const output: Json[] = [];
  if (shaped.summary !== undefined) {
    output.push({ id: itemId('rs'), type: 'reasoning', summary: [{ type: 'summary_text', text: shaped.summary }] });
  }
  if (shaped.toolCalls) output.push(...functionCallItems(shaped.toolCalls));
  else {
    output.push({
      id: itemId('msg'),
      type: 'message',
      status: shaped.status,
      role: 'assistant',
      content: [{ type: 'output_text', text: shaped.text, annotations: [], logprobs: [] }],
    });
  }
  const text = isObject(req.text) ? req.text : {};
  const reasoning = isObject(req.reasoning) ? req.reasoning : {};
  return {
    id: itemId('resp'),
    object: 'response',
    created_at: nowSeconds(),
    status: shaped.status,
    background: false,
    error: null,
    incomplete_details: shaped.incompleteReason ? { reason: shaped.incompleteReason } : null,
    instructions: typeof req.instructions === 'string' ? req.instructions : null,
    max_output_tokens: typeof req.max_output_tokens === 'number' ? req.max_output_tokens : null,
    model: parts.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    ...(typeof req.service_tier === 'string' && req.service_tier !== '' ? { service_tier: req.service_tier } : {}),
    store: req.store !== false,
    temperature: typeof req.temperature === 'number' ? req.temperature : 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: req.tool_choice ?? 'auto',
    tools: Array.isArray(req.tools) ? req.tools : [],
    top_p: typeof req.top_p === 'number' ? req.top_p : 1,
    truncation: 'disabled',
    usage: parts.usage,
    user: null,
    metadata: {},
    // Azure's verdicts, as recorded (vercel/ai's Azure Responses stream); sent with the asynchronous filter's fault.
    content_filters: shaped.asyncFilter
      ? responsesContentFilters(parts.promptLength ?? 0, shaped.text.length, shaped.asyncFilter.flag)
      : undefined,
  };
}

function reasoningEvents(item: Json, outputIndex: number, summary: string): Json[] {
  const where = { item_id: item.id as string, output_index: outputIndex, summary_index: 0 };
  const part = { type: 'summary_text', text: '' };
  return [
    { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, summary: [] } },
    { type: 'response.reasoning_summary_part.added', ...where, part },
    ...streamPieces(summary).map((delta) => ({ type: 'response.reasoning_summary_text.delta', ...where, delta })),
    { type: 'response.reasoning_summary_text.done', ...where, text: summary },
    { type: 'response.reasoning_summary_part.done', ...where, part: { ...part, text: summary } },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}

function messageEvents(item: Json, outputIndex: number, text: string): Json[] {
  const where = { item_id: item.id as string, output_index: outputIndex, content_index: 0 };
  const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
  return [
    { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } },
    { type: 'response.content_part.added', ...where, part },
    ...streamPieces(text).map((delta) => ({ type: 'response.output_text.delta', ...where, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...where, text, logprobs: [] },
    { type: 'response.content_part.done', ...where, part: { ...part, text } },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}

/** The documented event sequence for one answer: lifecycle, the reasoning summary, the message, the terminal event. */
export function streamEvents(response: Json, shaped: ResponseShape): string[] {
  const pending = { ...response, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const events: Json[] = [
    { type: 'response.created', response: pending },
    { type: 'response.in_progress', response: pending },
  ];
  for (const [outputIndex, item] of (response.output as Json[]).entries()) {
    if (item.type === 'reasoning') events.push(...reasoningEvents(item, outputIndex, shaped.summary ?? ''));
    else if (item.type === 'function_call') events.push(...functionCallEvents(item, outputIndex));
    else events.push(...messageEvents(item, outputIndex, shaped.text));
  }
  events.push({ type: shaped.status === 'completed' ? 'response.completed' : 'response.incomplete', response });
  return events.map((event, sequence) => {
    const type = event.type as string;
    return `event: ${type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`;
  });
}
