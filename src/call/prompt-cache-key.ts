/**
 * prompt_cache_key for one entry of the chain. By default it is derived from
 * the repository, the step and the deployment, so runs of the same step share
 * a cache and other steps do not crowd it; a digest, so nothing of the names
 * goes to the service. Sent on the v1 API only: the dated api-versions'
 * request schemas predate the field. Pure.
 */
import { createHash } from 'node:crypto';
import type { PromptCacheSetting } from '../config.ts';

export function promptCacheKeyFor(
  setting: PromptCacheSetting | undefined,
  target: { deployment: string; apiVersion: string },
): string | undefined {
  if (setting === undefined || setting === 'off' || target.apiVersion !== 'v1') return undefined;
  if ('key' in setting) return setting.key;
  const digest = createHash('sha256').update(`${setting.scope}\n${target.deployment}`).digest('hex');
  return `aok-${digest.slice(0, 32)}`;
}
