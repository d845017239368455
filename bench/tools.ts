/**
 * What tools cost in requests and tokens, side by side with a run without
 * them: the same prompt with no tools, with `tools: workspace` offered but
 * never called, with one round of parallel reads, and with three rounds of
 * one read each (the emulator's scripted model; it counts the tools'
 * definitions and every result sent back as prompt tokens, as the service
 * does). Counts, not times: they are the same on every run, so one run each
 * is enough.
 */
import type { ScriptedCall } from '../emulator/config.ts';
import type { Emulator } from '../emulator/index.ts';
import { baseInputs, runAction } from '../emulator/runner.ts';

export interface ToolRow {
  label: string;
  modelRequests: number;
  toolCalls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

const read = (path: string): ScriptedCall => ({ name: 'read_file', arguments: { path } });

/** Three source files of a few KiB each, as a review would open. */
const FILES = Object.fromEntries(
  ['src/a.ts', 'src/b.ts', 'src/c.ts'].map((path, i) => [
    path,
    Array.from({ length: 80 }, (_, line) => `export const value${i}_${line} = ${line}; // ${path}`).join('\n'),
  ]),
);

const SCENARIOS: Array<{ label: string; tools: boolean; rounds: ScriptedCall[][] }> = [
  { label: 'no tools', tools: false, rounds: [] },
  { label: 'tools: workspace, no call', tools: true, rounds: [] },
  { label: 'one round of 3 parallel reads', tools: true, rounds: [[read('src/a.ts'), read('src/b.ts'), read('src/c.ts')]] },
  { label: 'three rounds of 1 read', tools: true, rounds: [[read('src/a.ts')], [read('src/b.ts')], [read('src/c.ts')]] },
];

export async function measureTools(emulator: Emulator, bundle: string): Promise<ToolRow[]> {
  const rows: ToolRow[] = [];
  for (const scenario of SCENARIOS) {
    emulator.reset();
    const inputs = baseInputs(emulator);
    const deployment = emulator.config.openai.deployments[inputs.deployment ?? ''];
    if (!deployment) throw new Error('the emulator has no deployment for baseInputs');
    deployment.toolRounds = scenario.rounds;
    // One fixed answer, so that what differs is what the tools add.
    deployment.reply = 'value0_1 is used in src/a.ts only.';
    const result = await runAction(emulator, {
      inputs: { ...inputs, prompt: 'Where is value0_1 used?', tools: scenario.tools ? 'workspace' : 'none' },
      files: FILES,
      entry: bundle,
      compileCache: false,
    });
    if (result.code !== 0) throw new Error(`tools (${scenario.label}): exit ${result.code}\n${result.stdout}\n${result.stderr}`);
    rows.push({
      label: scenario.label,
      modelRequests: emulator.count('openai'),
      toolCalls: Number(result.outputs['tool-calls']),
      promptTokens: Number(result.outputs['prompt-tokens']),
      completionTokens: Number(result.outputs['completion-tokens']),
      totalTokens: Number(result.outputs['total-tokens']),
    });
  }
  return rows;
}

/** The rows as a Markdown table, with what each run adds to the run without tools. */
export function renderToolTable(rows: ToolRow[]): string {
  const base = rows[0];
  const extra = (row: ToolRow) => `+${row.modelRequests - (base?.modelRequests ?? 0)} / +${row.totalTokens - (base?.totalTokens ?? 0)}`;
  const lines = [
    '| run | model requests | tool calls | prompt tokens | completion tokens | total tokens | extra requests / tokens |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.label} | ${row.modelRequests} | ${row.toolCalls} | ${row.promptTokens} | ${row.completionTokens} | ${row.totalTokens} | ${extra(row)} |`,
    ),
  ];
  return lines.join('\n');
}
