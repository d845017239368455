/**
 * What the bundle gives `@actions/http-client` and `@actions/github` when
 * they import `undici` (tsconfig.json `paths`, which ncc follows): the real
 * undici, loaded only when it is needed.
 *
 * Why: `@actions/core` imports `@actions/http-client`, whose top-level
 * `import { ProxyAgent } from 'undici'` would load all of undici (1 MB) on
 * every run, although it is used only for a proxy dispatcher of
 * `@actions/github`'s fetch (actions/toolkit#1697). Loading it cost about
 * 15 ms of a 175 ms run, and parsing it about 10 ms more (npm run bench).
 *
 * `fetch` loads undici on its first call. `ProxyAgent` is constructed
 * synchronously, so whoever may construct one (context/github-client.ts,
 * before creating Octokit) awaits loadUndici() first.
 */
import type * as Undici from 'undici/index.js';

type UndiciModule = typeof Undici;

let loaded: UndiciModule | undefined;

/** Loads undici (its own chunk in the bundle); later calls return the same module. */
export async function loadUndici(): Promise<UndiciModule> {
  // The deep path is not the bare 'undici' mapped to this file.
  loaded ??= await import('undici/index.js');
  return loaded;
}

export const fetch: UndiciModule['fetch'] = async (...args) => (await loadUndici()).fetch(...args);

/** Called with `new` by @actions/http-client: returns the real ProxyAgent, which `new` then yields. */
export function ProxyAgent(...args: ConstructorParameters<UndiciModule['ProxyAgent']>): InstanceType<UndiciModule['ProxyAgent']> {
  if (!loaded) throw new Error('on-demand undici: a ProxyAgent was constructed before loadUndici() finished.');
  return new loaded.ProxyAgent(...args);
}
