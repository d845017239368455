// Azure OpenAI's Responses API: POST /openai/v1/responses (body `model` = deployment name), JSON or,
// with stream:true, server-sent events named by their `type`, each with a `sequence_number`, ending
// with response.completed, response.incomplete or response.failed (no `data: [DONE]`, unlike chat).
// Shapes follow OpenAI's Responses reference, which Azure's v1 API serves; where Azure differs:
// responses are stored for 30 days unless `store: false`, and a Responses-only model's chat route
// answers 400 OperationNotSupported (openai-common.ts).

import { randomBytes } from 'node:crypto';
import type { Fault } from '../faults.ts';
import { sendJson } from '../http.ts';
import type { RequestContext } from '../http.ts';
import { nowSeconds } from '../jwt.ts';
import {
  admit,
  azError,
  invalidRequest,
  messageText,
  refusedSampling,
  replyFaultOf,
  sendEvents,
  sendPartialJson,
  successHeaders,
  tokensOf,
  usageDetails,
} from './openai-common.ts';
import { defaultJsonReply, responseFormatError } from './response-format.ts';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function itemId(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}

const INPUT_ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/** The input's messages, or the 400 Azure answers for input it cannot read. */
function readInput(input: unknown): { messages: Array<{ role: string; text: string }> } | { error: unknown } {
  if (input === undefined) return { error: invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter') };
  if (typeof input === 'string') return { messages: [{ role: 'user', text: input }] };
  if (!Array.isArray(input))
    return { error: invalidRequest("Invalid type for 'input': expected a string or an array.", 'input', 'invalid_type') };
  const messages: Array<{ role: string; text: string }> = [];
  for (const [i, item] of input.entries()) {
    if (!isObject(item) || typeof item.role !== 'string' || !INPUT_ROLES.has(item.role)) {
      return {
        error: invalidRequest(
          `Invalid value for 'input[${i}].role': expected one of 'user', 'assistant', 'system' or 'developer'.`,
          `input[${i}].role`,
          'invalid_value',
        ),
      };
    }
    messages.push({ role: item.role, text: messageText(item.content) });
  }
  return { messages };
}

/**
 * `text.format` checked as chat's response_format is (response-format.ts), after the Responses
 * shape's own rule: a json_schema format is flat ({type, name, schema, strict}), not nested in
 * `json_schema` as chat's is.
 */
function textFormatError(format: unknown, texts: string[]): unknown {
  if (format === undefined || format === null) return undefined;
  if (!isObject(format)) return invalidRequest("Invalid type for 'text.format': expected an object.", 'text.format', 'invalid_type');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_schema') {
    if ('json_schema' in format)
      return invalidRequest("Unknown parameter: 'text.format.json_schema'.", 'text.format.json_schema', 'unknown_parameter');
    if (typeof format.name !== 'string')
      return invalidRequest("Missing required parameter: 'text.format.name'.", 'text.format.name', 'missing_required_parameter');
    if (!isObject(format.schema))
      return invalidRequest("Missing required parameter: 'text.format.schema'.", 'text.format.schema', 'missing_required_parameter');
  }
  const error = responseFormatError(asChatFormat(format), texts);
  if (!error) return undefined;
  // The same check, its names as the Responses API spells them.
  return JSON.parse(
    JSON.stringify(error)
      .replace(/response_format\.json_schema|response_format/g, 'text.format')
      .replace(/'messages'/g, "'input'"),
  );
}

function asChatFormat(format: Json): Json {
  if (format.type !== 'json_schema') return format;
  const { type, ...spec } = format;
  return { type, json_schema: spec };
}

interface Shaped {
  text: string;
  status: 'completed' | 'incomplete';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  inputTokens: number;
  outputTokens: number;
  summary?: string;
}

