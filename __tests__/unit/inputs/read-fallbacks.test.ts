/** The fallbacks input: each accepted form, and every bad line refused naming its number and what is accepted. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseEndpoint } from '../../../src/endpoint/endpoint.ts';
import { InputError } from '../../../src/errors.ts';
import { MAX_FALLBACK_LINE_CHARS, MAX_FALLBACKS, readFallbacks } from '../../../src/inputs/read-fallbacks.ts';

const PRIMARY = { endpoint: parseEndpoint('https://myres.openai.azure.com'), deployment: 'gpt-5.1', apiVersion: 'v1' };

const read = (text: string, allowCustom = false) => readFallbacks(text, PRIMARY, allowCustom);

function refused(text: string, pattern: RegExp, allowCustom = false): void {
  assert.throws(
    () => read(text, allowCustom),
    (error: unknown) => {
      assert.ok(error instanceof InputError, String(error));
      assert.equal(error.input, 'fallbacks');
      assert.match(error.message, /^Input 'fallbacks': /);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('readFallbacks: accepted', () => {
  test('empty or blank: no fallbacks', () => {
    assert.equal(read(''), undefined);
    assert.equal(read('  \n\n \r\n'), undefined);
  });

  test('a deployment name: on the primary endpoint, with its api-version; line numbers count blank lines', () => {
    const [first, second] = read('\nbackup\n\n  gpt-4.1-mini  \r\n') ?? [];
    assert.deepEqual(first, { endpoint: PRIMARY.endpoint, deployment: 'backup', apiVersion: 'v1', line: 2 });
    assert.equal(second?.deployment, 'gpt-4.1-mini');
    assert.equal(second?.line, 4);
  });

  test('an endpoint in each accepted form, a space and a deployment', () => {
    const forms: Array<[string, string]> = [
      ['res2', 'https://res2.openai.azure.com'],
      ['res2.openai.azure.com', 'https://res2.openai.azure.com'],
      ['https://res2.openai.azure.com/openai/v1', 'https://res2.openai.azure.com'],
      ['https://res2.cognitiveservices.azure.com', 'https://res2.cognitiveservices.azure.com'],
      ['https://res2.services.ai.azure.com', 'https://res2.services.ai.azure.com'],
      ['https://gw.azure-api.net/team', 'https://gw.azure-api.net'],
      ['http://localhost:8080', 'http://localhost:8080'],
    ];
    for (const [endpoint, origin] of forms) {
      const [target] = read(`${endpoint}\tbackup`) ?? [];
      assert.equal(target?.endpoint.origin, origin, endpoint);
      assert.equal(target?.deployment, 'backup', endpoint);
    }
    assert.equal(read('https://gw.azure-api.net/team backup')?.[0]?.endpoint.pathPrefix, '/team');
  });

  test("a pasted target URI names its deployment and api-version; a deployment after it wins, as the deployment input's does", () => {
    const uri = 'https://res2.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
    assert.deepEqual(
      read(uri)?.map(({ deployment, apiVersion }) => ({ deployment, apiVersion })),
      [{ deployment: 'gpt-4o', apiVersion: '2024-10-21' }],
    );
    assert.equal(read(`${uri} other`)?.[0]?.deployment, 'other');
    assert.equal(read('https://res2.openai.azure.com/openai/v1 d')?.[0]?.apiVersion, 'v1');
  });

  test(`${MAX_FALLBACKS} entries are accepted; the same deployment on another resource is another entry`, () => {
    assert.equal(read(Array.from({ length: MAX_FALLBACKS }, (_, i) => `d${i}`).join('\n'))?.length, MAX_FALLBACKS);
    assert.equal(read('res2 gpt-5.1\nres3 gpt-5.1')?.length, 2);
  });

  test('allow-custom-endpoint lets any https host in, as for the endpoint input', () => {
    assert.equal(read('https://gateway.example.com d', true)?.[0]?.endpoint.host, 'gateway.example.com');
  });
});

describe('readFallbacks: refused before any network call', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'three words',
      'res2 d extra',
      /line 1 \('res2 d extra'\): has 3 words; at most an endpoint, a deployment and a service tier\. Each line is a deployment name/,
    ],
    ['a bad deployment name', 'd1\nbad*name', /line 2 \('bad\*name'\): 'bad\*name' is not a valid deployment name: use 1 to 64 letters/],
    ['a bad deployment after an endpoint', 'res2 -bad', /line 1 \('res2 -bad'\): '-bad' is not a valid deployment name/],
    [
      'an Azure host alone',
      'res2.openai.azure.com',
      /names endpoint 'res2\.openai\.azure\.com' but no deployment: add a space and the deployment name/,
    ],
    ['a URL alone', 'https://res2.openai.azure.com/openai/v1', /but no deployment/],
    [
      'a host off the allow-list',
      'https://gateway.example.com d',
      /host 'gateway\.example\.com' is not an Azure OpenAI, Azure AI or API Management host.+allow-custom-endpoint: true/,
    ],
    ['http off loopback', 'http://res2.openai.azure.com d', /line 1 \('.+'\): '.+' uses http: tokens are only sent over https/],
    ['credentials in the URL', 'https://u:p@res2.openai.azure.com d', /must not contain credentials/],
    ['an unparseable endpoint', 'https://res2.openai.azure.com/wrong/path d', /is not an Azure OpenAI route/],
    [
      'a bad api-version in a target URI',
      'https://res2.openai.azure.com/openai/deployments/d/chat/completions?api-version=latest',
      /names api-version 'latest', which is not supported/,
    ],
    [
      'another cloud',
      'https://res2.openai.azure.cn d',
      /host 'res2\.openai\.azure\.cn' is in AzureChina, the endpoint input's in AzurePublic: one run signs in to one cloud/,
    ],
    [
      'the primary again',
      'gpt-5.1',
      /line 1 \('gpt-5.1'\): names deployment 'gpt-5.1' on myres\.openai\.azure\.com again \(as the endpoint and deployment inputs\)/,
    ],
    ['the primary by its endpoint', 'myres gpt-5.1', /again \(as the endpoint and deployment inputs\)/],
    [
      'a repeated entry',
      'res2 d\n\nhttps://res2.openai.azure.com/openai/v1 d',
      /line 3 \('.+'\): names deployment 'd' on res2\.openai\.azure\.com again \(as line 1\): each deployment is tried once per service tier/,
    ],
    [
      'too many entries',
      Array.from({ length: MAX_FALLBACKS + 1 }, (_, i) => `d${i}`).join('\n'),
      /has 11 entries; at most 10 are accepted/,
    ],
    [
      'a line too long, quoted short',
      `res2 ${'d'.repeat(MAX_FALLBACK_LINE_CHARS)}`,
      /line 1 \('res2 d{115}…'\): is 1005 characters long; at most 1000 are accepted/,
    ],
  ];
  for (const [name, text, pattern] of cases) test(name, () => refused(text, pattern));

  test('the first bad line is the one named', () => refused('ok-1\nbad*\nalso bad*', /line 2 /));
});

describe('readFallbacks: service tiers', () => {
  test('a line may end with service-tier=…; the same deployment on another tier is a new entry', () => {
    const flexPrimary = { ...PRIMARY, serviceTier: 'flex' as const };
    const targets = readFallbacks('gpt-5.1 service-tier=default\nres2 backup SERVICE-TIER=flex\nother', flexPrimary, false);
    assert.deepEqual(
      targets?.map(({ deployment, serviceTier, endpoint }) => ({ deployment, serviceTier, host: endpoint.host })),
      [
        { deployment: 'gpt-5.1', serviceTier: 'default', host: 'myres.openai.azure.com' },
        { deployment: 'backup', serviceTier: 'flex', host: 'res2.openai.azure.com' },
        { deployment: 'other', serviceTier: undefined, host: 'myres.openai.azure.com' },
      ],
    );
  });

  test('the same deployment on the same tier is refused; so is an unknown tier, naming the line', () => {
    refused('gpt-5.1 service-tier=default', /names deployment 'gpt-5.1' on myres\.openai\.azure\.com again .* once per service tier/);
    refused('backup service-tier=batch', /line 1 \('backup service-tier=batch'\): 'batch' is not supported: use default/);
    refused('res2 backup extra service-tier=flex', /has 4 words; at most an endpoint, a deployment and a service tier/);
  });
});
