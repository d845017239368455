/**
 * Reads a JWT's claims without verifying it: only to name the principal,
 * subject or audience in an error message. The token itself is never printed.
 */

export type Claims = Record<string, unknown>;

export function decodeClaims(token: string): Claims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Claims) : undefined;
  } catch {
    return undefined;
  }
}

export function claimText(claims: Claims | undefined, name: string): string | undefined {
  const value = claims?.[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  return undefined;
}

/** Seconds left before `exp`, or undefined when the token carries none. */
export function secondsLeft(claims: Claims | undefined, nowMs: number): number | undefined {
  const exp = claims?.exp;
  return typeof exp === 'number' ? exp - nowMs / 1000 : undefined;
}
