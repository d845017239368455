/** Work raced against a time limit: its result within it, the limit's error past it, the work's signal aborted. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { withTimeLimit } from '../../src/time-limit.ts';

class LimitError extends Error {}

describe('withTimeLimit', () => {
  test("the work's result when it finishes in time", async () => {
    const result = await withTimeLimit(
      () => Promise.resolve(42),
      1000,
      () => new LimitError('late'),
    );
    assert.equal(result, 42);
  });

  test("the work's own failure when it fails in time", async () => {
    await assert.rejects(
      withTimeLimit(
        () => Promise.reject(new Error('refused')),
        1000,
        () => new LimitError('late'),
      ),
      /refused/,
    );
  });

  test("past the limit: the limit's error, and the work's signal aborted with it", async () => {
    let seen: AbortSignal | undefined;
    const never = (signal: AbortSignal): Promise<never> => {
      seen = signal;
      return new Promise<never>(() => undefined);
    };
    await assert.rejects(
      withTimeLimit(never, 10, () => new LimitError('no answer')),
      (error: unknown) => error instanceof LimitError && error.message === 'no answer',
    );
    assert.equal(seen?.aborted, true);
    assert.ok(seen?.reason instanceof LimitError);
  });

  test('work that ignores its signal does not hold the race', async () => {
    const started = Date.now();
    await assert.rejects(
      withTimeLimit(
        () => new Promise(() => undefined),
        10,
        () => new LimitError('late'),
      ),
    );
    assert.ok(Date.now() - started < 5000);
  });

  test('the timer is cleared when the work wins: the limit error is never built', async () => {
    let built = 0;
    await withTimeLimit(
      () => Promise.resolve('done'),
      20,
      () => {
        built += 1;
        return new LimitError('late');
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(built, 0);
  });
});
