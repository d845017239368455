/** Unsigned JWTs for tests: the modules under test only decode claims, never verify. */
export function fakeJwt(claims: Record<string, unknown>, signature = 'c2lnbmF0dXJlLW5vdC1jaGVja2Vk'): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${signature}`;
}
