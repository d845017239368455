/** The GitHub client's gate: a bounded number in flight, a pause every request waits out, one at a time after a secondary limit. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestGate } from '../../../src/github-context/request-gate.ts';

function clock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
      await Promise.resolve();
    },
    slept,
  };
}

async function burst(gate: RequestGate, count: number): Promise<number[]> {
  let active = 0;
  const seen: number[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      gate.run(async () => {
        active += 1;
        seen.push(active);
        await new Promise((resolve) => setTimeout(resolve, i % 3));
        active -= 1;
      }),
    ),
  );
  return seen;
}

test('never more than the limit in flight, and every request runs', async () => {
  const gate = new RequestGate(8, clock());
  const seen = await burst(gate, 40);
  assert.equal(seen.length, 40);
  assert.equal(Math.max(...seen), 8);
  assert.equal(gate.maxActive, 8);
});

test('a failed request gives its place back', async () => {
  const gate = new RequestGate(1, clock());
  await assert.rejects(
    gate.run(() => Promise.reject(new Error('502'))),
    /502/,
  );
  assert.equal(await gate.run(() => Promise.resolve('next')), 'next');
});

test('a pause holds every request until it is over; serialize() lets one through at a time', async () => {
  const c = clock();
  const gate = new RequestGate(8, c);
  gate.pauseUntil(1500);
  gate.serialize();
  const seen = await burst(gate, 5);
  assert.equal(Math.max(...seen), 1);
  assert.ok(c.now() >= 1500);
  assert.equal(c.slept[0], 1500);
});
