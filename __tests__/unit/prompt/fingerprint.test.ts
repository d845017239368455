/** The request fingerprint: canonical (key order does not matter), and changed by every field of what is sent. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PromptMessage } from '../../../src/model-call.ts';
import type { Config } from '../../../src/config.ts';
import { readConfig } from '../../../src/inputs/read-config.ts';
import { answerDigest, canonicalJson, requestFingerprint } from '../../../src/prompt/fingerprint.ts';

const BASE = { endpoint: 'https://myres.openai.azure.com', deployment: 'gpt-5.1', prompt: 'Summarize.' };
const MESSAGES: PromptMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Summarize the diff.' },
];
const URL_ = 'https://myres.openai.azure.com/openai/v1/chat/completions';

async function config(inputs: Record<string, string> = {}): Promise<Config> {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return readConfig({ input: (name) => all[name] ?? '', env: {}, readTextFile: () => '' });
}

describe('canonicalJson', () => {
  test('keys sorted at every depth, undefined members left out, arrays in order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[2,1]},"b":1}');
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
    assert.equal(canonicalJson(['a', null, 1.5, true]), '["a",null,1.5,true]');
    assert.equal(canonicalJson('line\n"quoted"'), JSON.stringify('line\n"quoted"'));
  });
});

describe('requestFingerprint', () => {
  test('the same request gives the same hex SHA-256, whatever order its parameters were read in', async () => {
    const a = requestFingerprint({ messages: MESSAGES, url: URL_, config: await config({ temperature: '0.2', 'top-p': '0.9' }) });
    const b = requestFingerprint({
      messages: MESSAGES.map((m) => ({ content: m.content, role: m.role })),
      url: URL_,
      config: await config({ 'top-p': '0.9', temperature: '0.2' }),
    });
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(a, b);
  });

  test('every part of what is sent changes it', async () => {
    const base = await config();
    const reference = requestFingerprint({ messages: MESSAGES, url: URL_, config: base });
    const changed: Array<[string, string]> = [
      [
        'a message',
        requestFingerprint({ messages: [MESSAGES[0]!, { role: 'user', content: 'Summarize the diff!' }], url: URL_, config: base }),
      ],
      ['a role', requestFingerprint({ messages: [{ role: 'user', content: 'Be brief.' }, MESSAGES[1]!], url: URL_, config: base })],
      ['the order of messages', requestFingerprint({ messages: [...MESSAGES].reverse(), url: URL_, config: base })],
      ['a message more', requestFingerprint({ messages: [...MESSAGES, { role: 'user', content: '' }], url: URL_, config: base })],
      ['the URL', requestFingerprint({ messages: MESSAGES, url: `${URL_}?x=1`, config: base })],
      ['the deployment', requestFingerprint({ messages: MESSAGES, url: URL_, config: { ...base, deployment: 'gpt-4o' } })],
      [
        'the endpoint',
        requestFingerprint({
          messages: MESSAGES,
          url: URL_,
          config: { ...base, endpoint: { ...base.endpoint, origin: 'https://other.openai.azure.com' } },
        }),
      ],
      ['the api-version', requestFingerprint({ messages: MESSAGES, url: URL_, config: { ...base, apiVersion: '2024-10-21' } })],
    ];
    for (const [input, value] of [
      ['max-tokens', '100'],
      ['temperature', '0.5'],
      ['top-p', '0.5'],
      ['reasoning-effort', 'low'],
      ['response-format', 'json'],
      ['json-schema', '{"type":"object","properties":{"a":{"type":"string"}}}'],
    ] as const) {
      const prompt: Record<string, string> = input === 'response-format' ? { prompt: 'Answer in JSON.' } : {};
      const withParameter = await config({ [input]: value, ...prompt });
      changed.push([input, requestFingerprint({ messages: MESSAGES, url: URL_, config: withParameter })]);
    }
    const seen = new Map<string, string>([[reference, 'the reference']]);
    for (const [what, fingerprint] of changed) {
      assert.ok(!seen.has(fingerprint), `${what} gives the same fingerprint as ${seen.get(fingerprint)}`);
      seen.set(fingerprint, what);
    }
  });

  test('what is not sent does not change it (stream, timeout, comment-tag)', async () => {
    const reference = requestFingerprint({ messages: MESSAGES, url: URL_, config: await config() });
    const other = await config({ stream: 'false', timeout: '30', 'comment-tag': 'other', expect: 'OK' });
    assert.equal(requestFingerprint({ messages: MESSAGES, url: URL_, config: other }), reference);
  });
});

describe('answerDigest', () => {
  test('changed by one character of the text, by trailing white space and by the finish reason', () => {
    const reference = answerDigest({ text: 'Looks good.', finishReason: 'stop' });
    assert.match(reference, /^[0-9a-f]{64}$/);
    assert.equal(answerDigest({ text: 'Looks good.', finishReason: 'stop' }), reference);
    for (const changed of [
      { text: 'Looks good!', finishReason: 'stop' },
      { text: 'Looks good.\n', finishReason: 'stop' },
      { text: 'Looks good.', finishReason: 'length' },
    ]) {
      assert.notEqual(answerDigest(changed), reference, JSON.stringify(changed));
    }
  });
});
