/**
 * Reading a JSON answer: code fences, parse errors, schema violations named
 * by JSON pointer, the drafts and formats the validator knows, schemas it
 * refuses before any call (the `json` output: judge.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonSchemaSpec } from '../../../src/model-call.ts';
import { InputError } from '../../../src/errors.ts';
import { normalizeJsonSchema } from '../../../src/inputs/response-format.ts';
import { responseFormatBody } from '../../../src/prompt/parameters.ts';
import { compileSchema } from '../../../src/judge/compile-schema.ts';
import {
  readStructuredAnswer,
  stripCodeFence,
  jsonDepth,
  MAX_JSON_ANSWER_CHARS,
  MAX_SCHEMA_CHECKED_DEPTH,
} from '../../../src/judge/json-answer.ts';

const spec = (schema: Record<string, unknown>): JsonSchemaSpec => ({
  name: 'test',
  strict: false,
  schema,
  source: 'a test',
  input: 'json-schema',
});

const ANIMAL = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    legs: { type: 'integer', minimum: 0 },
    kind: { enum: ['mammal', 'bird'] },
    seen: { type: 'string', format: 'date' },
  },
  required: ['name', 'legs'],
  additionalProperties: false,
};

describe('stripCodeFence', () => {
  const cases: Array<[string, string]> = [
    ['{"a":1}', '{"a":1}'],
    ['```json\n{"a":1}\n```', '{"a":1}'],
    ['\n  ```\n{"a":1}\n```  \n', '{"a":1}'],
    ['````json\n{"code": "```"}\n````', '{"code": "```"}'],
    ['~~~json\n[1]\n~~~', '[1]'],
    ['Here you go:\n```json\n{"a":1}\n```', 'Here you go:\n```json\n{"a":1}\n```'],
    ['```json\n{"a":1}\n```\nAnything else?', '```json\n{"a":1}\n```\nAnything else?'],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(stripCodeFence(input), expected));
  test('CRLF line ends, a closing run longer than the opening, a fence of the other character', () => {
    assert.equal(stripCodeFence('```json\r\n{"a":1}\r\n```\r\n'), '{"a":1}\r');
    assert.equal(stripCodeFence('```\n[1]\n`````'), '[1]');
    assert.equal(stripCodeFence('```\n[1]\n~~~'), '```\n[1]\n~~~');
    assert.equal(stripCodeFence('````\n[1]\n```'), '[1]');
    // A model that closes the fence right after the content.
    assert.equal(stripCodeFence('```json\n{"verdict":"ok"}```'), '{"verdict":"ok"}');
    assert.equal(stripCodeFence('```json\n{"a":1}\n  ```  \n\n'), '{"a":1}');
    assert.equal(stripCodeFence('```\n```'), '');
  });
  test("a stranger's pathological answers (runs that made the old pattern backtrack) are read in one pass", () => {
    // Each of these made a backtracking pattern quadratic in the answer's length.
    const spaces = `\`\`\`\n\`\`\`${' '.repeat(4_000_000)}x`;
    assert.equal(stripCodeFence(spaces), spaces);
    const ticks = `${'`'.repeat(4_000_000)}\n`;
    assert.equal(stripCodeFence(ticks), ticks);
    const gap = `\`\`\`\n[1]${' '.repeat(4_000_000)}x\`\`\``;
    assert.equal(stripCodeFence(gap), `[1]${' '.repeat(4_000_000)}x`);
    const body = `\`\`\`json\n${'\n'.repeat(2_000_000)}[1]\n\`\`\``;
    assert.equal(stripCodeFence(body), `${'\n'.repeat(2_000_000)}[1]`);
  });
});

describe('readStructuredAnswer without a schema', () => {
  test('compact JSON of the parsed value', async () => {
    assert.deepEqual(await readStructuredAnswer('```json\n{ "a": [1, 2],\n  "b": "x" }\n```'), {
      ok: true,
      value: { a: [1, 2], b: 'x' },
      json: '{"a":[1,2],"b":"x"}',
    });
  });
  test('not JSON', async () => {
    const result = await readStructuredAnswer('Sure! {"a": 1');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.problem, 'The answer is not valid JSON: Unexpected token \'S\', "Sure! {"a": 1" is not valid JSON.');
  });
  test('empty', async () => {
    assert.deepEqual(await readStructuredAnswer('  \n'), { ok: false, problem: 'The answer is empty, not JSON.' });
  });
});

describe('schemas', () => {
  test('a valid answer passes, formats included', async () => {
    const validate = await compileSchema(spec(ANIMAL));
    assert.deepEqual(validate({ name: 'cat', legs: 4, kind: 'mammal', seen: '2025-01-31' }), []);
  });
  test('the first violation is named by JSON pointer, with the property or allowed values', async () => {
    const validate = await compileSchema(spec(ANIMAL));
    const valid = { name: 'cat', legs: 4, kind: 'mammal', seen: '2025-01-31' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, wings: 2 }, "(root): must NOT have additional properties ('wings')"],
      [{ ...valid, name: '' }, '/name: must NOT have fewer than 1 characters'],
      [{ ...valid, legs: -1 }, '/legs: must be >= 0'],
      [{ ...valid, kind: 'fish' }, '/kind: must be equal to one of the allowed values ("mammal", "bird")'],
      [{ ...valid, seen: 'yesterday' }, '/seen: must match format "date"'],
      [{}, "(root): must have required property 'name'"],
      // Only the first: collecting every error makes each branch of a recursive oneOf check every child.
      [{ name: '', legs: -1, kind: 'fish', seen: 'yesterday', wings: 2 }, "(root): must NOT have additional properties ('wings')"],
    ];
    for (const [value, violation] of cases) assert.deepEqual(validate(value), [violation]);
  });
  test('readStructuredAnswer names the violation', async () => {
    const properties = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, { type: 'string' }]));
    const validate = await compileSchema(spec({ type: 'object', properties, required: Object.keys(properties) }));
    const result = await readStructuredAnswer('{}', validate);
    assert.ok(!result.ok);
    assert.equal(result.problem, "The answer does not match the JSON schema (1 violation):\n  (root): must have required property 'p0'");
  });
  test('draft 2020-12 ($defs, prefixItems) and 2019-09 are honoured', async () => {
    const v2020 = await compileSchema(
      spec({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $defs: { n: { type: 'number' } },
        type: 'array',
        prefixItems: [{ $ref: '#/$defs/n' }],
      }),
    );
    assert.deepEqual(v2020([1]), []);
    assert.deepEqual(v2020(['x']), ['/0: must be number']);
    const v2019 = await compileSchema(
      spec({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', dependentRequired: { a: ['b'] } }),
    );
    assert.equal(v2019({ a: 1 }).length, 1);
  });
  test('draft-04 is refused with the drafts accepted', async () => {
    await assert.rejects(compileSchema(spec({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' })), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /^Input 'json-schema': schema 'test' \(a test\) uses .*draft-04.*: use draft-07, 2019-09 or 2020-12/);
      return true;
    });
  });
  test('an invalid schema fails as a bad input', async () => {
    await assert.rejects(compileSchema(spec({ type: 'object', properties: { name: { type: 'text' } } })), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(
        e.message,
        /^Input 'json-schema': schema 'test' \(a test\) is not a valid JSON Schema: schema is invalid: data\/properties\/name\/type/,
      );
      return true;
    });
  });
});

describe('response_format forms', () => {
  test('a bare schema gets the name "response" and strict false', () => {
    const normalized = normalizeJsonSchema({ type: 'object' }, 's', 'json-schema');
    assert.ok(typeof normalized !== 'string');
    assert.deepEqual(responseFormatBody({ type: 'json_schema', schema: normalized }), {
      type: 'json_schema',
      json_schema: { name: 'response', strict: false, schema: { type: 'object' } },
    });
  });
  test('the wrapper keeps name, strict and description', () => {
    const normalized = normalizeJsonSchema({ name: 'a', strict: true, description: 'd', schema: { type: 'object' } }, 's', 'json-schema');
    assert.ok(typeof normalized !== 'string');
    assert.deepEqual(responseFormatBody({ type: 'json_schema', schema: normalized }), {
      type: 'json_schema',
      json_schema: { name: 'a', strict: true, description: 'd', schema: { type: 'object' } },
    });
  });
  test('JSON mode sends no schema, even with one to check locally', () => {
    const normalized = normalizeJsonSchema({ type: 'object' }, 's', 'json-schema');
    assert.ok(typeof normalized !== 'string');
    assert.deepEqual(responseFormatBody({ type: 'json_object', schema: normalized, input: 'response-format' }), { type: 'json_object' });
  });
  const bad: Array<[unknown, RegExp]> = [
    ['text', /must be a JSON object .* not the text "text"/],
    [null, /not null/],
    [{ name: 5, schema: {} }, /has name 5/],
    [{ name: 'x', strict: 'yes', schema: {} }, /has strict "yes": use true or false/],
    [{ name: 'x', description: 1, schema: {} }, /description that is not text/],
    [{ type: 'json_schema', json_schema: { name: 'x', schema: 'no' } }, /has a "schema" that is the text "no"/],
  ];
  for (const [value, error] of bad) {
    test(`refuses ${JSON.stringify(value)}`, () => {
      const problem = normalizeJsonSchema(value, 's', 'json-schema');
      assert.equal(typeof problem, 'string');
      assert.match(problem as string, error);
    });
  }
});

describe('JSON answers too large or too deep to parse safely', () => {
  test('depth is counted outside strings', () => {
    assert.equal(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}'), 3);
    assert.equal(jsonDepth('"\\"[["'), 0);
  });
  test('an answer past the size cap or nesting past 256 levels is refused, not parsed', async () => {
    const deep = await readStructuredAnswer(`${'['.repeat(4 * 1024 * 1024)}${']'.repeat(4 * 1024 * 1024)}`);
    assert.equal(deep.ok, false);
    const wide = await readStructuredAnswer(`[${'{},'.repeat(MAX_JSON_ANSWER_CHARS / 3)}{}]`);
    assert.ok(!wide.ok && wide.problem.includes('at most 4194304 are parsed'), 'too large');
    const nested = await readStructuredAnswer(`${'['.repeat(300)}${']'.repeat(300)}`);
    assert.ok(!nested.ok && nested.problem.includes('nests 300 levels deep; at most 256'), 'too deep');
    assert.ok((await readStructuredAnswer(`${'['.repeat(256)}${']'.repeat(256)}`)).ok, '256 levels are fine');
  });
});

describe("a schema check a stranger's answer cannot blow up", () => {
  // A tree whose node is one of two shapes, each with children of the same kind: ordinary for the author,
  // exponential in the answer's depth for a validator that tries both shapes at every level.
  const branch = (kind: string) => ({
    type: 'object',
    required: [kind],
    properties: { kind: { const: kind }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
  });
  const tree = { $defs: { node: { oneOf: [branch('file'), branch('folder')] } }, $ref: '#/$defs/node' };
  const nested = (levels: number, node: (inner: string) => string, leaf = '{}') => {
    let answer = leaf;
    for (let i = 0; i < levels; i++) answer = node(answer);
    return answer;
  };

  test('an answer nesting past MAX_SCHEMA_CHECKED_DEPTH is refused before the check; one within it is checked', async () => {
    const validate = await compileSchema(spec(tree));
    // 22 levels of objects in arrays: 332 characters that ran the process out of memory.
    const deep = await readStructuredAnswer(
      nested(22, (inner) => `{"children":[${inner}]}`),
      validate,
    );
    assert.ok(!deep.ok && deep.problem.includes('nests 45 levels deep; an answer checked against a schema may nest at most 24'));
    const within = await readStructuredAnswer(
      nested(MAX_SCHEMA_CHECKED_DEPTH / 2 - 1, (inner) => `{"file":1,"folder":1,"children":[${inner}]}`),
      validate,
    );
    assert.ok(!within.ok && within.problem.includes('does not match the JSON schema'));
    const valid = await readStructuredAnswer(
      nested(5, (inner) => `{"file":"a","children":[${inner}]}`, '{"file":"b"}'),
      validate,
    );
    assert.ok(valid.ok);
  });

  test('a schema that refers to itself without end is a bad input, found when it is compiled', async () => {
    for (const schema of [{ $ref: '#' }, { allOf: [{ $ref: '#' }] }]) {
      await assert.rejects(
        compileSchema(spec(schema)),
        (error: unknown) =>
          error instanceof InputError && error.message.includes('not a valid JSON Schema: it refers to itself without end'),
      );
    }
  });
});
