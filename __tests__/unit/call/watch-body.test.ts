/** The body guard: a body that stops sending bytes errors after the idle time or at the deadline, and cancels its source. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StallError, watchBody } from '../../../src/call/watch-body.ts';

const encoder = new TextEncoder();

/** A body that sends the given pieces `gapMs` apart, then stalls forever (or ends); records whether it was cancelled. */
function source(pieces: string[], gapMs: number, end: boolean): { response: Response; cancelled: () => boolean } {
  let cancelled = false;
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (index < pieces.length) {
        if (index > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
        controller.enqueue(encoder.encode(pieces[index++] ?? ''));
      } else if (end) controller.close();
      else await new Promise<void>(() => undefined); // stall: never answers
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }), cancelled: () => cancelled };
}

describe('watchBody', () => {
  test('passes a healthy body through unchanged, with status and headers', async () => {
    const { response } = source(['data: 1\n\n', 'data: 2\n\n'], 5, true);
    const watched = watchBody(response, { idleMs: 1000, deadlineAt: Date.now() + 10_000 });
    assert.equal(watched.status, 200);
    assert.equal(watched.headers.get('content-type'), 'text/event-stream');
    assert.equal(await watched.text(), 'data: 1\n\ndata: 2\n\n');
  });

  test('a body that stops sending errors with StallError after the idle time and cancels the source', async () => {
    const { response, cancelled } = source(['{"partial":'], 0, false);
    const started = Date.now();
    const watched = watchBody(response, { idleMs: 100, deadlineAt: Date.now() + 10_000 });
    await assert.rejects(watched.text(), (error: unknown) => {
      assert.ok(error instanceof StallError);
      assert.equal(error.deadline, false);
      return true;
    });
    assert.ok(Date.now() - started < 2000);
    assert.ok(cancelled(), 'the underlying body was cancelled (its connection closed)');
  });

  test('steady bytes slower than nothing but faster than the idle time are not a stall', async () => {
    const { response } = source(['a', 'b', 'c', 'd'], 40, true);
    assert.equal(await watchBody(response, { idleMs: 200, deadlineAt: Date.now() + 10_000 }).text(), 'abcd');
  });

  test('a body still trickling at the overall deadline errors with StallError(deadline)', async () => {
    const { response } = source(
      Array.from({ length: 50 }, () => 'x'),
      30,
      true,
    );
    await assert.rejects(watchBody(response, { idleMs: 1000, deadlineAt: Date.now() + 150 }).text(), (error: unknown) => {
      assert.ok(error instanceof StallError);
      assert.equal(error.deadline, true);
      return true;
    });
  });

  test('a slow reader is not a stalled server: the timer runs only while a read waits', async () => {
    const { response } = source(['a', 'b'], 0, true);
    const body = watchBody(response, { idleMs: 50, deadlineAt: Date.now() + 10_000 }).body;
    assert.ok(body);
    const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), 'a');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const rest = await reader.read();
    assert.equal(rest.done, false);
  });

  test('a response without a body is returned as is', () => {
    const response = new Response(null, { status: 204 });
    assert.equal(watchBody(response, { idleMs: 10, deadlineAt: Date.now() + 10 }), response);
  });
});
