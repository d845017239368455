/**
 * List prices per model family, USD per million tokens, for Azure OpenAI's
 * Global Standard deployments, checked on PRICES_CHECKED. The figures are
 * OpenAI's standard price list as transcribed on 2026-02-07
 * (karstenheld3/SharePoint-GPT-Middleware,
 * .windsurf/skills/llm-evaluation/pricing-sources/2026-02-07_OpenAI-ModelPricing-Standard.md).
 * Azure's own pricing page (azure.microsoft.com/pricing/details/azure-openai/)
 * could not be read here: it renders its prices in the browser, and a capture
 * of 2026-10-07 holds only "$-" placeholders
 * (api-evangelist/microsoft-azure-openai, plans/microsoft-azure-openai-plans-pricing.yml).
 * A third-party transcription of Azure's Global rates for the gpt-4.1 family
 * matches these figures (gpt-4.1-nano's cached input shown rounded, $0.03);
 * the gpt-5 family's are unconfirmed against Azure's page.
 * Families whose prices could not be sourced here (gpt-5.4 and later, the
 * o-series) are left out: they get no estimate, never a guessed one. None of
 * these families bills cache writes (Microsoft's prompt caching page: only
 * gpt-5.6 and later do), so none has a cache-write price. The output limits
 * are the models' documented maximum completion tokens, used by max-cost when
 * max-tokens is not set. Pure.
 */
import type { TokenPrices } from '../config.ts';

export const PRICES_CHECKED = '2026-12-07';

export interface PriceEntry extends TokenPrices {
  family: string;
  /** The most output tokens one answer may have. */
  outputLimit?: number;
}

const GPT5_OUTPUT = 128_000;

const PRICE_TABLE: readonly PriceEntry[] = [
  { family: 'gpt-5.2', input: 1.75, cached: 0.175, output: 14, outputLimit: GPT5_OUTPUT },
  { family: 'gpt-5.2-pro', input: 21, cached: 21, output: 168 },
  { family: 'gpt-5.1', input: 1.25, cached: 0.125, output: 10, outputLimit: GPT5_OUTPUT },
  { family: 'gpt-5', input: 1.25, cached: 0.125, output: 10, outputLimit: GPT5_OUTPUT },
  { family: 'gpt-5-mini', input: 0.25, cached: 0.025, output: 2, outputLimit: GPT5_OUTPUT },
  { family: 'gpt-5-nano', input: 0.05, cached: 0.005, output: 0.4, outputLimit: GPT5_OUTPUT },
  { family: 'gpt-5-pro', input: 15, cached: 15, output: 120 },
  { family: 'gpt-4.1', input: 2, cached: 0.5, output: 8, outputLimit: 32_768 },
  { family: 'gpt-4.1-mini', input: 0.4, cached: 0.1, output: 1.6, outputLimit: 32_768 },
  { family: 'gpt-4.1-nano', input: 0.1, cached: 0.025, output: 0.4, outputLimit: 32_768 },
  { family: 'gpt-4o', input: 2.5, cached: 1.25, output: 10, outputLimit: 16_384 },
  { family: 'gpt-4o-mini', input: 0.15, cached: 0.075, output: 0.6, outputLimit: 16_384 },
];

/** A dated version's suffix, as the service names the model that answered ("gpt-5-mini-2025-08-07"). */
const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/** "gpt-5-mini-2025-08-07" -> "gpt-5-mini"; the family name exactly, never a prefix of another family. */
export function modelFamily(model: string): string {
  return model.trim().toLowerCase().replace(DATED_SUFFIX, '');
}

/** The table's prices for a model (a service's model string, or a deployment named after its model); undefined when unknown. */
export function lookUpPrices(model: string): PriceEntry | undefined {
  const family = modelFamily(model);
  return PRICE_TABLE.find((entry) => entry.family === family);
}
