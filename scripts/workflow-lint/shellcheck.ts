/**
 * shellcheck over a workflow's `run:` scripts, as actionlint itself does when
 * it can start shellcheck: each `${{ }}` becomes underscores of the same
 * length, the checks that placeholder trips are excluded, and scripts that
 * run under PowerShell or cmd are left alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Scalar } from 'yaml';
import type { Finding } from './actionlint.ts';

export interface RunScript {
  file: string;
  /** The 1-based line and column in `file` of the script's first character. */
  line: number;
  column: number;
  shell: 'bash' | 'sh';
  text: string;
}

// The checks actionlint turns off because a `${{ }}` placeholder or the runner's own variables trip them.
const EXCLUDED = ['SC1091', 'SC2194', 'SC2050', 'SC2154', 'SC2157'];

export function sanitizeExpressions(script: string): string {
  return script.replace(/\$\{\{[^}]*(?:\}(?!\})[^}]*)*\}\}/g, (expression) => '_'.repeat(expression.length));
}

function shellOf(value: unknown): 'bash' | 'sh' | 'other' | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const name = value.trim().split(/\s+/)[0];
  return name === 'bash' || name === 'sh' ? name : 'other';
}

function defaultShell(node: unknown): unknown {
  return isMap(node) ? node.getIn(['defaults', 'run', 'shell']) : undefined;
}

function scriptAt(scalar: Scalar, source: string, lines: LineCounter): { line: number; column: number } {
  const start = scalar.range?.[0] ?? 0;
  const at = lines.linePos(start);
  if (scalar.type !== 'BLOCK_LITERAL' && scalar.type !== 'BLOCK_FOLDED') {
    return { line: at.line, column: at.col + (scalar.type === 'PLAIN' ? 0 : 1) };
  }
  // A block scalar's text starts on the line after its `|` or `>`, at that line's indentation.
  const next = source.indexOf('\n', start) + 1;
  const indent = /^[ ]*/.exec(source.slice(next))?.[0].length ?? 0;
  return { line: at.line + 1, column: indent + 1 };
}

/** The `run:` scripts of a workflow that run under bash or sh, where they are in the file. */
export function runScripts(source: string, file: string): RunScript[] {
  const lines = new LineCounter();
  const doc: Document = parseDocument(source, { lineCounter: lines, keepSourceTokens: false });
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return [];
  const workflowShell = defaultShell(doc.contents);
  const scripts: RunScript[] = [];
  for (const pair of jobs.items) {
    const job = pair.value;
    if (!isMap(job)) continue;
    const steps = job.get('steps');
    if (!isSeq(steps)) continue;
    const runsOn = JSON.stringify(job.get('runs-on') ?? '');
    const jobShell = defaultShell(job) ?? workflowShell;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const run = step.get('run', true);
      if (!isScalar(run) || typeof run.value !== 'string') continue;
      // The runner's default is PowerShell on Windows and bash elsewhere.
      const shell = shellOf(step.get('shell')) ?? shellOf(jobShell) ?? (/windows/i.test(runsOn) ? 'other' : 'bash');
      if (shell === 'other') continue;
      scripts.push({ file, ...scriptAt(run, source, lines), shell, text: run.value });
    }
  }
  return scripts;
}

interface ShellcheckComment {
  file: string;
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

/** Runs one shellcheck per shell over all the scripts; findings are placed in each script's own file. */
export function shellcheck(scripts: RunScript[], bin = process.env.SHELLCHECK ?? 'shellcheck'): Finding[] {
  if (scripts.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'lint-workflows-'));
  try {
    const findings: Finding[] = [];
    for (const shell of ['bash', 'sh'] as const) {
      const byPath = new Map<string, RunScript>();
      scripts.forEach((script, index) => {
        if (script.shell !== shell) return;
        const path = join(dir, `${index}.sh`);
        writeFileSync(path, sanitizeExpressions(script.text));
        byPath.set(path, script);
      });
      if (byPath.size === 0) continue;
      const result = spawnSync(bin, ['--norc', '--format=json1', `--shell=${shell}`, `--exclude=${EXCLUDED.join(',')}`, ...byPath.keys()], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.error) {
        throw new Error(
          `shellcheck could not be started (${result.error.message}). Install it (Debian/Ubuntu: apt-get install shellcheck; macOS: brew install shellcheck; GitHub's Ubuntu runners have it) or set SHELLCHECK to its path.`,
        );
      }
      // 0: clean, 1: findings; anything else is shellcheck failing.
      if (result.status !== 0 && result.status !== 1) throw new Error(`shellcheck exited ${result.status}: ${result.stderr.trim()}`);
      const { comments } = JSON.parse(result.stdout) as { comments: ShellcheckComment[] };
      for (const comment of comments) {
        const script = byPath.get(comment.file);
        if (script === undefined) continue;
        findings.push({
          file: script.file,
          line: script.line + comment.line - 1,
          column: script.column + comment.column - 1,
          message: `SC${comment.code} (${comment.level}): ${comment.message}`,
          kind: 'shellcheck',
        });
      }
    }
    return findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
