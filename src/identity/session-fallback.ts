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

/**
 * The codes the session answers, read whole (AADSTS7002138 is not 700213): Entra has no federated credential
 * for this job on that application at all (70021, 700211 issuer, 700212 audience, 700213 subject, 501661 an
 * issuer it cannot use) or no such application (700016), so the workflow signed in another way.
 * Not answered, by decision: 7002138 (a credential matches the subject but for letter case) and 7002137
 * (Entra names the subject it expects). A near miss shows the workflow meant to federate; hiding it behind
 * the session would keep a secret in use and the one-command fix unsaid, so the refusal is diagnosed.
 */
export const SESSION_ANSWERS = new Set([70021, 700211, 700212, 700213, 700016, 501661]);
const REFUSAL = /AADSTS(\d{1,10}):[^\n]*/;

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
      const match = REFUSAL.exec(causeChain(error).map(messageOf).join('\n'));
      const refusal = match?.[0];
      if (!refusal || !SESSION_ANSWERS.has(Number(match[1]))) throw error;
      this.fellBack = `Entra has no federated credential for this job on the azure/login session's application (${oneLine(refusal.split(' Trace ID:')[0])}), so azure/login signed in with a secret or certificate; using its Azure CLI session instead`;
      this.#log(`${this.fellBack}.`);
      this.#fallback = await this.#cli();
      return this.#fallback.getToken(scopes, options);
    }
  }
}
