/**
 * The inputs that bear on cost: prices, max-cost, service-tier and
 * prompt-cache-key, read and checked before any network call. max-cost is
 * refused here when no price is known for a deployment it would have to hold
 * over, or when no limit on the answer is known. Pure.
 */
import { type CostConfig, type PromptCacheSetting, SERVICE_TIERS, type ServiceTier, type TokenPrices } from '../config.ts';
import { lookUpPrices } from '../cost/prices.ts';
import { InputError } from '../errors.ts';
import { type NumberRule, parseNumberText } from './model-parameters.ts';

const PRICE_RULE: NumberRule = { integer: false, min: 0, max: 10_000 };
const MAX_COST_RULE: NumberRule = { integer: false, min: 0.000001, max: 100_000 };
const PRICES_FORM =
  'use words like input=1.25 cached=0.125 output=10 (USD per million tokens; input and output required, cached defaults to input, cache-write= where the model bills cache writes)';
const PRICE_NAMES = { input: 'input', cached: 'cached', output: 'output', 'cache-write': 'cacheWrite' } as const;
/** The key is sent to the service: letters, digits and a few marks, and short. */
const CACHE_KEY = /^[A-Za-z0-9._:/-]{1,64}$/;

export interface CostInputContext {
  /** The deployments a run may call (the primary, then the fallbacks), for max-cost's prices. */
  deployments: readonly string[];
  maxTokens: number | undefined;
  env: Record<string, string | undefined>;
}

export function readCostInputs(get: (name: string) => string, context: CostInputContext): CostConfig {
  const prices = readPrices(get('prices'));
  const config: CostConfig = { serviceTier: readServiceTier(get('service-tier')), promptCache: readPromptCache(get, context) };
  if (prices) config.prices = prices;
  const maxCostText = get('max-cost').replace(/^\$/, '');
  if (maxCostText !== '') {
    const value = parseNumberText(maxCostText, MAX_COST_RULE);
    if (typeof value === 'string') throw new InputError('max-cost', `${value} (US dollars, like 0.50)`);
    checkMaxCostCanHold(context, prices);
    config.maxCostUsd = value;
  }
  return config;
}

export function readServiceTier(text: string, input = 'service-tier'): ServiceTier {
  if (text === '') return 'default';
  const lower = text.toLowerCase();
  if ((SERVICE_TIERS as readonly string[]).includes(lower)) return lower as ServiceTier;
  throw new InputError(
    input,
    `'${text}' is not supported: use default (the deployment's standard processing), flex (half price, may be refused when capacity is short) or priority.`,
  );
}

export function readPrices(text: string): TokenPrices | undefined {
  if (text === '') return undefined;
  const read: Partial<Record<(typeof PRICE_NAMES)[keyof typeof PRICE_NAMES], number>> = {};
  for (const word of text.split(/\s+/)) {
    const [name = '', value, ...rest] = word.split('=');
    const names: Readonly<Record<string, (typeof PRICE_NAMES)[keyof typeof PRICE_NAMES] | undefined>> = PRICE_NAMES;
    const field = names[name.toLowerCase()];
    if (!field || value === undefined || rest.length > 0) {
      throw new InputError('prices', `'${word.slice(0, 40)}' is not a price: ${PRICES_FORM}.`);
    }
    if (read[field] !== undefined) throw new InputError('prices', `names ${name} twice: ${PRICES_FORM}.`);
    const parsed = parseNumberText(value, PRICE_RULE);
    if (typeof parsed === 'string') throw new InputError('prices', `${name}: ${parsed}`);
    read[field] = parsed;
  }
  if (read.input === undefined || read.output === undefined) {
    throw new InputError('prices', `needs both input= and output=: ${PRICES_FORM}.`);
  }
  const prices: TokenPrices = { input: read.input, cached: read.cached ?? read.input, output: read.output };
  if (read.cacheWrite !== undefined) prices.cacheWrite = read.cacheWrite;
  return prices;
}

function readPromptCache(get: (name: string) => string, context: CostInputContext): PromptCacheSetting {
  const text = get('prompt-cache-key');
  if (['none', 'false', 'off'].includes(text.toLowerCase())) return 'off';
  if (text !== '') {
    if (!CACHE_KEY.test(text)) {
      throw new InputError(
        'prompt-cache-key',
        "is sent to the service as prompt_cache_key: use 1 to 64 letters, digits, '.', '_', ':', '/' or '-', or none to send no key.",
      );
    }
    return { key: text };
  }
  const { GITHUB_REPOSITORY, GITHUB_WORKFLOW, GITHUB_JOB, GITHUB_ACTION } = context.env;
  return { scope: [GITHUB_REPOSITORY, GITHUB_WORKFLOW, GITHUB_JOB, GITHUB_ACTION].map((part) => part ?? '').join('\n') };
}

/** max-cost holds only with a price for every deployment and a limit on each answer. */
function checkMaxCostCanHold(context: CostInputContext, prices: TokenPrices | undefined): void {
  if (prices === undefined) {
    const unknown = context.deployments.filter((deployment) => !lookUpPrices(deployment));
    if (unknown.length > 0) {
      throw new InputError(
        'max-cost',
        `needs prices for deployment ${unknown.join(', ')}: its name is not a model family the action's price table knows, so the cost cannot be bounded. Set the prices input (${PRICES_FORM}).`,
      );
    }
  }
  if (context.maxTokens !== undefined) return;
  const unlimited = context.deployments.filter((deployment) => lookUpPrices(deployment)?.outputLimit === undefined);
  if (unlimited.length > 0) {
    throw new InputError(
      'max-cost',
      "needs a limit on the answer to bound the cost: set max-tokens (or maxTokens in the prompt file's modelParameters).",
    );
  }
}

/** Flex and priority processing are documented on the v1 API only: a dated api-version is refused before any call. */
export function checkTierApiVersions(
  targets: ReadonlyArray<{ apiVersion: string; serviceTier?: ServiceTier; line: number }>,
  runTier: ServiceTier,
): void {
  for (const target of targets) {
    const tier = target.serviceTier ?? runTier;
    if (tier === 'default' || target.apiVersion === 'v1') continue;
    throw new InputError(
      target.line === 0 ? 'service-tier' : 'fallbacks',
      `${target.line === 0 ? '' : `line ${target.line}: `}service tier ${tier} is sent as service_tier, which Azure documents on the v1 API only, and api-version is ${target.apiVersion}: use api-version v1 (the default), or service tier default.`,
    );
  }
}
