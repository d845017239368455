/**
 * Checks every `az` and `gh` command that scripts/setup-azure.sh runs against the real CLIs: each command
 * must exist and each of its flags must appear in that command's `--help`. The fake CLIs of the script's
 * tests accept only what the script sends, so this is what keeps the script true to the real ones.
 *
 *   node scripts/check-cli-flags.ts [SCRIPT]
 *
 * Needs `az` and `gh` on PATH (`.ci/run` installs Debian's azure-cli and gh when they are missing). Prints
 * one line per command and exits 1 when a command or flag is unknown.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface CliCommand {
  tool: 'az' | 'gh';
  /** The subcommand words, for example ['identity', 'federated-credential', 'create']. */
  words: string[];
  flags: string[];
  line: number;
}

/** Shell words of one command, quotes removed; an expansion ($VAR, "$(…)") is kept as one word. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote = '';
  let inWord = false;
  for (const character of text) {
    if (quote) {
      if (character === quote) quote = '';
      else current += character;
    } else if (character === "'" || character === '"') {
      quote = character;
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

const COMMAND_END = /\s(?:\|\||&&|>|<|\|)|\)\s*(?:\|\||$)|;|$/;

/** The az and gh commands the script runs (through its `run` function), with their flags. */
export function cliCommands(script: string): CliCommand[] {
  const lines = script.split('\n');
  const commands: CliCommand[] = [];
  for (let index = 0; index < lines.length; index++) {
    let text = lines[index] ?? '';
    const start = index;
    while (text.endsWith('\\') && index + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++index] ?? ''}`;
    for (const match of text.matchAll(/(?:^\s*|\$\(|\bif\s+|\|\|\s+|&&\s+)run (az|gh) /g)) {
      const rest = text.slice(match.index + match[0].length);
      const body = rest.slice(0, COMMAND_END.exec(rest)?.index ?? rest.length);
      const words = shellWords(body);
      const firstOther = words.findIndex((word) => !/^[a-z][a-z-]*$/.test(word));
      const commandWords = firstOther === -1 ? words : words.slice(0, firstOther);
      const flags = words.filter((word) => /^--?[a-z][a-z-]*$/.test(word));
      commands.push({ tool: match[1] as 'az' | 'gh', words: commandWords, flags, line: start + 1 });
    }
  }
  return commands;
}

/** The flags a --help text lists: words starting with - at the start of a line or after a comma. */
export function helpFlags(help: string): Set<string> {
  const flags = new Set<string>();
  for (const line of help.split('\n')) {
    if (!/^\s+-/.test(line)) continue;
    const names = line.trim().split(/\s{2,}|\s:\s|\s\[/)[0] ?? '';
    for (const name of names.split(/[\s,]+/)) if (/^--?[A-Za-z][a-z-]*$/.test(name)) flags.add(name);
  }
  return flags;
}

function help(command: CliCommand): { text: string; ok: boolean } {
  const result = spawnSync(command.tool, [...command.words, '--help'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, AZURE_CORE_COLLECT_TELEMETRY: 'no', AZURE_CORE_SURVEY_MESSAGE: 'no', NO_COLOR: '1' },
  });
  const text = `${result.stdout}${result.stderr}`;
  const unknown = /unknown command|is misspelled or not recognized|invalid choice/i.test(text);
  return { text, ok: result.status === 0 && !unknown };
}

function main(): void {
  const file = process.argv[2] ?? 'scripts/setup-azure.sh';
  const commands = cliCommands(readFileSync(file, 'utf8'));
  const seen = new Map<string, string[]>();
  for (const command of commands) {
    const key = `${command.tool} ${command.words.join(' ')}`;
    seen.set(key, [...new Set([...(seen.get(key) ?? []), ...command.flags])]);
  }
  let failures = 0;
  for (const [key, flags] of seen) {
    const [tool, ...words] = key.split(' ');
    const { text, ok } = help({ tool: tool as 'az' | 'gh', words, flags, line: 0 });
    const known = helpFlags(text);
    const missing = ok ? flags.filter((flag) => !known.has(flag)) : ['(the command itself)'];
    failures += missing.length;
    const verdict = missing.length === 0 ? 'ok' : `UNKNOWN: ${missing.join(', ')}`;
    process.stdout.write(`${key} ${flags.join(' ')}: ${verdict}\n`);
  }
  process.stdout.write(`${seen.size} commands checked against ${tool('az')} and ${tool('gh')}.\n`);
  if (failures > 0) process.exitCode = 1;
}

function tool(name: 'az' | 'gh'): string {
  const version = spawnSync(name, ['--version'], { encoding: 'utf8' }).stdout;
  return (
    version
      .split('\n')
      .find((line) => /\d+\.\d+/.test(line))
      ?.trim() ?? name
  );
}

if (import.meta.main) main();
