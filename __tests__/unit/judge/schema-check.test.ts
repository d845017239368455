/** The schema check in its worker: violations come back; a check past its time or memory limit fails naming it. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonSchemaSpec } from '../../../src/model-call.ts';
import { checkInWorker, SchemaCheckError } from '../../../src/judge/schema-check.ts';
import { deepAnswer, recursiveKinds } from '../../fixtures/recursive-schema.ts';

const spec = (schema: Record<string, unknown>): JsonSchemaSpec => ({
  name: 't',
  strict: false,
  schema,
  source: 'a test',
  input: 'json-schema',
});

describe('checkInWorker', () => {
  test('a valid answer has no violations; an invalid one has its first', async () => {
    const schema = spec({ type: 'object', required: ['a'] });
    assert.deepEqual(await checkInWorker(schema, { a: 1 }), []);
    assert.deepEqual(await checkInWorker(schema, {}), ["(root): must have required property 'a'"]);
  });

  test('a recursive oneOf past the time limit fails naming the limit', async () => {
    await assert.rejects(
      checkInWorker(spec(recursiveKinds(7)), deepAnswer(7, 11), { timeMs: 500, heapMb: 128 }),
      (error: unknown) => error instanceof SchemaCheckError && error.message === 'the check ran past its time limit of 0.5 s',
    );
  });

  test('a check past the heap limit fails naming the limit', async () => {
    const wide = Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `item ${i}` }));
    await assert.rejects(
      checkInWorker(spec({ type: 'array', uniqueItems: true }), wide, { timeMs: 60_000, heapMb: 4 }),
      (error: unknown) => error instanceof SchemaCheckError && error.message === 'the check ran out of its memory limit of 4 MiB',
    );
  });
});
