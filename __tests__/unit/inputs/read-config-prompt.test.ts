/**
 * The prompt and generation inputs through readConfig: prompt files, template
 * variables (input, file-input / file_input), parameters and their
 * precedence over the prompt file, response formats and schemas, and every
 * error naming the input (and the variable, file and line where there is one).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Config } from '../../../src/config.ts';
import { InputError } from '../../../src/errors.ts';
import { readConfig } from '../../../src/inputs/read-config.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'prompts');
const fixture = (name: string): string => join(FIXTURES, name);
const dir = mkdtempSync(join(tmpdir(), 'aoai-prompt-inputs-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const diff = file('diff.txt', '- teh\n+ the {{title}}\n');
const BASE = { endpoint: 'https://myres.openai.azure.com', deployment: 'gpt-5.1', prompt: 'Say hello.' };

const config = (inputs: Record<string, string>): Promise<Config> => {
  const all: Record<string, string> = { ...BASE, ...inputs };
  // The fixtures are in the working directory (the repository); the written files in RUNNER_TEMP.
  return readConfig({ input: (name) => all[name] ?? '', env: { RUNNER_TEMP: dir } });
};

describe('prompt files and variables', () => {
  test('a .prompt.yml file gives its messages, model and parameters; the variables come along', async () => {
    const c = await config({
      prompt: '',
      'prompt-file': fixture('templated.prompt.yml'),
      input: 'title: Fix typo\nrepo: octo',
      file_input: `diff: ${diff}`,
    });
    assert.equal(c.prompt.messages.length, 2);
    assert.equal(c.prompt.model, 'openai/gpt-5-mini');
    assert.equal(c.prompt.userSource, `prompt file ${fixture('templated.prompt.yml')}`);
    assert.deepEqual(c.prompt.variables, { title: 'Fix typo', repo: 'octo', diff: '- teh\n+ the {{title}}\n' });
    assert.equal(c.maxTokens, 500);
    assert.equal(c.temperature, 0.2);
    assert.equal(c.topP, 0.9);
  });
  test('any other prompt-file is the user prompt as it is', async () => {
    const c = await config({ prompt: '', 'prompt-file': fixture('review.md') });
    assert.deepEqual(c.prompt.messages, [
      { role: 'user', content: 'Review the change "{{title}}" by {{author}}.\nIgnore {{not_a_variable}}.\n' },
    ]);
  });
  test('system-prompt goes first when the prompt file has no system message', async () => {
    const path = file('user-only.prompt.yml', 'messages:\n  - role: user\n    content: hi\n');
    assert.deepEqual((await config({ prompt: '', 'prompt-file': path, 'system-prompt': 'Be brief.' })).prompt.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
  });
  test('input values are text as written (YAML failsafe): 1.10, no, ~ and block scalars', async () => {
    const c = await config({ input: 'version: 1.10\nanswer: no\nnothing: ~\nempty:\nbody: |\n  line 1\n  line 2\npr.number: 42' });
    assert.deepEqual(c.prompt.variables, {
      version: '1.10',
      answer: 'no',
      nothing: '~',
      empty: '',
      body: 'line 1\nline 2\n',
      'pr.number': '42',
    });
  });
  test('file-input (the dash spelling) reads the files', async () => {
    assert.deepEqual((await config({ 'file-input': `diff: ${diff}` })).prompt.variables, { diff: '- teh\n+ the {{title}}\n' });
  });
  test('no variables: none in the config', async () => {
    assert.equal((await config({})).prompt.variables, undefined);
  });
});

describe('parameters: an input wins over the prompt file', () => {
  const templated = { prompt: '', 'prompt-file': fixture('templated.prompt.yml') };
  test('max-tokens, temperature and top-p override the file', async () => {
    const c = await config({ ...templated, 'max-tokens': '50', temperature: '1.5', 'top-p': '0.5' });
    assert.deepEqual([c.maxTokens, c.temperature, c.topP], [50, 1.5, 0.5]);
  });
  test('max-completion-tokens is max-tokens', async () => {
    assert.equal((await config({ ...templated, 'max-completion-tokens': '64' })).maxTokens, 64);
  });
  test('reasoning-effort', async () => {
    assert.equal((await config({ 'reasoning-effort': 'minimal' })).reasoningEffort, 'minimal');
  });
  test('reasoning-effort takes every level, none and xhigh included', async () => {
    for (const level of ['none', 'minimal', 'low', 'medium', 'high', 'xhigh']) {
      assert.equal((await config({ 'reasoning-effort': level })).reasoningEffort, level);
    }
  });
  test('nothing set: no parameter at all', async () => {
    const c = await config({});
    assert.deepEqual(
      [c.maxTokens, c.temperature, c.topP, c.reasoningEffort, c.responseFormat],
      [undefined, undefined, undefined, undefined, undefined],
    );
  });
});

describe('response formats', () => {
  const schemaFile = fixture('animal.schema.json');
  test('the prompt file json_schema', async () => {
    const c = await config({ prompt: '', 'prompt-file': fixture('json-schema.prompt.yml') });
    assert.equal(c.responseFormat?.type, 'json_schema');
    assert.equal(c.responseFormat?.type === 'json_schema' && c.responseFormat.schema.name, 'describe_animal');
  });
  test('a schema input alone asks for json-schema, and wins over the file', async () => {
    const c = await config({ prompt: '', 'prompt-file': fixture('json-schema.prompt.yml'), 'json-schema-file': schemaFile });
    assert.ok(c.responseFormat?.type === 'json_schema');
    assert.equal(c.responseFormat.schema.source, `file ${schemaFile}`);
    assert.deepEqual(c.responseFormat.schema.schema.required, ['name', 'legs']);
  });
  test('response-format text wins over the file: nothing is asked', async () => {
    assert.equal(
      (await config({ prompt: '', 'prompt-file': fixture('json-schema.prompt.yml'), 'response-format': 'text' })).responseFormat,
      undefined,
    );
  });
  test('response-format json with a schema: JSON mode, checked locally', async () => {
    const c = await config({ 'response-format': 'json', 'json-schema': '{"type": "object"}' });
    assert.deepEqual(c.responseFormat, {
      type: 'json_object',
      input: 'response-format',
      schema: { name: 'response', strict: false, schema: { type: 'object' }, source: 'input json-schema', input: 'json-schema' },
    });
  });
  test('the prompt-file spellings json_object and json_schema are accepted as input values', async () => {
    assert.equal((await config({ 'response-format': 'json_object' })).responseFormat?.type, 'json_object');
    assert.equal(
      (await config({ 'response-format': 'json_schema', 'json-schema': '{"type":"object"}' })).responseFormat?.type,
      'json_schema',
    );
  });
  test('json-schema: the wrapper, and the whole response_format object', async () => {
    const wrapped = (
      await config({
        'json-schema': '{"name": "x", "strict": true, "description": "d", "schema": {"type": "object"}}',
      })
    ).responseFormat;
    assert.ok(wrapped?.type === 'json_schema');
    assert.deepEqual([wrapped.schema.name, wrapped.schema.strict, wrapped.schema.description], ['x', true, 'd']);
    const whole = (
      await config({
        'json-schema': '{"type": "json_schema", "json_schema": {"name": "y", "schema": {"type": "object"}}}',
      })
    ).responseFormat;
    assert.ok(whole?.type === 'json_schema');
    assert.equal(whole.schema.name, 'y');
  });
  test('a bare schema with a property called "schema" stays a bare schema', async () => {
    const c = (await config({ 'json-schema': '{"type": "object", "properties": {"schema": {"type": "string"}}}' })).responseFormat;
    assert.ok(c?.type === 'json_schema');
    assert.equal(c.schema.name, 'response');
    assert.deepEqual(c.schema.schema.properties, { schema: { type: 'string' } });
  });
  test('json-schema-file in YAML', async () => {
    const c = (await config({ 'json-schema-file': fixture('labels.schema.yml') })).responseFormat;
    assert.ok(c?.type === 'json_schema');
    assert.deepEqual([c.schema.name, c.schema.strict], ['labels', true]);
  });
});

describe('errors name the input, and the variable, file and line where there is one', () => {
  const cases: Array<{ name: string; inputs: Record<string, string>; input: string; error: RegExp }> = [
    {
      name: 'input that is not a map',
      inputs: { input: 'just some text' },
      input: 'input',
      error: /must be a YAML map of variables.*it is plain text/,
    },
    {
      name: 'input with an unquoted colon',
      inputs: { input: 'title: Fix: the bug\nx: 1' },
      input: 'input',
      error: /is not a valid YAML map, line 1: .*block scalar.*file-input/,
    },
    {
      name: 'input with a bad name',
      inputs: { input: 'ok: 1\nmy var: 2' },
      input: 'input',
      error: /line 2: 'my var' is not a variable name/,
    },
    {
      name: 'input with a map value',
      inputs: { input: 'a:\n  b: c' },
      input: 'input',
      error: /line 1: variable 'a' is a map: a variable is text/,
    },
    { name: 'input with a duplicate name', inputs: { input: 'a: 1\na: 2' }, input: 'input', error: /line 2: Map keys must be unique/ },
    {
      name: 'file-input with a missing file',
      inputs: { file_input: 'diff: no/such/file.diff' },
      input: 'file_input',
      error: /variable 'diff': file 'no\/such\/file\.diff' does not exist/,
    },
    {
      name: 'file-input with no path',
      inputs: { 'file-input': 'diff:' },
      input: 'file-input',
      error: /variable 'diff' \(line 1\) has no file path/,
    },
    {
      name: 'file-input and file_input both',
      inputs: { 'file-input': `a: ${diff}`, file_input: `b: ${diff}` },
      input: 'file-input',
      error: /and file_input are both set/,
    },
    {
      name: 'a variable in both input and file-input',
      inputs: { input: 'diff: x', 'file-input': `diff: ${diff}` },
      input: 'file-input',
      error: /variable 'diff' \(line 1\) is also set in input/,
    },
    {
      name: 'max-tokens and max-completion-tokens',
      inputs: { 'max-tokens': '5', 'max-completion-tokens': '5' },
      input: 'max-tokens',
      error: /and max-completion-tokens are both set/,
    },
    {
      name: 'max-completion-tokens zero',
      inputs: { 'max-completion-tokens': '0' },
      input: 'max-completion-tokens',
      error: /0 is out of range: use a whole number from 1 to 1000000/,
    },
    { name: 'top-p above 1', inputs: { 'top-p': '1.5' }, input: 'top-p', error: /1\.5 is out of range: use a number from 0 to 1/ },
    { name: 'top-p not a number', inputs: { 'top-p': 'high' }, input: 'top-p', error: /'high' is not a number/ },
    {
      name: 'reasoning-effort unknown',
      inputs: { 'reasoning-effort': 'max' },
      input: 'reasoning-effort',
      error: /'max' is not one of none, minimal, low, medium, high, xhigh/,
    },
    {
      name: 'response-format unknown',
      inputs: { 'response-format': 'xml' },
      input: 'response-format',
      error: /'xml' is not one of text, json, json-schema/,
    },
    {
      name: 'json-schema format without a schema',
      inputs: { 'response-format': 'json-schema' },
      input: 'response-format',
      error: /is json-schema but no schema is given: set json-schema .* or json-schema-file/,
    },
    {
      name: 'json-schema not JSON',
      inputs: { 'json-schema': '{type: object}' },
      input: 'json-schema',
      error: /is not valid JSON: .*position 1/,
    },
    { name: 'json-schema a list', inputs: { 'json-schema': '[1]' }, input: 'json-schema', error: /must be a JSON object .* not a list/ },
    {
      name: 'json-schema wrapper with a bad name',
      inputs: { 'json-schema': '{"name": "a b", "schema": {}}' },
      input: 'json-schema',
      error: /has name "a b"/,
    },
    {
      name: 'json-schema and json-schema-file',
      inputs: { 'json-schema': '{}', 'json-schema-file': 'x.json' },
      input: 'json-schema',
      error: /and json-schema-file are both set/,
    },
    {
      name: 'json-schema-file missing',
      inputs: { 'json-schema-file': 'no/schema.json' },
      input: 'json-schema-file',
      error: /file 'no\/schema\.json' does not exist/,
    },
    { name: 'json-schema-file not JSON', inputs: { 'json-schema-file': diff }, input: 'json-schema-file', error: /is not valid JSON/ },
    {
      name: 'a schema with response-format text',
      inputs: { 'json-schema': '{}', 'response-format': 'text' },
      input: 'json-schema',
      error: /is set but response-format is text/,
    },
    {
      name: 'system-prompt beside a file with its own system message',
      inputs: { prompt: '', 'prompt-file': fixture('simple.prompt.yml'), 'system-prompt': 'x' },
      input: 'system-prompt',
      error: /has its own system message: keep one of them/,
    },
    {
      name: 'prompt beside a .prompt.yml file',
      inputs: { 'prompt-file': fixture('simple.prompt.yml') },
      input: 'prompt',
      error: /and prompt-file are both set/,
    },
    {
      name: 'a bad prompt file',
      inputs: { prompt: '', 'prompt-file': fixture('bad/invalid-role.prompt.yml') },
      input: 'prompt-file',
      error: /invalid-role\.prompt\.yml', line 4: message 2 has role 'bot'/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      await assert.rejects(config(c.inputs), (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        assert.equal(error.input, c.input);
        assert.match(error.message, c.error);
        return true;
      });
    });
  }
});
