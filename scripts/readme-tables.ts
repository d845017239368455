/**
 * Keeps README.md's inputs and outputs tables in step with action.yml: the
 * tables between the `<!-- inputs:start -->` / `<!-- outputs:start -->`
 * markers and their `:end` partners are generated, never edited by hand.
 * Inputs are grouped (core, identity, generation, workflow features); an
 * input no group names joins the group of the input before it in action.yml,
 * so a new input written next to its kin needs no change here. The tables
 * are marked prettier-ignore: Prettier would pad every row to the longest
 * description, tripling the README's size. The rest is formatted with
 * Prettier, so `format:check` agrees with it.
 *
 *   node scripts/readme-tables.ts           rewrite the tables in README.md
 *   node scripts/readme-tables.ts --check   exit 1 if they differ from action.yml
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string | number | boolean;
}

interface ActionMetadata {
  inputs?: Record<string, ActionInput>;
  outputs?: Record<string, { description?: string }>;
}

const ACTION_FILE = 'action.yml';
const README_FILE = 'README.md';

function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(text: string): string {
  return `\`${text}\``;
}

export const INPUT_GROUPS: ReadonlyArray<{ title: string; inputs: readonly string[] }> = [
  // The five a first run needs, first (action.yml's descriptions say "First run.").
  { title: 'First-run inputs', inputs: ['endpoint', 'deployment', 'prompt', 'client-id', 'tenant-id'] },
  {
    title: 'Core inputs',
    inputs: ['api-version', 'prompt-file', 'system-prompt', 'system-prompt-file', 'input', 'file-input', 'file_input'],
  },
  {
    title: 'Identity inputs',
    inputs: ['auth', 'scope', 'authority-host', 'allow-custom-endpoint', 'oidc-audience', 'on-missing-identity'],
  },
  {
    title: 'Generation inputs',
    inputs: [
      'max-tokens',
      'max-completion-tokens',
      'temperature',
      'top-p',
      'reasoning-effort',
      'response-format',
      'json-schema',
      'json-schema-file',
      'timeout',
      'max-retries',
      'max-retry-wait',
      'stream',
      'fail-on-truncation',
    ],
  },
  {
    title: 'Workflow feature inputs',
    inputs: ['summary', 'github-token', 'pull-request', 'from-ref', 'to-ref', 'max-input-tokens', 'comment', 'comment-tag', 'expect'],
  },
];

const IGNORE = '<!-- prettier-ignore -->';

/** Each input's group: its own, or that of the input before it in action.yml (the first group for the very first). */
export function groupInputs(names: readonly string[]): Array<{ title: string; names: string[] }> {
  const groups = INPUT_GROUPS.map((group) => ({ title: group.title, names: [] as string[] }));
  let current = 0;
  for (const name of names) {
    const own = INPUT_GROUPS.findIndex((group) => group.inputs.includes(name));
    if (own >= 0) current = own;
    groups[current]?.names.push(name);
  }
  return groups;
}

export function renderInputs(metadata: ActionMetadata): string {
  const inputs = metadata.inputs ?? {};
  const sections: string[] = [];
  for (const { title, names } of groupInputs(Object.keys(inputs))) {
    if (names.length === 0) continue;
    const rows = names.map((name) => {
      const input = inputs[name] ?? {};
      const label = input.required ? `${code(name)} (required)` : code(name);
      const fallback = input.default === undefined || input.default === '' ? '' : code(String(input.default));
      return `| ${label} | ${fallback} | ${cell(input.description ?? '')} |`;
    });
    sections.push([`### ${title}`, '', IGNORE, '| Input | Default | Description |', '| --- | --- | --- |', ...rows].join('\n'));
  }
  return sections.join('\n\n');
}

export function renderOutputs(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.outputs ?? {}).map(([name, output]) => `| ${code(name)} | ${cell(output.description ?? '')} |`);
  return [IGNORE, '| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function replaceBetween(text: string, name: string, table: string): string {
  const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`${README_FILE} has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
  return text.replace(pattern, (_match, start: string, end: string) => `${start}\n${table}\n${end}`);
}

/** Run as a script (npm run docs / docs:check); imported by its test, it only exports. */
if (import.meta.main) {
  const metadata = parse(readFileSync(ACTION_FILE, 'utf8')) as ActionMetadata;
  const readme = readFileSync(README_FILE, 'utf8');
  const replaced = replaceBetween(replaceBetween(readme, 'inputs', renderInputs(metadata)), 'outputs', renderOutputs(metadata));
  const updated = await format(replaced, { ...(await resolveConfig(README_FILE)), filepath: README_FILE });

  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error(
        `${README_FILE}'s inputs or outputs table differs from ${ACTION_FILE}: run node scripts/readme-tables.ts and commit README.md.`,
      );
      process.exitCode = 1;
    } else {
      console.log(`${README_FILE}'s inputs and outputs tables match ${ACTION_FILE}.`);
    }
  } else if (updated !== readme) {
    writeFileSync(README_FILE, updated);
    console.log(`Updated the inputs and outputs tables in ${README_FILE}.`);
  } else {
    console.log(`${README_FILE} is already up to date.`);
  }
}
