/**
 * scripts/lint-workflows.ts: actionlint's and shellcheck's findings land on
 * the right line and column of the workflow file or of the Markdown block a
 * reader copies, and the blocks that are workflows, jobs or steps are found.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../../emulator/runner.ts';
import { lintTargets } from '../../scripts/lint-workflows.ts';
import { markdownPosition, workflowBlocks } from '../../scripts/workflow-lint/markdown-blocks.ts';
import { runScripts, sanitizeExpressions } from '../../scripts/workflow-lint/shellcheck.ts';

function hasShellcheck(): boolean {
  try {
    execFileSync(process.env.SHELLCHECK ?? 'shellcheck', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const NO_SHELLCHECK = hasShellcheck() ? false : 'shellcheck is not installed here (CI on Linux has it)';

const WORKFLOW = `on: push
jobs:
  linux:
    runs-on: ubuntu-latest
    steps:
      - run: echo $FOO \${{ github.sha }}
      - run: |
          set -e
          echo "\${{ github.ref }}" $BAR
      - shell: pwsh
        run: echo $FOO
  windows:
    runs-on: windows-latest
    steps:
      - run: echo $FOO
  windows-bash:
    runs-on: windows-latest
    defaults:
      run:
        shell: bash
    steps:
      - run: echo $BAZ
`;

describe('run scripts', () => {
  test('each ${{ }} becomes underscores of its length, braces inside it included', () => {
    const script = "echo ${{ format('{0}', github.sha) }} and ${{ x }}";
    const clean = sanitizeExpressions(script);
    assert.equal(clean.length, script.length);
    assert.equal(clean, `echo ${'_'.repeat(32)} and ${'_'.repeat(8)}`);
  });

  test('bash scripts are found where they are; PowerShell and Windows defaults are left alone', () => {
    const scripts = runScripts(WORKFLOW, 'w.yml');
    assert.deepEqual(
      scripts.map(({ line, column, shell }) => ({ line, column, shell })),
      [
        { line: 6, column: 14, shell: 'bash' },
        { line: 8, column: 11, shell: 'bash' },
        { line: 22, column: 14, shell: 'bash' },
      ],
    );
    assert.equal(scripts[1]!.text, 'set -e\necho "${{ github.ref }}" $BAR\n');
  });

  test('shellcheck findings point at the workflow line and column', { skip: NO_SHELLCHECK }, async () => {
    const findings = await lintTargets([{ name: 'w.yml', source: WORKFLOW }]);
    assert.deepEqual(
      findings.map((f) => `${f.line}:${f.column} ${f.message.slice(0, 6)} ${f.kind}`),
      ['6:19 SC2086 shellcheck', '9:36 SC2086 shellcheck', '22:19 SC2086 shellcheck'],
    );
  });
});

const MARKDOWN = `# Title

A workflow:

\`\`\`yaml
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
\`\`\`

Only jobs:

\`\`\`yaml
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v1
\`\`\`

1. In a list, the steps:

   \`\`\`yaml
   - uses: actions/checkout@v1
   - run: echo $UNQUOTED
   \`\`\`

A job body:

\`\`\`yaml
permissions:
  contents: read
steps:
  - run: echo ok
\`\`\`

Not workflows:

<!-- lint-workflows: skip -->

\`\`\`yaml
on: push
jobs: {}
\`\`\`

\`\`\`yaml
with:
  prompt: hi
\`\`\`

\`\`\`yaml
messages:
  - role: user
    content: hi
\`\`\`
`;

describe('Markdown blocks', () => {
  test('workflows, jobs-only workflows, step lists and job bodies are found; other YAML and marked blocks are skipped', () => {
    const { blocks, skipped } = workflowBlocks(MARKDOWN, 'doc.md');
    assert.deepEqual(
      blocks.map((b) => b.line),
      [6, 17, 27, 34],
    );
    assert.equal(skipped, 3);
    assert.match(blocks[1]!.source, /^on: workflow_dispatch\njobs:\n {2}a:\n/);
    assert.match(blocks[2]!.source, /\n {4}steps:\n {6}- uses: actions\/checkout@v1\n {6}- run: echo \$UNQUOTED\n$/);
    assert.match(blocks[3]!.source, /\n {4}runs-on: ubuntu-latest\n {4}permissions:\n/);
  });

  test("a position in a block's workflow maps back to the Markdown line and column", () => {
    const { blocks } = workflowBlocks(MARKDOWN, 'doc.md');
    // Line 6 of the step list's workflow is its first step, `- uses:` at column 7: README line 27, column 4.
    assert.deepEqual(markdownPosition(blocks[2]!, 6, 7), { line: 27, column: 4 });
    assert.deepEqual(markdownPosition(blocks[0]!, 6, 9), { line: 11, column: 9 });
  });

  test('actionlint and shellcheck findings in blocks are reported at their Markdown position', { skip: NO_SHELLCHECK }, async () => {
    const targets = workflowBlocks(MARKDOWN, 'doc.md').blocks.map((block) => ({
      name: `doc.md#L${block.line}`,
      source: block.source,
      block,
    }));
    const findings = await lintTargets(targets);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.kind}`),
      ['doc.md:21:15 action', 'doc.md:27:12 action', 'doc.md:28:16 shellcheck'],
    );
  });

  test('a block that is not valid YAML is a finding, not a crash', async () => {
    const markdown = '```yaml\n- run: echo "a: $B"\n  env:\n    X: 1\n- uses: x\n  run: echo "Labels: $L"\n```\n';
    const targets = workflowBlocks(markdown, 'bad.md').blocks.map((block) => ({ name: 'bad.md#L2', source: block.source, block }));
    assert.equal(targets.length, 1);
    const findings = await lintTargets(targets);
    assert.ok(findings.some((f) => f.kind === 'syntax' && f.file === 'bad.md' && f.line === 6));
  });
});

describe('the command', () => {
  test('exits 1 and prints file:line:column for a finding', { skip: NO_SHELLCHECK }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint-workflows-test-'));
    try {
      const file = join(dir, 'bad.yml');
      writeFileSync(file, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v1\n');
      const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'lint-workflows.ts'), file], { encoding: 'utf8' });
      assert.equal(result.status, 1, result.stderr);
      assert.ok(result.stdout.includes(`${file}:6:15: the runner of "actions/checkout@v1" action is too old`), result.stdout);
      assert.match(result.stdout, /lint-workflows: 1 file checked, 1 finding\.\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
