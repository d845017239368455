// The huge-body fault: a body of any size written as the client reads it, in the shape asked
// (one JSON string, a stream of events, or one endless event line).

import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.ts';

const HUGE_CHUNK_BYTES = 64 * 1024;

/** Writes a body of `fault.bytes` lazily, waiting for the client to read; stops when it goes away. */
export async function sendHugeBody(
  res: ServerResponse,
  fault: Extract<Fault, { kind: 'huge-body' }>,
  headers: Record<string, string>,
  gone: () => boolean,
): Promise<void> {
  const shape = fault.shape ?? 'json';
  const sse = shape !== 'json';
  res.writeHead(fault.status ?? 200, {
    ...headers,
    'content-type': sse ? 'text/event-stream' : 'application/json',
    ...(sse ? {} : { 'content-length': String(fault.bytes) }),
  });
  const letters = 'a'.repeat(1000);
  const event = Buffer.from(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: letters } }] })}\n\n`);
  const prefix =
    shape === 'json' ? '{"error":{"message":"' : shape === 'sse-one-line' ? 'data: {"choices":[{"index":0,"delta":{"content":"' : '';
  const filler = Buffer.alloc(HUGE_CHUNK_BYTES, 'a');
  const chunk = shape === 'sse' ? Buffer.concat(Array.from({ length: Math.ceil(HUGE_CHUNK_BYTES / event.length) }, () => event)) : filler;
  let left = fault.bytes;
  const write = (bytes: Buffer): Promise<void> | undefined => {
    left -= bytes.length;
    if (res.write(bytes)) return undefined;
    return new Promise((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  };
  await write(Buffer.from(prefix));
  while (left > 0 && !gone()) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    await write(piece);
  }
  if (!gone()) res.end();
}