export function responsesHandler(served: { requests: number; tokens: number }) {
  return async function respond(ctx: RequestContext): Promise<void> {
    const admitted = await admit(ctx, { route: 'v1', operation: 'Responses_Create' });
    if (!admitted) return;
    const { req, deployment, deploymentName, shaping } = admitted;
    if (deployment.apis && !deployment.apis.includes('responses')) {
      return azError(
        ctx,
        400,
        invalidRequest(`The model ${deployment.model} does not support the Responses API.`, 'model', 'unsupported_model'),
      );
    }
    const input = readInput(req.input);
    if ('error' in input) return azError(ctx, 400, input.error);
    const sampling = refusedSampling(deployment, req);
    if (sampling) return azError(ctx, 400, sampling);
    const text = isObject(req.text) ? req.text : {};
    const instructions = typeof req.instructions === 'string' ? req.instructions : '';
    const texts = [instructions, ...input.messages.map((m) => m.text)];
    const formatError = textFormatError(text.format, texts);
    if (formatError) return azError(ctx, 400, formatError);

    const lastUser = [...input.messages].reverse().find((m) => m.role === 'user');
    const { fault: replyFault, content: replyContent } = replyFaultOf(ctx, shaping);
    const format = isObject(text.format) ? asChatFormat(text.format) : undefined;
    const reply =
      replyContent ??
      deployment.reply ??
      defaultJsonReply(format, lastUser?.text ?? '') ??
      `Emulated answer to: "${(lastUser?.text ?? '').slice(0, 200)}"`;
    const reasoning = isObject(req.reasoning) ? req.reasoning : {};
    const shaped: Shaped = {
      text: reply,
      status: 'completed',
      inputTokens: texts.reduce((n, t) => n + tokensOf(t), 0),
      outputTokens: 0,
      ...(typeof reasoning.summary === 'string' && deployment.reasoningSummary ? { summary: deployment.reasoningSummary } : {}),
    };
    const { reasoningTokens, cachedTokens } = usageDetails(deployment, shaped.inputTokens);
    // max_output_tokens bounds reasoning and visible output together.
    const limit = typeof req.max_output_tokens === 'number' ? req.max_output_tokens : undefined;
    if (limit !== undefined && tokensOf(reply) + reasoningTokens > limit) {
      shaped.text = reply.slice(0, Math.max(0, limit - reasoningTokens) * 4);
      shaped.status = 'incomplete';
      shaped.incompleteReason = 'max_output_tokens';
    }
    let streamFault: Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }> | undefined;
    for (const f of shaping) {
      if (f.kind === 'length') {
        shaped.text = shaped.text.slice(0, Math.ceil(shaped.text.length / 2));
        shaped.status = 'incomplete';
        shaped.incompleteReason = 'max_output_tokens';
      } else if (f.kind === 'content-filter-completion') {
        shaped.text = shaped.text.slice(0, Math.floor(shaped.text.length / 2));
        shaped.status = 'incomplete';
        shaped.incompleteReason = 'content_filter';
      } else if (f.kind === 'stall-stream' || f.kind === 'cut-stream') streamFault = f;
    }
    shaped.outputTokens = tokensOf(shaped.text) + reasoningTokens;
    served.requests += 1;
    served.tokens += shaped.inputTokens + shaped.outputTokens;
    const headers = successHeaders(served, deploymentName);

    const response = responseObject(req, {
      model: replyFault?.model ?? deployment.model,
      shaped,
      usage: {
        input_tokens: shaped.inputTokens,
        input_tokens_details: { cached_tokens: cachedTokens },
        output_tokens: shaped.outputTokens,
        output_tokens_details: { reasoning_tokens: reasoningTokens },
        total_tokens: shaped.inputTokens + shaped.outputTokens,
      },
    });
    if (req.stream === true) return sendEvents(ctx, headers, streamEvents(response, shaped), streamFault);
    if (streamFault) return sendPartialJson(ctx, response, headers, streamFault);
    sendJson(ctx, 200, response, headers);
  };
}

interface ResponseParts {
  model: string;
  shaped: Shaped;
  usage: Json;
}

function responseObject(req: Json, p: ResponseParts): Json {
  const { shaped } = p;
  const output: Json[] = [];
  if (shaped.summary !== undefined) {
    output.push({ id: itemId('rs'), type: 'reasoning', summary: [{ type: 'summary_text', text: shaped.summary }] });
  }
  output.push({
    id: itemId('msg'),
    type: 'message',
    status: shaped.status,
    role: 'assistant',
    content: [{ type: 'output_text', text: shaped.text, annotations: [], logprobs: [] }],
  });
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
    model: p.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    store: req.store !== false,
    temperature: typeof req.temperature === 'number' ? req.temperature : 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: typeof req.top_p === 'number' ? req.top_p : 1,
    truncation: 'disabled',
    usage: p.usage,
    user: null,
    metadata: {},
  };
}

/** The documented event sequence for one answer: lifecycle, the reasoning summary, the message, the terminal event. */
function streamEvents(response: Json, shaped: Shaped): string[] {
  const events: Json[] = [];
  const pending = { ...response, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  events.push({ type: 'response.created', response: pending }, { type: 'response.in_progress', response: pending });
  const output = response.output as Json[];
  for (const [outputIndex, item] of output.entries()) {
    const id = item.id as string;
    if (item.type === 'reasoning') {
      const summary = shaped.summary ?? '';
      const part = { type: 'summary_text', text: '' };
      events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, summary: [] } });
      events.push({ type: 'response.reasoning_summary_part.added', item_id: id, output_index: outputIndex, summary_index: 0, part });
      for (const delta of pieces(summary)) {
        events.push({ type: 'response.reasoning_summary_text.delta', item_id: id, output_index: outputIndex, summary_index: 0, delta });
      }
      events.push({
        type: 'response.reasoning_summary_text.done',
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        text: summary,
      });
      events.push({
        type: 'response.reasoning_summary_part.done',
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        part: { ...part, text: summary },
      });
      events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
      continue;
    }
    const where = { item_id: id, output_index: outputIndex, content_index: 0 };
    events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
    events.push({ type: 'response.content_part.added', ...where, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } });
    for (const delta of pieces(shaped.text)) events.push({ type: 'response.output_text.delta', ...where, delta, logprobs: [] });
    events.push({ type: 'response.output_text.done', ...where, text: shaped.text, logprobs: [] });
    events.push({
      type: 'response.content_part.done',
      ...where,
      part: { type: 'output_text', text: shaped.text, annotations: [], logprobs: [] },
    });
    events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  }
  events.push({ type: shaped.status === 'completed' ? 'response.completed' : 'response.incomplete', response });
  return events.map((event, sequence) => {
    const type = event.type as string;
    return `event: ${type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`;
  });
}

function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}
