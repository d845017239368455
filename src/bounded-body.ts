/**
 * One capped reader for every body the action reads: the model's answer,
 * error bodies, Entra and IMDS token answers, GitHub API answers and diffs.
 * A service (or whatever sits in front of it) may send without end; the
 * reader fails past the cap, and cancels the source, so the rest is never
 * buffered. Another attempt would get the same body, so the failure is
 * final (call/attempt-failure.ts, the diagnose/ catalogue).
 */

const MIB = 1024 * 1024;

/** The model's whole JSON answer: far above any answer a model writes, far below what would exhaust memory. */
export const ANSWER_MAX_BYTES = 32 * MIB;
/** A streamed answer's bytes: each token comes wrapped in a few hundred bytes of JSON. */
export const STREAM_MAX_BYTES = 128 * MIB;
/** The text a streamed answer accumulates (characters). */
export const STREAM_TEXT_MAX_CHARS = 16 * MIB;
/** One server-sent event: a token's chunk is a few hundred bytes, and each event is parsed into objects. */
export const SSE_EVENT_MAX_BYTES = 256 * 1024;
/**
 * Blank lines (event boundaries) in one stream: one or two per token, several times what the longest
 * answers hold. Each, even one that ends no event, costs the client's decoder a turn, so their count is
 * bounded, not only their bytes.
 */
export const SSE_MAX_EVENTS = 500_000;
/** An error body, or a token answer from Entra or IMDS. */
export const SMALL_BODY_MAX_BYTES = 1 * MIB;
/** One GitHub API answer: a page of files with their patches, or a pull request's diff. */
export const GITHUB_MAX_BYTES = 32 * MIB;

/** A body past its cap. */
export class BodyTooLargeError extends Error {
  readonly maxBytes: number;
  /** `limit` names a limit other than bytes ("1000000 events"). */
  constructor(maxBytes: number, source: string, limit?: string) {
    super(`answer too large: more than ${limit ?? `${formatMib(maxBytes)} MiB`} (${source})`);
    this.name = 'BodyTooLargeError';
    this.maxBytes = maxBytes;
  }
}

function formatMib(bytes: number): string {
  const mib = bytes / MIB;
  return Number.isInteger(mib) ? String(mib) : mib.toFixed(2);
}

export interface Cap {
  maxBytes: number;
  /** Who sent it, for the message: "Azure OpenAI", "Microsoft Entra ID", ... */
  source: string;
  /**
   * A server-sent event stream: also no event (the bytes up to a blank line)
   * longer than this. The `openai` client's SSE decoder rescans its whole
   * buffer for each chunk, quadratic in one event's length; bounding the
   * event keeps decoding linear in the stream's size.
   */
  maxEventBytes?: number;
  /** With maxEventBytes: also no more events than this. */
  maxEvents?: number;
}

/** Counts bytes (and event lengths) and throws past the cap. */
export function byteCounter(cap: Cap): (chunk: Uint8Array) => void {
  let total = 0;
  // Bytes since the last blank line, and the line-ending state: 0 mid-line, 1 after one line end, 2 after a CR.
  let event = 0;
  let ends = 0;
  let lastCr = false;
  const maxEvent = cap.maxEventBytes;
  const maxEvents = cap.maxEvents ?? Number.POSITIVE_INFINITY;
  let events = 0;
  return (chunk) => {
    total += chunk.byteLength;
    if (total > cap.maxBytes) throw new BodyTooLargeError(cap.maxBytes, cap.source);
    if (maxEvent === undefined) return;
    for (const byte of chunk) {
      if (byte === 0x0a) {
        // LF after CR ends the same line.
        const sameLine = lastCr;
        lastCr = false;
        if (sameLine) continue;
        ends += 1;
      } else if (byte === 0x0d) {
        ends += 1;
        lastCr = true;
      } else {
        ends = 0;
        lastCr = false;
        event += 1;
        if (event > maxEvent) throw new BodyTooLargeError(maxEvent, `${cap.source}, one server-sent event`);
        continue;
      }
      if (ends >= 2) {
        event = 0;
        events += 1;
        if (events > maxEvents) throw new BodyTooLargeError(cap.maxBytes, cap.source, `${maxEvents} server-sent events`);
      }
    }
  };
}

/** Reads a whole body (a Node stream or any async iterable of bytes), at most `cap.maxBytes`. */
export async function readCapped(body: AsyncIterable<Uint8Array | string>, cap: Cap): Promise<Buffer> {
  const count = byteCounter(cap);
  const parts: Buffer[] = [];
  const iterator: AsyncIterator<Uint8Array | string, unknown> = body[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const value = next.value;
      const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      count(bytes);
      parts.push(bytes);
    }
  } catch (error) {
    // Ends the source (a socket is destroyed, not drained).
    await iterator.return?.().catch(() => undefined);
    throw error;
  }
  return Buffer.concat(parts);
}

/** Statuses whose Response cannot have a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The same response, its body erroring past the cap (the source is cancelled). */
export function capResponse(response: Response, cap: Cap): Response {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
  const count = byteCounter(cap);
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        count(value);
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return withBody(response, body);
}

/** The response with its whole body read now, capped (no body where the status allows none). */
export async function readWholeResponse(
  response: {
    body: AsyncIterable<Uint8Array> | null;
    status: number;
    statusText: string;
    headers: Iterable<[string, string]>;
    url: string;
  },
  cap: Cap,
): Promise<Response> {
  const body = response.body && !NULL_BODY_STATUSES.has(response.status) ? await readCapped(response.body, cap) : null;
  return withBody(response, body);
}

/** The same status, headers and final URL with another body (a new Response has no URL of its own). */
export function withBody(
  response: { status: number; statusText: string; headers: Iterable<[string, string]>; url: string },
  body: ConstructorParameters<typeof Response>[0],
): Response {
  const copy = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers([...response.headers]),
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
