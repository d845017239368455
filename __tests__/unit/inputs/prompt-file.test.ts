/**
 * The GitHub Models prompt format: the fixtures of real-world files parse to
 * what they say; every bad file fails naming the file and the line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { isPromptFilePath, parsePromptFile } from '../../../src/inputs/prompt-file.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'prompts');
const parseFixture = (name: string) => parsePromptFile(readFileSync(join(FIXTURES, name), 'utf8'), name);

describe('isPromptFilePath', () => {
  for (const path of ['a.prompt.yml', '.github/prompts/x.prompt.yaml', 'X.PROMPT.YML'])
    test(`${path} is a prompt file`, () => assert.ok(isPromptFilePath(path)));
  for (const path of ['prompt.yml', 'a.yml', 'a.prompt.md', 'a.prompt.yml.txt', 'prompt.txt'])
    test(`${path} is plain text`, () => assert.ok(!isPromptFilePath(path)));
});

describe('real-world prompt files', () => {
  test('simple: system and user messages, the model kept for the notice', async () => {
    assert.deepEqual(await parseFixture('simple.prompt.yml'), {
      path: 'simple.prompt.yml',
      messages: [
        { role: 'system', content: 'Be as concise as possible' },
        { role: 'user', content: 'Compare {{a}} and {{b}}, please' },
      ],
      model: 'openai/gpt-4o',
      warnings: [],
    });
  });
  test('templated: modelParameters, and the editor export keys (name, description, testData, evaluators) ignored silently', async () => {
    const file = await parseFixture('templated.prompt.yml');
    assert.equal(file.maxTokens, 500);
    assert.equal(file.temperature, 0.2);
    assert.equal(file.topP, 0.9);
    assert.equal(file.model, 'openai/gpt-5-mini');
    assert.deepEqual(file.warnings, []);
    assert.equal(file.messages.length, 2);
    assert.equal(file.messages[1]?.content.includes('{{diff}}'), true, 'placeholders are left for the template step');
  });
  test('json-schema: the JSON string wrapper of ai-inference', async () => {
    const file = await parseFixture('json-schema.prompt.yml');
    assert.equal(file.responseFormat, 'json_schema');
    assert.equal(file.jsonSchema?.name, 'describe_animal');
    assert.equal(file.jsonSchema?.strict, true);
    assert.deepEqual(file.jsonSchema?.schema.required, ['name', 'habitat']);
    assert.equal(file.jsonSchema?.input, 'prompt-file');
    assert.match(file.jsonSchema?.source ?? '', /json-schema\.prompt\.yml \(line 10\)/);
  });
  test('json-schema as a YAML map, bare schema, with the older maxTokens name', async () => {
    const file = await parseFixture('json-schema-map.prompt.yaml');
    assert.equal(file.maxTokens, 200);
    assert.equal(file.jsonSchema?.name, 'response');
    assert.equal(file.jsonSchema?.strict, false);
    assert.deepEqual(Object.keys(file.jsonSchema?.schema.properties as object), ['labels', 'confidence']);
  });
  test('json_object', async () => {
    assert.equal((await parseFixture('json-object.prompt.yml')).responseFormat, 'json_object');
  });
});

describe('details of the format', () => {
  test('roles are read case-insensitively, like gh models', async () => {
    assert.deepEqual((await parsePromptFile('messages:\n  - role: User\n    content: hi\n', 'x.prompt.yml')).messages, [
      { role: 'user', content: 'hi' },
    ]);
  });
  test('a non-text scalar content keeps the text as written', async () => {
    assert.equal((await parsePromptFile('messages:\n  - role: user\n    content: 1.10\n', 'x.prompt.yml')).messages[0]?.content, '1.10');
  });
  test('unknown keys warn with their line, and are otherwise ignored', async () => {
    const file = await parsePromptFile(
      'messages:\n  - role: user\n    content: hi\n    name: bob\nmodelParameter:\n  temperature: 1\nmodelParameters:\n  seed: 4\n',
      'x.prompt.yml',
    );
    assert.deepEqual(file.warnings, [
      "Prompt file 'x.prompt.yml', line 4: message 1's key 'name' is ignored (a message has role and content).",
      "Prompt file 'x.prompt.yml', line 5: unknown key 'modelParameter' is ignored (known keys: messages, model, modelParameters, responseFormat, jsonSchema).",
      "Prompt file 'x.prompt.yml', line 8: modelParameters.seed is not supported and is ignored (supported: maxCompletionTokens, maxTokens, temperature, topP).",
    ]);
    assert.equal(file.temperature, undefined);
  });
  test('maxTokens and maxCompletionTokens may both be given when equal', async () => {
    assert.equal(
      (
        await parsePromptFile(
          'messages:\n  - {role: user, content: hi}\nmodelParameters: {maxTokens: 9, maxCompletionTokens: 9}\n',
          'x.prompt.yml',
        )
      ).maxTokens,
      9,
    );
  });
  test('an empty model or modelParameters is no value', async () => {
    const file = await parsePromptFile('model:\nmodelParameters:\nmessages:\n  - {role: user, content: hi}\n', 'x.prompt.yml');
    assert.equal(file.model, undefined);
    assert.equal(file.maxTokens, undefined);
  });
  test('jsonSchema alone is kept (the caller infers json_schema)', async () => {
    const file = await parsePromptFile('messages:\n  - {role: user, content: hi}\njsonSchema: \'{"type": "object"}\'\n', 'x.prompt.yml');
    assert.equal(file.responseFormat, undefined);
    assert.deepEqual(file.jsonSchema?.schema, { type: 'object' });
  });
});

describe('bad prompt files fail naming the file and the line', () => {
  const cases: Array<{ file: string; line: number; error: RegExp }> = [
    { file: 'invalid-role.prompt.yml', line: 4, error: /message 2 has role 'bot': use one of system, user, assistant\./ },
    { file: 'missing-messages.prompt.yml', line: 1, error: /has no "messages" list/ },
    {
      file: 'bad-yaml.prompt.yml',
      line: 3,
      error: /is not valid YAML: Nested mappings are not allowed in compact mappings\. Text holding ': ' .* needs quotes/,
    },
    {
      file: 'messages-not-list.prompt.yml',
      line: 2,
      error: /"messages" must be a list of messages, each with role and content; it is a map/,
    },
    { file: 'empty-messages.prompt.yml', line: 2, error: /"messages" is empty/ },
    { file: 'content-map.prompt.yml', line: 4, error: /message 1's content must be text; it is a map/ },
    { file: 'no-content.prompt.yml', line: 4, error: /message 2 \(user\) has no content/ },
    {
      file: 'temperature-too-high.prompt.yml',
      line: 5,
      error: /modelParameters\.temperature: 3 is out of range: use a number from 0 to 2/,
    },
    { file: 'temperature-text.prompt.yml', line: 5, error: /modelParameters\.temperature: "0\.7" is not a number/ },
    {
      file: 'max-tokens-conflict.prompt.yml',
      line: 6,
      error: /maxCompletionTokens is 200 but maxTokens \(line 5\) is 100: give one of them/,
    },
    { file: 'bad-response-format.prompt.yml', line: 4, error: /responseFormat 'xml' is not one of text, json_object, json_schema/ },
    { file: 'schema-missing.prompt.yml', line: 4, error: /responseFormat is json_schema but the file has no jsonSchema/ },
    { file: 'schema-not-json.prompt.yml', line: 8, error: /jsonSchema is not valid JSON: .*line 3 column 33/ },
    { file: 'schema-bad-name.prompt.yml', line: 5, error: /jsonSchema has name "describe a cat": a schema name is 1 to 64 letters/ },
    { file: 'duplicate-key.prompt.yml', line: 4, error: /is not valid YAML: Map keys must be unique/ },
    { file: 'not-a-map.prompt.yml', line: 1, error: /a prompt file is a YAML map with a "messages" list/ },
  ];
  for (const c of cases) {
    test(c.file, async () => {
      await assert.rejects(parseFixture(`bad/${c.file}`), (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.input, 'prompt-file');
        assert.ok(error.message.startsWith(`Input 'prompt-file': file 'bad/${c.file}', line ${c.line}: `), error.message);
        assert.match(error.message, c.error);
        return true;
      });
    });
  }
  const inline: Array<{ name: string; text: string; line: number; error: RegExp }> = [
    {
      name: 'a message that is text',
      text: 'messages:\n  - hello\n',
      line: 2,
      error: /message 1 must be a map with role and content; it is the string "hello"/,
    },
    { name: 'a message without role', text: 'messages:\n  - content: hi\n', line: 2, error: /message 1 has no role/ },
    {
      name: 'white-space content',
      text: "messages:\n  - role: user\n    content: '  '\n",
      line: 3,
      error: /message 1 \(user\) has empty content/,
    },
    {
      name: 'fractional maxCompletionTokens',
      text: 'messages: [{role: user, content: hi}]\nmodelParameters:\n  maxCompletionTokens: 1.5\n',
      line: 3,
      error: /1\.5 is not a whole number/,
    },
    {
      name: 'topP above 1',
      text: 'messages: [{role: user, content: hi}]\nmodelParameters:\n  topP: 1.5\n',
      line: 3,
      error: /modelParameters\.topP: 1\.5 is out of range: use a number from 0 to 1/,
    },
    {
      name: 'modelParameters as a list',
      text: 'messages: [{role: user, content: hi}]\nmodelParameters: [1]\n',
      line: 2,
      error: /modelParameters must be a map/,
    },
    {
      name: 'jsonSchema as a number',
      text: 'messages: [{role: user, content: hi}]\njsonSchema: 5\n',
      line: 2,
      error: /jsonSchema must be a JSON string or a YAML map/,
    },
    {
      name: 'a wrapper whose schema is not an object',
      text: 'messages: [{role: user, content: hi}]\njsonSchema: {name: x, schema: [1]}\n',
      line: 2,
      error: /has a "schema" that is a list/,
    },
    { name: 'two documents', text: 'messages: [{role: user, content: hi}]\n---\nmessages: []\n', line: 2, error: /is not valid YAML/ },
  ];
  for (const c of inline) {
    test(c.name, () =>
      assert.rejects(
        parsePromptFile(c.text, 'x.prompt.yml'),
        (e: unknown) => e instanceof InputError && e.message.includes(`line ${c.line}: `) && c.error.test(e.message),
      ),
    );
  }
});
