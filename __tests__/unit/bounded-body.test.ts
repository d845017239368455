import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { BodyTooLargeError, byteCounter, capResponse, readCapped } from '../../src/bounded-body.ts';

const MIB = 1024 * 1024;

/** An endless source that counts what was pulled from it. */
function endless(chunk: Buffer): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = new Readable({
    read() {
      pulled += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

describe('readCapped', () => {
  it('returns a body under the cap whole', async () => {
    const body = await readCapped(Readable.from([Buffer.from('ab'), 'cd']), { maxBytes: 4, source: 'test' });
    assert.equal(body.toString(), 'abcd');
  });

  it('fails one byte past the cap, naming the cap and the source', async () => {
    await assert.rejects(
      readCapped(Readable.from([Buffer.alloc(3), Buffer.alloc(2)]), { maxBytes: 4, source: 'the test server' }),
      (error) => {
        assert.ok(error instanceof BodyTooLargeError);
        assert.match(error.message, /^answer too large: more than .* MiB \(the test server\)$/);
        return true;
      },
    );
  });

  it('stops reading an endless body at the cap and destroys the source', async () => {
    const { stream, pulled } = endless(Buffer.alloc(64 * 1024));
    await assert.rejects(readCapped(stream, { maxBytes: MIB, source: 'x' }), /more than 1 MiB/);
    assert.ok(pulled() < 2 * MIB, `pulled ${pulled()} bytes`);
    assert.ok(stream.destroyed);
  });
});

describe('capResponse', () => {
  it('errors the body past the cap and cancels the source', async () => {
    const { stream } = endless(Buffer.alloc(64 * 1024));
    const response = capResponse(new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>), { maxBytes: 2 * MIB, source: 'x' });
    await assert.rejects(response.text(), BodyTooLargeError);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(stream.destroyed);
  });

  it('passes a body under the cap unchanged', async () => {
    const response = capResponse(new Response('{"a":1}', { status: 201, headers: { 'x-k': 'v' } }), { maxBytes: 100, source: 'x' });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-k'), 'v');
    assert.deepEqual(await response.json(), { a: 1 });
  });
});

describe('byteCounter with an event cap', () => {
  const cap = { maxBytes: 1000, maxEventBytes: 10, source: 'sse' };

  it('accepts many short events, whatever the line endings', () => {
    const count = byteCounter(cap);
    for (const ending of ['\n\n', '\r\r', '\r\n\r\n']) count(Buffer.from(`data: 123${ending}data: 456${ending}`));
  });

  it('fails past the count of blank lines, whether or not they end an event', () => {
    const count = byteCounter({ ...cap, maxEvents: 3 });
    count(Buffer.from('data: 1\n\n: comment\n\n'));
    count(Buffer.from('\r\n'));
    assert.throws(() => count(Buffer.from('\n')), /answer too large: more than 3 server-sent events \(sse\)/);
    // A stream of nothing but line ends is stopped as soon, whatever its bytes.
    const blank = byteCounter({ maxBytes: 128 * MIB, maxEventBytes: 256 * 1024, maxEvents: 500_000, source: 'sse' });
    assert.throws(() => blank(Buffer.alloc(MIB, 0x0a)), /more than 500000 server-sent events/);
  });

  it('fails on one event longer than the cap, even split over chunks and lines', () => {
    const count = byteCounter(cap);
    count(Buffer.from('data: 12'));
    assert.throws(() => count(Buffer.from('3\ndata: 4')), /one server-sent event/);
  });

  it('is linear: 64 MiB with no line end is refused after the cap, at once', () => {
    const count = byteCounter({ maxBytes: 128 * MIB, maxEventBytes: MIB, source: 'sse' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const started = performance.now();
    assert.throws(() => {
      for (let i = 0; i < 1024; i++) count(chunk);
    }, BodyTooLargeError);
    assert.ok(performance.now() - started < 1000);
  });
});
