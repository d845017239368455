/** Debug lines of the model call's traffic never carry a credential. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRequest, redactHeaders } from '../../../src/call/redact.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

test('Authorization keeps its scheme, loses its credential; other secret headers are redacted whole', () => {
  const headers = redactHeaders({ Authorization: `Bearer ${TOKEN}`, 'api-key': 'k3y', Cookie: 'a=b', 'content-type': 'application/json' });
  assert.deepEqual(headers, {
    authorization: 'Bearer [redacted]',
    'api-key': '[redacted]',
    cookie: '[redacted]',
    'content-type': 'application/json',
  });
});

test('a request line names method, URL and body size, never the token', () => {
  const line = describeRequest('https://x.openai.azure.com/openai/v1/chat/completions', {
    method: 'POST',
    headers: new Headers({ authorization: `Bearer ${TOKEN}` }),
    body: '{"a":1}',
  });
  assert.match(
    line,
    /^HTTP request: POST https:\/\/x\.openai\.azure\.com\/openai\/v1\/chat\/completions headers .*"authorization":"Bearer \[redacted\]".* \(7 bytes of JSON\)$/,
  );
  assert.ok(!line.includes(TOKEN));
  assert.ok(!line.includes('c2lnbmF0dXJl'));
});
