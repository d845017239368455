/** The emulator's response_format handling: Azure's 400s and the default JSON replies. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultJsonReply, responseFormatError } from '../../emulator/services/response-format.ts';

const message = (body: unknown): string => (body as { error: { message: string } }).error.message;

describe('responseFormatError', () => {
  test('absent, text, and valid formats pass', () => {
    assert.equal(responseFormatError(undefined, ['x']), undefined);
    assert.equal(responseFormatError({ type: 'text' }, ['x']), undefined);
    assert.equal(responseFormatError({ type: 'json_object' }, ['Answer in JSON']), undefined);
    assert.equal(responseFormatError({ type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object' } } }, ['x']), undefined);
  });
  test("JSON mode needs 'json' in a message", () => {
    assert.equal(
      message(responseFormatError({ type: 'json_object' }, ['Is 7 prime?'])),
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
    );
  });
  test('unknown type, missing wrapper, missing or bad name', () => {
    assert.match(
      message(responseFormatError({ type: 'xml' }, [])),
      /Invalid value: 'xml'\. Supported values are: 'text', 'json_object', and 'json_schema'\./,
    );
    assert.match(message(responseFormatError({ type: 'json_schema' }, [])), /Missing required parameter: 'response_format\.json_schema'/);
    assert.match(
      message(responseFormatError({ type: 'json_schema', json_schema: { schema: {} } }, [])),
      /'response_format\.json_schema\.name'/,
    );
    assert.match(
      message(responseFormatError({ type: 'json_schema', json_schema: { name: 'a b', schema: {} } }, [])),
      /string does not match pattern/,
    );
  });
  test("strict mode's rule: additionalProperties false and every property required, nested too", () => {
    const strict = (schema: unknown) => responseFormatError({ type: 'json_schema', json_schema: { name: 's', strict: true, schema } }, []);
    assert.equal(
      strict({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }),
      undefined,
    );
    assert.match(
      message(strict({ type: 'object', properties: { a: { type: 'string' } }, required: [], additionalProperties: false })),
      /'required' is required .* Missing 'a'/,
    );
    assert.match(
      message(
        strict({ type: 'object', properties: { a: { type: 'object', properties: {} } }, required: ['a'], additionalProperties: false }),
      ),
      /In context=\('properties', 'a'\), 'additionalProperties' is required to be supplied and to be false/,
    );
  });
});

describe('defaultJsonReply', () => {
  test('json_object: an object naming the prompt', () => {
    assert.deepEqual(JSON.parse(defaultJsonReply({ type: 'json_object' }, 'hi') ?? ''), { answer: 'Emulated answer to: hi' });
  });
  test('json_schema: the simplest instance, through $ref, enum, formats, minItems and minLength', () => {
    const schema = {
      type: 'object',
      properties: {
        kind: { enum: ['x', 'y'] },
        when: { type: 'string', format: 'date-time' },
        tags: { type: 'array', items: { $ref: '#/$defs/tag' }, minItems: 2 },
        code: { type: 'string', minLength: 12 },
        count: { type: 'integer', minimum: 3 },
        maybe: { type: ['null', 'boolean'] },
        optional: { type: 'string' },
      },
      required: ['kind', 'when', 'tags', 'code', 'count', 'maybe'],
      $defs: { tag: { type: 'string' } },
    };
    assert.deepEqual(JSON.parse(defaultJsonReply({ type: 'json_schema', json_schema: { name: 'a', schema } }, '') ?? ''), {
      kind: 'x',
      when: '2025-01-01T00:00:00Z',
      tags: ['emulated', 'emulated'],
      code: 'emulatedxxxx',
      count: 3,
      maybe: true,
    });
  });
  test('text and no format: no JSON reply', () => {
    assert.equal(defaultJsonReply({ type: 'text' }, ''), undefined);
    assert.equal(defaultJsonReply(undefined, ''), undefined);
  });
});
