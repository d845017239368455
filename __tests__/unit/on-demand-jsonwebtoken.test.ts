/** The bundle's stand-in for `jsonwebtoken`: the real module, evaluated on the first call (see src/on-demand/jsonwebtoken.cjs). */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import standIn from '../../src/on-demand/jsonwebtoken.cjs';

const require = createRequire(import.meta.url);
const realPath = require.resolve('jsonwebtoken/index.js');

// One test, in order: whether the real module is loaded is process-wide.
test('importing the stand-in does not load jsonwebtoken; its first sign() does, and signs with the real one', () => {
  assert.equal(require.cache[realPath], undefined, 'jsonwebtoken is not loaded by the import');

  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signed = standIn.sign({ sub: 'stand-in' }, privateKey, { algorithm: 'RS256', header: { alg: 'RS256', x5t: 'thumbprint' } });
  assert.ok(require.cache[realPath], 'the first sign() loads it');

  const real = require('jsonwebtoken/index.js') as { verify(token: string, key: unknown): unknown };
  assert.equal((real.verify(signed, publicKey) as { sub: string }).sub, 'stand-in', 'the real module verifies what the stand-in signed');
  assert.equal((standIn.verify(signed, publicKey) as { sub: string }).sub, 'stand-in');
  assert.equal((standIn.decode(signed) as { sub: string }).sub, 'stand-in');
});
