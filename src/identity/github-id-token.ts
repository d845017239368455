/**
 * The GitHub ID token used as the client assertion. It lives only a few
 * minutes, so it is fetched on demand and reused while it has more than a
 * minute left: a job that runs for hours keeps federating.
 */
import { type Claims, decodeClaims, secondsLeft } from './jwt-claims.ts';

/** Fetches (and masks) a GitHub ID token for an audience (runner-id-token.ts). */
export type IdTokenFetcher = (audience: string) => Promise<string>;

const MIN_SECONDS_LEFT = 60;

export class GithubIdTokenAssertion {
  readonly #fetch: IdTokenFetcher;
  readonly #audience: string;
  readonly #now: () => number;
  #token: string | undefined;
  #claims: Claims | undefined;
  #inFlight: Promise<string> | undefined;
  /** A prefetch's result that no get() has taken yet: delivered once, success or failure. */
  #prefetched: Promise<string> | undefined;
  /** How many ID tokens were requested from the runner. */
  requests = 0;

  constructor(options: { fetch: IdTokenFetcher; audience: string; now?: () => number }) {
    this.#fetch = options.fetch;
    this.#audience = options.audience;
    this.#now = options.now ?? Date.now;
  }

  /** Claims of the last ID token (iss, sub, aud): what a federated credential must match. */
  get claims(): Claims | undefined {
    return this.#claims;
  }

  /**
   * Starts fetching now, so the request is in flight while `@azure/identity`
   * loads; the next get() receives its result (a failure included, so a
   * refused request is not sent twice).
   */
  prefetch(): void {
    if (this.#prefetched || this.#inFlight || this.#token !== undefined) return;
    const pending = this.get();
    pending.catch(() => undefined); // reported by the get() that takes it
    this.#prefetched = pending;
  }

  async get(): Promise<string> {
    const prefetched = this.#prefetched;
    this.#prefetched = undefined;
    if (prefetched) return prefetched;
    const left = secondsLeft(this.#claims, this.#now());
    if (this.#token !== undefined && (left === undefined || left > MIN_SECONDS_LEFT)) return this.#token;
    this.#inFlight ??= this.#request().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #request(): Promise<string> {
    this.requests += 1;
    const token = await this.#fetch(this.#audience);
    this.#token = token;
    this.#claims = decodeClaims(token);
    return token;
  }
}
