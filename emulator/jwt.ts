// RS256 JWTs with node:crypto only. Each signer owns a fresh RSA key generated at start, so
// tokens from one emulator run are worthless anywhere else.

import { createHash, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type Claims = Record<string, unknown>;

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Claims;
  signingInput: string;
  signature: Buffer;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export class JwtSigner {
  readonly kid: string;
  readonly x5t: string;
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Every token this signer minted, so a test can scan a run's logs and files for them. */
  readonly issued: string[] = [];

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    // Entra and GitHub both use a thumbprint-like kid; a hash of the public key is stable per run.
    const der = publicKey.export({ type: 'spki', format: 'der' });
    this.x5t = createHash('sha1').update(der).digest('base64url');
    this.kid = this.x5t;
  }

  sign(payload: Claims, extraHeader: Record<string, unknown> = {}): string {
    const header = { typ: 'JWT', alg: 'RS256', x5t: this.x5t, kid: this.kid, ...extraHeader };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const sig = sign('sha256', Buffer.from(input), this.privateKey);
    const token = `${input}.${b64url(sig)}`;
    this.issued.push(token);
    return token;
  }

  jwk(): Record<string, unknown> {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { kty: 'RSA', use: 'sig', alg: 'RS256', kid: this.kid, x5t: this.x5t, n: jwk.n, e: jwk.e };
  }

  verify(token: string): VerifyResult {
    return verifyJwt(token, this.publicKey);
  }
}

export function decodeJwt(token: string): DecodedJwt | null {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return null;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Claims,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return null;
  }
}

export type VerifyResult =
  | { ok: true; payload: Claims; header: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'algorithm' | 'signature'; payload?: Claims };

// Signature only: time and audience checks belong to each service, which answers with its own error.
function verifyJwt(token: string, publicKey: KeyObject): VerifyResult {
  const d = decodeJwt(token);
  if (!d) return { ok: false, reason: 'malformed' };
  if (d.header.alg !== 'RS256') return { ok: false, reason: 'algorithm', payload: d.payload };
  const good = verify('sha256', Buffer.from(d.signingInput), publicKey, d.signature);
  return good ? { ok: true, payload: d.payload, header: d.header } : { ok: false, reason: 'signature', payload: d.payload };
}

// A claim as text for a message or a comparison: strings as they are, numbers and booleans
// spelled out, and anything else (absent, null, objects) as ''.
export function claimString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// Apply overrides; an override whose value is undefined removes the claim (e.g. { exp: undefined }).
export function withOverrides(base: Claims, overrides: Claims = {}): Claims {
  const out: Claims = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

export function newJti(): string {
  return randomUUID();
}
