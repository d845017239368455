/**
 * Keeps README.md's inputs and outputs tables in step with action.yml: the
 * tables between the `<!-- inputs:start -->` / `<!-- outputs:start -->`
 * markers and their `:end` partners are generated, never edited by hand.
 * The result is formatted with Prettier, so `format:check` agrees with it.
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

export function renderInputs(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.inputs ?? {}).map(([name, input]) => {
    const title = input.required ? `${code(name)} (required)` : code(name);
    const fallback = input.default === undefined || input.default === '' ? '' : code(String(input.default));
    return `| ${title} | ${fallback} | ${cell(input.description ?? '')} |`;
  });
  return ['| Input | Default | Description |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderOutputs(metadata: ActionMetadata): string {
  const rows = Object.entries(metadata.outputs ?? {}).map(([name, output]) => `| ${code(name)} | ${cell(output.description ?? '')} |`);
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

function replaceBetween(text: string, name: string, table: string): string {
  const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!pattern.test(text)) throw new Error(`${README_FILE} has no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
  return text.replace(pattern, (_match, start: string, end: string) => `${start}\n${table}\n${end}`);
}

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
