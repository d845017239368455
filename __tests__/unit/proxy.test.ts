/** The one proxy rule (routing as undici reads the variables) and the classification of failures at the proxy. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import type { RunFacts } from '../../src/github-context/run-facts.ts';
import { ActionFailure } from '../../src/errors.ts';
import { IdentityError } from '../../src/identity/identity-error.ts';
import { proxyErrorOf, proxyRoute } from '../../src/proxy.ts';

const ENTRA = new URL('https://login.microsoftonline.com/t/oauth2/v2.0/token');
const RUN: RunFacts = { event: { name: 'push', ref: 'refs/heads/main', sha: 'abc123', fromFork: false }, actor: 'octocat' };

describe('proxyRoute', () => {
  test('names host:port and the variable as spelled, never the credentials', () => {
    assert.deepEqual(proxyRoute(ENTRA, { HTTPS_PROXY: 'http://user:secret@proxy.corp:3128' }), {
      proxy: 'proxy.corp:3128',
      variable: 'HTTPS_PROXY',
    });
    assert.deepEqual(proxyRoute(ENTRA, { https_proxy: 'proxy.corp' }), { proxy: 'proxy.corp:80', variable: 'https_proxy' });
  });
  test('lower case first; https falls back to HTTP_PROXY, http never uses HTTPS_PROXY', () => {
    assert.equal(proxyRoute(ENTRA, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })?.proxy, 'a:1');
    assert.equal(proxyRoute(ENTRA, { HTTP_PROXY: 'http://h:1' })?.variable, 'HTTP_PROXY');
    assert.equal(proxyRoute(new URL('http://x.example/'), { HTTPS_PROXY: 'http://s:1' }), undefined);
  });
  test('NO_PROXY as undici reads it: *, exact hosts, .suffix, host:port', () => {
    const env = { HTTPS_PROXY: 'http://p:1' };
    assert.equal(proxyRoute(ENTRA, { ...env, NO_PROXY: '*' }), undefined);
    assert.equal(proxyRoute(ENTRA, { ...env, no_proxy: 'login.microsoftonline.com' }), undefined);
    assert.equal(proxyRoute(ENTRA, { ...env, NO_PROXY: '.microsoftonline.com' }), undefined);
    assert.equal(proxyRoute(ENTRA, { ...env, NO_PROXY: 'login.microsoftonline.com:443' }), undefined);
    assert.ok(proxyRoute(ENTRA, { ...env, NO_PROXY: 'login.microsoftonline.com:8443' }));
    assert.ok(proxyRoute(ENTRA, { ...env, NO_PROXY: 'microsoftonline.com' }));
  });
  test('the managed identity endpoint is never proxied', () => {
    const env = { HTTP_PROXY: 'http://p:1', AZURE_POD_IDENTITY_AUTHORITY_HOST: 'http://10.0.0.5:2377' };
    assert.equal(proxyRoute(new URL('http://169.254.169.254/metadata/identity/oauth2/token'), env), undefined);
    assert.equal(proxyRoute(new URL('http://10.0.0.5:2377/metadata/identity/oauth2/token'), env), undefined);
  });
  test('nor the host-local endpoints App Service, Arc, Service Fabric and Cloud Shell name; other hosts still are', () => {
    const proxy = { HTTP_PROXY: 'http://p:1', HTTPS_PROXY: 'http://p:1' };
    const cases: [Record<string, string>, string][] = [
      [{ IDENTITY_ENDPOINT: 'http://127.0.0.1:41741/MSI/token/' }, 'http://127.0.0.1:41741/MSI/token/?resource=x'],
      [{ IMDS_ENDPOINT: 'http://localhost:40342' }, 'http://localhost:40342/metadata/identity/oauth2/token'],
      [
        { IDENTITY_ENDPOINT: 'https://10.0.0.4:2377/metadata/identity/oauth2/token' },
        'https://10.0.0.4:2377/metadata/identity/oauth2/token',
      ],
      [{ MSI_ENDPOINT: 'http://localhost:50342/oauth2/token' }, 'http://localhost:50342/oauth2/token'],
    ];
    for (const [variables, url] of cases) {
      assert.equal(proxyRoute(new URL(url), { ...proxy, ...variables }), undefined, url);
      // Another port of the same host is not the endpoint.
      const other = new URL(url);
      other.port = '8080';
      assert.ok(proxyRoute(other, { ...proxy, ...variables }), other.href);
    }
    assert.ok(proxyRoute(new URL('http://127.0.0.1:41741/'), { ...proxy, IDENTITY_ENDPOINT: 'not a url' }));
  });
});

describe('proxyErrorOf', () => {
  const env = { HTTPS_PROXY: 'http://user:secret@127.0.0.1:3128' };
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3128'), { code: 'ECONNREFUSED', port: 3128 });
  test("a connection error to the proxy's port, anywhere in the cause chain", () => {
    const error = proxyErrorOf(new TypeError('fetch failed', { cause: refused }), ENTRA, env);
    assert.equal(error?.code, 'ECONNREFUSED');
    assert.equal(error?.proxy, '127.0.0.1:3128');
    assert.doesNotMatch(error?.message ?? '', /secret/);
  });
  test("undici's refused tunnel carries the status", () => {
    const tunnel = new Error('Proxy response (407) !== 200 when HTTP Tunneling');
    assert.equal(proxyErrorOf(new TypeError('fetch failed', { cause: new Error('x', { cause: tunnel }) }), ENTRA, env)?.status, 407);
    assert.equal(proxyErrorOf(undefined, ENTRA, env, 502)?.status, 502);
  });
  test('not the proxy: another port, a reset, a direct request', () => {
    assert.equal(proxyErrorOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED', port: 443 }), ENTRA, env), undefined);
    assert.equal(proxyErrorOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }), ENTRA, env), undefined);
    assert.equal(proxyErrorOf(refused, ENTRA, {}), undefined);
  });
});

describe('diagnose: a failure at the proxy', () => {
  const env = { HTTPS_PROXY: 'http://user:secret@127.0.0.1:3128' };
  const proxyError = proxyErrorOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED', port: 3128 }), ENTRA, env);
  test('Entra: the proxy, its variable and the fix, never "tenant not found"', () => {
    const text = diagnose(new IdentityError('github-oidc', proxyError), RUN);
    assert.match(
      text,
      /^Could not reach the proxy 127\.0\.0\.1:3128 \(from HTTPS_PROXY\) for Microsoft Entra ID \(login\.microsoftonline\.com\) \(ECONNREFUSED\)/,
    );
    assert.match(text, /NO_PROXY=login\.microsoftonline\.com/);
    assert.doesNotMatch(text, /secret|Tenant/);
  });
  test('the GitHub API (an ActionFailure wrapping the request error)', () => {
    const github = proxyErrorOf(
      new TypeError('fetch failed', { cause: new Error('Proxy response (403) !== 200 when HTTP Tunneling') }),
      new URL('https://api.github.com/repos/o/r'),
      env,
    );
    const text = diagnose(
      new ActionFailure('Could not read the pull request', {
        cause: new Error('fetch failed', { cause: github }),
        topic: 'githubUnreachable',
      }),
      RUN,
    );
    assert.match(
      text,
      /^The proxy 127\.0\.0\.1:3128 \(from HTTPS_PROXY\) refused to connect to the GitHub API \(api\.github\.com\): it answered CONNECT with 403/,
    );
  });
});
