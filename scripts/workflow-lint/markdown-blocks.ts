/**
 * The ```yaml blocks of a Markdown file that a reader would paste into a
 * workflow, each made a whole workflow so actionlint can check it: a workflow
 * as it is (`on:` added when only `jobs:` is shown), a job body (`steps:`)
 * under one job, a list of steps under one job's `steps:`. Other YAML (a
 * prompt file, a `with:` fragment) is not a workflow and is left alone, and
 * so is a block marked `<!-- lint-workflows: skip -->` on the line before it.
 */
import { isMap, isSeq, parseDocument } from 'yaml';

export interface WorkflowBlock {
  /** The Markdown file and the line of the block's first YAML line. */
  file: string;
  line: number;
  /** The block as a complete workflow. */
  source: string;
  /** Lines put before the block's first line, and columns added before each of its lines. */
  headerLines: number;
  columnShift: number;
}

const FENCE = /^([ ]*)```(yaml|yml)\s*$/;
// Put on the line before a fence (a blank line between is fine) to leave that block out, for a block that
// shows something other than a workflow to run as it is: another action's usage, a deliberate mistake.
const SKIP_MARKER = '<!-- lint-workflows: skip -->';
const HEADER_ON = 'on: workflow_dispatch';
const JOB_HEADER = [HEADER_ON, 'jobs:', '  snippet:'];

function dedent(lines: string[]): { lines: string[]; removed: number } {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ ]*/.exec(l)?.[0].length ?? 0);
  const removed = indents.length === 0 ? 0 : Math.min(...indents);
  return { lines: lines.map((l) => l.slice(removed)), removed };
}

function indent(lines: string[], by: number): string[] {
  return lines.map((l) => (l === '' ? l : ' '.repeat(by) + l));
}

function hasStepKeys(node: unknown): boolean {
  return isMap(node) && (node.has('uses') || node.has('run'));
}

/** The block as a workflow, or undefined when it is not one. */
function asWorkflow(lines: string[]): Omit<WorkflowBlock, 'file' | 'line'> | undefined {
  const { lines: body, removed } = dedent(lines);
  const doc = parseDocument(body.join('\n'));
  const root = doc.contents;
  const whole = (header: string[], by: number) => ({
    source: `${[...header, ...indent(body, by)].join('\n')}\n`,
    headerLines: header.length,
    columnShift: by - removed,
  });
  if (isMap(root) && root.has('jobs')) return whole(root.has('on') ? [] : [HEADER_ON], 0);
  if (isMap(root) && root.has('steps')) return whole(root.has('runs-on') ? JOB_HEADER : [...JOB_HEADER, '    runs-on: ubuntu-latest'], 4);
  if (isSeq(root) && root.items.length > 0 && root.items.every(hasStepKeys)) {
    return whole([...JOB_HEADER, '    runs-on: ubuntu-latest', '    steps:'], 6);
  }
  return undefined;
}

export function workflowBlocks(markdown: string, file: string): { blocks: WorkflowBlock[]; skipped: number } {
  const lines = markdown.split(/\r?\n/);
  const blocks: WorkflowBlock[] = [];
  let skipped = 0;
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE.exec(lines[i] ?? '');
    if (!fence) continue;
    const fenceIndent = fence[1] ?? '';
    const start = i + 1;
    let end = start;
    while (end < lines.length && (lines[end] ?? '').trim() !== '```') end++;
    // A block inside a list item is indented like its fence: that indentation is Markdown's, not YAML's.
    const body = lines.slice(start, end).map((l) => (l.startsWith(fenceIndent) ? l.slice(fenceIndent.length) : l));
    const before = lines.slice(Math.max(0, i - 2), i).filter((l) => l.trim() !== '');
    const workflow = before.at(-1)?.trim() === SKIP_MARKER ? undefined : asWorkflow(body);
    if (workflow) blocks.push({ file, line: start + 1, ...workflow, columnShift: workflow.columnShift - fenceIndent.length });
    else skipped++;
    i = end;
  }
  return { blocks, skipped };
}

/** Where a finding at `line`:`column` of the block's workflow is in the Markdown file. */
export function markdownPosition(block: WorkflowBlock, line: number, column: number): { line: number; column: number } {
  return { line: block.line + Math.max(0, line - block.headerLines - 1), column: Math.max(1, column - block.columnShift) };
}
