// Azure OpenAI's prompt cache as the service counts it (Microsoft's prompt caching page, in the facts file): a
// prompt that repeats the prefix of an earlier one routed the same way (the same deployment and prompt_cache_key)
// has that prefix served from cache once it is at least 1,024 tokens long, counted in 128-token steps. Models that
// bill cache writes (gpt-5.6 and later) also say how many tokens the request wrote to the cache. Tokens are the
// emulator's (4 characters each); the cache forgets nothing within a test, and the emulator's reset empties it.

const CACHE_MIN_TOKENS = 1024;
const CACHE_STEP_TOKENS = 128;
const CHARS_PER_TOKEN = 4;
/** Bounds on what is kept: the latest prompts per route, and routes. */
const PROMPTS_PER_ROUTE = 8;
const ROUTES_KEPT = 256;

export interface CacheUse {
  cachedTokens: number;
  /** Present only for a model that bills cache writes. */
  cacheWriteTokens?: number;
}

/** The tokens of a prefix the cache can hold: none under 1,024, else whole 128-token steps. */
export function cacheableTokens(tokens: number): number {
  return tokens < CACHE_MIN_TOKENS ? 0 : Math.floor(tokens / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS;
}

/** gpt-5.6 and later families bill cache writes (prices.ts names the source). */
export function billsCacheWrites(model: string): boolean {
  const match = /^gpt-(\d+)(?:\.(\d+))?/.exec(model);
  if (!match) return false;
  const major = Number(match[1]);
  return major > 5 || (major === 5 && Number(match[2] ?? 0) >= 6);
}

function sharedPrefixChars(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export class PromptCache {
  readonly #routes = new Map<string, string[]>();

  /** What this prompt is served from cache (and writes to it), then remembers it for the next request on its route. */
  use(route: { deployment: string; key?: string }, prompt: string, promptTokens: number, billsWrites: boolean): CacheUse {
    const name = `${route.deployment}\u0000${route.key ?? ''}`;
    const seen = this.#routes.get(name) ?? [];
    const sharedChars = seen.reduce((most, earlier) => Math.max(most, sharedPrefixChars(earlier, prompt)), 0);
    const cachedTokens = cacheableTokens(Math.min(promptTokens, Math.floor(sharedChars / CHARS_PER_TOKEN)));
    this.#remember(name, seen, prompt);
    if (!billsWrites) return { cachedTokens };
    return { cachedTokens, cacheWriteTokens: Math.max(0, cacheableTokens(promptTokens) - cachedTokens) };
  }

  clear(): void {
    this.#routes.clear();
  }

  #remember(name: string, seen: string[], prompt: string): void {
    this.#routes.delete(name);
    if (this.#routes.size >= ROUTES_KEPT) {
      const oldest = this.#routes.keys().next().value;
      if (oldest !== undefined) this.#routes.delete(oldest);
    }
    this.#routes.set(name, [...seen.filter((earlier) => earlier !== prompt), prompt].slice(-PROMPTS_PER_ROUTE));
  }
}
