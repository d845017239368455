/**
 * Federating as the service principal an azure/login session names, with
 * that session as the way back: when Entra finds no federated credential for
 * this job on that application, azure/login signed in with a secret or a
 * certificate, and its Azure CLI session is the identity the workflow meant.
 * Said in the log; any other refusal is reported as it is.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { causeChain } from '../cause-chain.ts';
import { messageOf } from '../errors.ts';
import { oneLine } from '../secrets.ts';

/** Entra's "this application does not trust this job's ID token" codes (issuer, subject, audience, or no such app). */
const NO_FEDERATION = /AADSTS(70021|700211|700212|700213|700016|501661):[^\n]*/;

export class SessionFederation implements TokenCredential {
  readonly #federation: TokenCredential;
  readonly #cli: () => Promise<TokenCredential>;
  readonly #log: (message: string) => void;
  #fallback: TokenCredential | undefined;
  /** Why the CLI session answers instead, once it does. */
  fellBack: string | undefined;

  constructor(federation: TokenCredential, cli: () => Promise<TokenCredential>, log: (message: string) => void) {
    this.#federation = federation;
    this.#cli = cli;
    this.#log = log;
  }

  get method(): 'github-oidc' | 'azure-cli' {
    return this.#fallback ? 'azure-cli' : 'github-oidc';
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    if (this.#fallback) return this.#fallback.getToken(scopes, options);
    try {
      return await this.#federation.getToken(scopes, options);
    } catch (error) {
      const refusal = NO_FEDERATION.exec(causeChain(error).map(messageOf).join('\n'))?.[0];
      if (!refusal) throw error;
      this.fellBack = `Entra has no federated credential for this job on the azure/login session's application (${oneLine(refusal.split(' Trace ID:')[0])}), so azure/login signed in with a secret or certificate; using its Azure CLI session instead`;
      this.#log(`${this.fellBack}.`);
      this.#fallback = await this.#cli();
      return this.#fallback.getToken(scopes, options);
    }
  }
}
