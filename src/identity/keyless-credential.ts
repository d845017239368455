/**
 * The one @azure/identity class the keyless path (GitHub OIDC → Entra) needs,
 * re-exported statically so that the bundler keeps only it and what it
 * imports: a dynamic import('@azure/identity') keeps every credential of the
 * package, since any export could be read from it.
 */
export { ClientAssertionCredential } from '@azure/identity';
