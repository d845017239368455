/**
 * The prompt-cache scenario: one step run twice against the emulated deployment (gpt-5.1 and its list prices),
 * whose prompt cache counts as Azure's does (emulator/services/openai/prompt-cache.ts: 1,024 tokens, 128-token
 * steps, per deployment and prompt_cache_key). Three layouts of the same prompt: unchanged, the stable part first
 * with a question that changes, and the changing part first. What it shows: the tokens the second run is served
 * from cache and what it costs beside the first, so the stable-first layout can be seen to pay.
 */
import type { Emulator } from '../emulator/index.ts';
import { cacheableTokens } from '../emulator/services/openai/prompt-cache.ts';
import { baseInputs, runAction } from '../emulator/runner.ts';
import type { TargetCheck } from './report.ts';

export interface CacheRun {
  promptTokens: number;
  cachedTokens: number;
  /** The estimated-cost output, USD. */
  usd: number;
}

export interface CacheRow {
  layout: string;
  first: CacheRun;
  second: CacheRun;
}

/** About 2,000 tokens of review rules: the stable part a step sends on every run. */
const RULES = Array.from(
  { length: 60 },
  (_, i) => `Rule ${i + 1}: name the file and line of each finding, say why it matters, and suggest the smallest fix.`,
).join('\n');
const QUESTIONS = ['Summarise the change to the parser.', 'Summarise the change to the retry loop.'];

const LAYOUTS: ReadonlyArray<{ layout: string; inputs: (run: number) => Record<string, string> }> = [
  { layout: 'the same step again, unchanged', inputs: () => ({ 'system-prompt': RULES, prompt: QUESTIONS[0] ?? '' }) },
  { layout: 'stable part first, the question changes', inputs: (run) => ({ 'system-prompt': RULES, prompt: QUESTIONS[run] ?? '' }) },
  {
    layout: 'the changing part first',
    inputs: (run) => ({ 'system-prompt': `${QUESTIONS[run] ?? ''}\n${RULES}`, prompt: 'Answer the question above.' }),
  },
];

async function runOnce(emulator: Emulator, bundle: string, inputs: Record<string, string>): Promise<CacheRun> {
  const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), ...inputs }, entry: bundle });
  if (result.code !== 0) throw new Error(`cache bench: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  return {
    promptTokens: Number(result.outputs['prompt-tokens']),
    cachedTokens: Number(result.outputs['cached-tokens']),
    usd: Number(result.outputs['estimated-cost']),
  };
}

/** Each layout from an empty cache, run twice: token counts are the same on every run, so one pair is enough. */
export async function measureCache(emulator: Emulator, bundle: string): Promise<CacheRow[]> {
  const rows: CacheRow[] = [];
  for (const { layout, inputs } of LAYOUTS) {
    emulator.reset();
    const first = await runOnce(emulator, bundle, inputs(0));
    const second = await runOnce(emulator, bundle, inputs(1));
    rows.push({ layout, first, second });
  }
  return rows;
}

const share = (part: number, whole: number) => `${whole === 0 ? 0 : ((part / whole) * 100).toFixed(1)} %`;

export function renderCache(rows: readonly CacheRow[] | undefined): string[] {
  if (!rows || rows.length === 0) return [];
  return [
    'Prompt cache: one step run twice (gpt-5.1 list prices; tokens as the emulated deployment counts them):',
    '',
    '| layout | 1st: prompt / cached | 1st: cost | 2nd: prompt / cached | 2nd: cached share | 2nd: cost | 2nd/1st cost |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows
      .map(({ layout, first, second }) =>
        [
          layout,
          `${first.promptTokens} / ${first.cachedTokens}`,
          `$${first.usd.toFixed(6)}`,
          `${second.promptTokens} / ${second.cachedTokens}`,
          share(second.cachedTokens, second.promptTokens),
          `$${second.usd.toFixed(6)}`,
          share(second.usd, first.usd),
        ].join(' | '),
      )
      .map((cells) => `| ${cells} |`),
    '',
  ];
}

/**
 * Each layout's second run is served what it repeats of the first, in whole 128-token steps: all of an unchanged
 * prompt, and with the stable part first at least the stable part; with the changing part first, nothing.
 */
export function cacheTargets(rows: readonly CacheRow[] | undefined): TargetCheck[] {
  const [same, stableFirst, changingFirst] = rows ?? [];
  if (!same || !stableFirst || !changingFirst) return [];
  const stable = cacheableTokens(Math.floor(RULES.length / 4));
  return [
    {
      name: 'a re-run of an unchanged step is served its whole prompt from cache, in 128-token steps',
      met: same.second.cachedTokens === cacheableTokens(same.second.promptTokens),
      actual: `${same.second.cachedTokens} of ${same.second.promptTokens} prompt tokens`,
    },
    {
      name: `stable part first: the second run is served at least the stable part (${stable} tokens) from cache`,
      met: stableFirst.second.cachedTokens >= stable && stableFirst.second.usd < stableFirst.first.usd,
      actual: `${stableFirst.second.cachedTokens} cached, ${share(stableFirst.second.usd, stableFirst.first.usd)} of the first run's cost`,
    },
  ];
}
