/**
 * Endpoint parsing: every form users paste (issue #2, section 2) and the ones
 * that must fail before any network call; the exact routes for v1 and dated versions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Cloud } from '../../../src/endpoint/cloud.ts';
import { chatRoute, type Endpoint, isLoopbackHost, parseEndpoint } from '../../../src/endpoint/endpoint.ts';
import { InputError } from '../../../src/errors.ts';

const PUBLIC: Cloud = {
  name: 'AzurePublic',
  authorityHost: 'https://login.microsoftonline.com',
  scope: 'https://cognitiveservices.azure.com/.default',
};
const US_GOV: Cloud = {
  name: 'AzureUSGovernment',
  authorityHost: 'https://login.microsoftonline.us',
  scope: 'https://cognitiveservices.azure.us/.default',
};
const CHINA: Cloud = {
  name: 'AzureChina',
  authorityHost: 'https://login.chinacloudapi.cn',
  scope: 'https://cognitiveservices.azure.cn/.default',
};

const openai = (extra: Partial<Endpoint> = {}): Endpoint => ({
  origin: 'https://myres.openai.azure.com',
  host: 'myres.openai.azure.com',
  pathPrefix: '',
  cloud: PUBLIC,
  ...extra,
});

describe('parseEndpoint accepts every pasted form', () => {
  const cases: Array<{ name: string; input: string; expected: Endpoint }> = [
    { name: 'resource URL', input: 'https://myres.openai.azure.com', expected: openai() },
    { name: 'resource URL with a trailing slash', input: 'https://myres.openai.azure.com/', expected: openai() },
    { name: 'with /openai', input: 'https://myres.openai.azure.com/openai', expected: openai() },
    { name: 'with /openai/', input: 'https://myres.openai.azure.com/openai/', expected: openai() },
    { name: 'with /openai/v1', input: 'https://myres.openai.azure.com/openai/v1', expected: openai({ apiVersion: 'v1' }) },
    { name: 'with /openai/v1/', input: 'https://myres.openai.azure.com/openai/v1/', expected: openai({ apiVersion: 'v1' }) },
    {
      name: 'the v1 chat-completions URL',
      input: 'https://myres.openai.azure.com/openai/v1/chat/completions',
      expected: openai({ apiVersion: 'v1' }),
    },
    { name: 'upper-case scheme and host', input: 'HTTPS://MyRes.OpenAI.Azure.com', expected: openai() },
    { name: 'surrounding white space is trimmed', input: '  https://myres.openai.azure.com \n', expected: openai() },
    { name: 'explicit :443 is dropped from the origin', input: 'https://myres.openai.azure.com:443/', expected: openai() },
    { name: 'a fragment is ignored', input: 'https://myres.openai.azure.com/#overview', expected: openai() },
    {
      name: 'cognitiveservices.azure.com',
      input: 'https://myres.cognitiveservices.azure.com/',
      expected: {
        origin: 'https://myres.cognitiveservices.azure.com',
        host: 'myres.cognitiveservices.azure.com',
        pathPrefix: '',
        cloud: PUBLIC,
      },
    },
    {
      name: 'services.ai.azure.com (Foundry)',
      input: 'https://myres.services.ai.azure.com',
      expected: { origin: 'https://myres.services.ai.azure.com', host: 'myres.services.ai.azure.com', pathPrefix: '', cloud: PUBLIC },
    },
    {
      name: 'a Foundry project URL maps to the resource root',
      input: 'https://myres.services.ai.azure.com/api/projects/my-project',
      expected: { origin: 'https://myres.services.ai.azure.com', host: 'myres.services.ai.azure.com', pathPrefix: '', cloud: PUBLIC },
    },
    {
      name: 'a Foundry project URL with a trailing slash',
      input: 'https://myres.services.ai.azure.com/api/projects/my-project/',
      expected: { origin: 'https://myres.services.ai.azure.com', host: 'myres.services.ai.azure.com', pathPrefix: '', cloud: PUBLIC },
    },
    {
      name: 'US Government (.azure.us): its own scope and authority',
      input: 'https://myres.openai.azure.us',
      expected: { origin: 'https://myres.openai.azure.us', host: 'myres.openai.azure.us', pathPrefix: '', cloud: US_GOV },
    },
    {
      name: 'US Government cognitiveservices host',
      input: 'https://myres.cognitiveservices.azure.us/openai/v1/',
      expected: {
        origin: 'https://myres.cognitiveservices.azure.us',
        host: 'myres.cognitiveservices.azure.us',
        pathPrefix: '',
        cloud: US_GOV,
        apiVersion: 'v1',
      },
    },
    {
      name: 'China (.azure.cn): its own scope and authority',
      input: 'https://myres.openai.azure.cn/',
      expected: { origin: 'https://myres.openai.azure.cn', host: 'myres.openai.azure.cn', pathPrefix: '', cloud: CHINA },
    },
    { name: 'a bare resource name', input: 'myres', expected: openai() },
    {
      name: 'a bare resource name with hyphens and digits',
      input: 'my-res-01',
      expected: { ...openai(), origin: 'https://my-res-01.openai.azure.com', host: 'my-res-01.openai.azure.com' },
    },
    { name: 'a host without scheme', input: 'myres.openai.azure.com', expected: openai() },
    { name: 'a host without scheme, with /openai/v1', input: 'myres.openai.azure.com/openai/v1', expected: openai({ apiVersion: 'v1' }) },
    {
      name: "the portal's target URI: deployment and api-version extracted",
      input: 'https://myres.openai.azure.com/openai/deployments/gpt-5.1/chat/completions?api-version=2025-01-01-preview',
      expected: openai({ deployment: 'gpt-5.1', apiVersion: '2025-01-01-preview' }),
    },
    {
      name: 'a target URI on cognitiveservices with a GA version',
      input: 'https://myres.cognitiveservices.azure.com/openai/deployments/prod.chat_v2/chat/completions?api-version=2024-10-21',
      expected: {
        origin: 'https://myres.cognitiveservices.azure.com',
        host: 'myres.cognitiveservices.azure.com',
        pathPrefix: '',
        cloud: PUBLIC,
        deployment: 'prod.chat_v2',
        apiVersion: '2024-10-21',
      },
    },
    {
      name: 'a deployment URL without /chat/completions',
      input: 'https://myres.openai.azure.com/openai/deployments/d1?api-version=2024-10-21',
      expected: openai({ deployment: 'd1', apiVersion: '2024-10-21' }),
    },
    {
      name: 'an empty api-version query is ignored',
      input: 'https://myres.openai.azure.com/openai/deployments/d1/chat/completions?api-version=',
      expected: openai({ deployment: 'd1' }),
    },
    {
      name: 'loopback http on 127.0.0.1 with a port',
      input: 'http://127.0.0.1:8080',
      expected: { origin: 'http://127.0.0.1:8080', host: '127.0.0.1', pathPrefix: '', cloud: PUBLIC },
    },
    {
      name: 'loopback http on [::1] with a port and /openai/v1',
      input: 'http://[::1]:9000/openai/v1',
      expected: { origin: 'http://[::1]:9000', host: '::1', pathPrefix: '', cloud: PUBLIC, apiVersion: 'v1' },
    },
    {
      name: 'loopback http on localhost with a port',
      input: 'http://localhost:3000/',
      expected: { origin: 'http://localhost:3000', host: 'localhost', pathPrefix: '', cloud: PUBLIC },
    },
    {
      name: 'loopback https keeps https',
      input: 'https://127.0.0.1:8443',
      expected: { origin: 'https://127.0.0.1:8443', host: '127.0.0.1', pathPrefix: '', cloud: PUBLIC },
    },
    {
      name: 'loopback target URI with a dated version',
      input: 'http://127.0.0.1:4000/openai/deployments/chat/chat/completions?api-version=2024-10-21',
      expected: {
        origin: 'http://127.0.0.1:4000',
        host: '127.0.0.1',
        pathPrefix: '',
        cloud: PUBLIC,
        deployment: 'chat',
        apiVersion: '2024-10-21',
      },
    },
    {
      name: "a gateway's prefix before /openai is kept",
      input: 'https://gateway.example.com/aoai/openai/v1',
      expected: {
        origin: 'https://gateway.example.com',
        host: 'gateway.example.com',
        pathPrefix: '/aoai',
        cloud: PUBLIC,
        apiVersion: 'v1',
      },
    },
  ];
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.deepEqual(parseEndpoint(input), expected);
    });
  }
});

describe('parseEndpoint rejects bad endpoints, naming the input and what is accepted', () => {
  const cases: Array<{ name: string; input: string; expected: RegExp }> = [
    { name: 'empty', input: '', expected: /is empty/ },
    { name: 'only white space', input: '   \t', expected: /is empty/ },
    { name: 'white space inside', input: 'https://my res.openai.azure.com', expected: /contains white space/ },
    { name: 'a newline inside', input: 'https://myres.openai.azure.com\n/openai', expected: /contains white space/ },
    { name: 'http on a non-loopback host', input: 'http://myres.openai.azure.com', expected: /uses http: tokens are only sent over https/ },
    { name: 'http on a host that only looks like loopback', input: 'http://127.0.0.1.nip.io', expected: /uses http/ },
    { name: 'http on another 127/8 address', input: 'http://127.0.0.2:8080', expected: /uses http/ },
    { name: 'http on 0.0.0.0', input: 'http://0.0.0.0:8080', expected: /uses http/ },
    { name: 'ftp:', input: 'ftp://myres.openai.azure.com', expected: /scheme 'ftp:' is not supported: use https/ },
    { name: 'file:', input: 'file:///etc/passwd', expected: /scheme 'file:' is not supported/ },
    { name: 'credentials in the URL', input: 'https://user:secret@myres.openai.azure.com', expected: /must not contain credentials/ },
    { name: 'a user name only in the URL', input: 'https://apikey@myres.openai.azure.com', expected: /must not contain credentials/ },
    {
      name: 'a non-OpenAI path on an Azure host',
      input: 'https://myres.openai.azure.com/foo',
      expected: /path '\/foo' .* is not an Azure OpenAI route/,
    },
    {
      name: 'the model-inference path on a Foundry host',
      input: 'https://myres.services.ai.azure.com/models',
      expected: /is not an Azure OpenAI route/,
    },
    {
      name: 'an unknown route under /openai',
      input: 'https://myres.openai.azure.com/openai/models',
      expected: /is not an Azure OpenAI route/,
    },
    {
      name: 'the Responses API route',
      input: 'https://myres.openai.azure.com/openai/v1/responses',
      expected: /is not an Azure OpenAI route/,
    },
    {
      name: 'the legacy completions route',
      input: 'https://myres.openai.azure.com/openai/deployments/d1/completions?api-version=2024-10-21',
      expected: /is not an Azure OpenAI route/,
    },
    {
      name: 'an invalid deployment name in a target URI',
      input: 'https://myres.openai.azure.com/openai/deployments/bad%20name/chat/completions?api-version=2024-10-21',
      expected: /names deployment 'bad name', which is not a valid deployment name/,
    },
    { name: 'malformed percent-encoding', input: 'https://myres.openai.azure.com/%E0%A4%A', expected: /not valid percent-encoding/ },
    { name: 'a host ending in a dot', input: 'https://myres.openai.azure.com./', expected: /has no valid host name/ },
    { name: 'garbage', input: '::::', expected: /is not a URL or a resource name/ },
    { name: 'a scheme with no host', input: 'https://', expected: /is not a URL or a resource name/ },
    { name: 'javascript:', input: 'javascript:alert(1)', expected: /is not a URL or a resource name/ },
    { name: 'a host with characters DNS does not allow', input: 'myres!.openai.azure.com', expected: /has no valid host name/ },
    { name: 'an underscore (not a resource name, not a host)', input: 'my_resource', expected: /has no valid host name/ },
  ];
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.throws(
        () => parseEndpoint(input),
        (error: unknown) => {
          assert.ok(error instanceof InputError, `an InputError, got ${String(error)}`);
          assert.equal(error.input, 'endpoint');
          assert.match(error.message, /^Input 'endpoint': /);
          assert.match(error.message, expected);
          return true;
        },
      );
    });
  }

  test('the accepted forms are listed for a malformed URL', () => {
    assert.throws(() => parseEndpoint('ftp://x'), /Accepted forms: https:\/\/NAME\.openai\.azure\.com.*NAME \(the bare resource name\)/);
  });

  test('the credentials are not echoed back', () => {
    assert.throws(
      () => parseEndpoint('https://user:s3cr3t-value@myres.openai.azure.com'),
      (error: unknown) => error instanceof InputError && !error.message.includes('s3cr3t-value'),
    );
  });
});

describe('isLoopbackHost', () => {
  const cases: Array<{ name: string; input: string; expected: boolean }> = [
    { name: '127.0.0.1', input: '127.0.0.1', expected: true },
    { name: 'localhost', input: 'localhost', expected: true },
    { name: 'LOCALHOST', input: 'LOCALHOST', expected: true },
    { name: '[::1] as URL.hostname gives it', input: '[::1]', expected: true },
    { name: '::1', input: '::1', expected: true },
    { name: 'a public host', input: 'myres.openai.azure.com', expected: false },
    { name: 'localhost as a subdomain', input: 'localhost.example.com', expected: false },
  ];
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.equal(isLoopbackHost(input), expected);
    });
  }
});

describe('chatRoute builds the exact URL', () => {
  const cases: Array<{ name: string; endpoint: string; deployment: string; apiVersion: string; expected: ReturnType<typeof chatRoute> }> = [
    {
      name: 'v1: model goes in the body, no api-version',
      endpoint: 'https://myres.openai.azure.com',
      deployment: 'gpt-5.1',
      apiVersion: 'v1',
      expected: {
        baseURL: 'https://myres.openai.azure.com/openai/v1',
        query: {},
        url: 'https://myres.openai.azure.com/openai/v1/chat/completions',
        host: 'myres.openai.azure.com',
      },
    },
    {
      name: 'v1 from a pasted /openai/v1/ (no doubled segment)',
      endpoint: 'https://myres.openai.azure.com/openai/v1/',
      deployment: 'd1',
      apiVersion: 'v1',
      expected: {
        baseURL: 'https://myres.openai.azure.com/openai/v1',
        query: {},
        url: 'https://myres.openai.azure.com/openai/v1/chat/completions',
        host: 'myres.openai.azure.com',
      },
    },
    {
      name: 'dated GA version',
      endpoint: 'https://myres.openai.azure.com/openai',
      deployment: 'gpt-5.1',
      apiVersion: '2024-10-21',
      expected: {
        baseURL: 'https://myres.openai.azure.com/openai/deployments/gpt-5.1',
        query: { 'api-version': '2024-10-21' },
        url: 'https://myres.openai.azure.com/openai/deployments/gpt-5.1/chat/completions?api-version=2024-10-21',
        host: 'myres.openai.azure.com',
      },
    },
    {
      name: 'dated preview version',
      endpoint: 'myres',
      deployment: 'd1',
      apiVersion: '2025-04-01-preview',
      expected: {
        baseURL: 'https://myres.openai.azure.com/openai/deployments/d1',
        query: { 'api-version': '2025-04-01-preview' },
        url: 'https://myres.openai.azure.com/openai/deployments/d1/chat/completions?api-version=2025-04-01-preview',
        host: 'myres.openai.azure.com',
      },
    },
    {
      name: 'dated version from a pasted target URI',
      endpoint: 'https://myres.openai.azure.com/openai/deployments/d1/chat/completions?api-version=2024-10-21',
      deployment: 'd1',
      apiVersion: '2024-10-21',
      expected: {
        baseURL: 'https://myres.openai.azure.com/openai/deployments/d1',
        query: { 'api-version': '2024-10-21' },
        url: 'https://myres.openai.azure.com/openai/deployments/d1/chat/completions?api-version=2024-10-21',
        host: 'myres.openai.azure.com',
      },
    },
    {
      name: 'sovereign host, v1',
      endpoint: 'https://myres.openai.azure.us/',
      deployment: 'd1',
      apiVersion: 'v1',
      expected: {
        baseURL: 'https://myres.openai.azure.us/openai/v1',
        query: {},
        url: 'https://myres.openai.azure.us/openai/v1/chat/completions',
        host: 'myres.openai.azure.us',
      },
    },
    {
      name: 'loopback emulator with a port, dated',
      endpoint: 'http://127.0.0.1:4000',
      deployment: 'chat',
      apiVersion: '2024-10-21',
      expected: {
        baseURL: 'http://127.0.0.1:4000/openai/deployments/chat',
        query: { 'api-version': '2024-10-21' },
        url: 'http://127.0.0.1:4000/openai/deployments/chat/chat/completions?api-version=2024-10-21',
        host: '127.0.0.1',
      },
    },
    {
      name: 'IPv6 loopback, v1',
      endpoint: 'http://[::1]:9000/',
      deployment: 'd1',
      apiVersion: 'v1',
      expected: { baseURL: 'http://[::1]:9000/openai/v1', query: {}, url: 'http://[::1]:9000/openai/v1/chat/completions', host: '::1' },
    },
    {
      name: "a gateway's prefix is kept",
      endpoint: 'https://gateway.example.com/aoai/openai',
      deployment: 'd1',
      apiVersion: '2024-10-21',
      expected: {
        baseURL: 'https://gateway.example.com/aoai/openai/deployments/d1',
        query: { 'api-version': '2024-10-21' },
        url: 'https://gateway.example.com/aoai/openai/deployments/d1/chat/completions?api-version=2024-10-21',
        host: 'gateway.example.com',
      },
    },
  ];
  for (const { name, endpoint, deployment, apiVersion, expected } of cases) {
    test(name, () => {
      assert.deepEqual(chatRoute(parseEndpoint(endpoint), deployment, apiVersion), expected);
    });
  }
});
