/**
 * One attempt of the model call on either API, streamed or not: all four
 * paths yield the same Answer, so the outputs do not depend on how the
 * answer was asked for or how it arrived.
 */
import type * as OpenAIModule from 'openai';
import { type Answer, answerFromCompletion } from './answer.ts';
import type { ChatBody } from './chat-request.ts';
import { readResponsesStream, type ResponsesStreamEvent } from './read-responses-stream.ts';
import { readChatStream } from './read-stream.ts';
import { answerFromResponse, type ResponseLike } from './responses-answer.ts';
import type { ResponsesBody } from './responses-request.ts';
import type { ReadStreamOptions } from './stream-progress.ts';

export type AttemptBody = { api: 'chat'; body: ChatBody } | { api: 'responses'; body: ResponsesBody };

export interface AttemptClients {
  chat: OpenAIModule.OpenAI;
  /** Absent when the call cannot use the Responses API. */
  responses?: OpenAIModule.OpenAI;
}

export type Attempt = (request: AttemptBody, timeout: number) => Promise<{ answer: Answer; response: Response }>;

export function modelAttempt(clients: AttemptClients, stream: boolean, progress: ReadStreamOptions): Attempt {
  return async (request, timeout) => {
    if (request.api === 'responses') {
      if (!clients.responses) throw new Error('the Responses API was chosen without a Responses route');
      return responsesAttempt(clients.responses, request.body, stream, timeout, progress);
    }
    const body = request.body;
    if (stream) {
      const streamBody = { ...body, stream: true as const, stream_options: { include_usage: true } };
      const { data, response } = await clients.chat.chat.completions.create(streamBody, { timeout }).withResponse();
      return { answer: await readChatStream(data, progress), response };
    }
    const { data, response } = await clients.chat.chat.completions.create(body, { timeout }).withResponse();
    return { answer: answerFromCompletion(data), response };
  };
}

// The SDK's parameter types track OpenAI's newest models; the body is ours (responses-request.ts), so it is passed as the SDK's.
type ResponsesParams = OpenAIModule.OpenAI.Responses.ResponseCreateParamsNonStreaming;

async function responsesAttempt(
  client: OpenAIModule.OpenAI,
  body: ResponsesBody,
  stream: boolean,
  timeout: number,
  progress: ReadStreamOptions,
): Promise<{ answer: Answer; response: Response }> {
  if (stream) {
    const streamBody = { ...(body as unknown as ResponsesParams), stream: true as const };
    const { data, response } = await client.responses.create(streamBody, { timeout }).withResponse();
    return { answer: await readResponsesStream(data as AsyncIterable<ResponsesStreamEvent>, progress), response };
  }
  // Read here, not by the client: its pass over `output` throws a TypeError on an output of another type,
  // which would read as a connection failure and be paid for again.
  const response = await client.responses.create(body as unknown as ResponsesParams, { timeout }).asResponse();
  const data: unknown = await response.json();
  return { answer: answerFromResponse(data as ResponseLike), response };
}
