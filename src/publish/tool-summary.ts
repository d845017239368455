/**
 * The job summary's list of tool calls: each tool, its arguments cut short,
 * the result's size and whether it was cut or refused (and why). Never a
 * result itself. The arguments are the model's text, shaped by whatever it
 * read: they are shown in a fenced block, where no mention, link or image
 * is rendered. Pure.
 */
import type { ToolCallRecord } from '../model-call.ts';

export function renderToolCalls(records: readonly ToolCallRecord[] | undefined): string[] {
  if (!records || records.length === 0) return [];
  const lines = records.map((record, index) => {
    const outcome =
      record.outcome === 'refused' ? `refused: ${record.reason ?? ''}` : `${record.bytes} bytes${record.outcome === 'cut' ? ' (cut)' : ''}`;
    return `${index + 1}. ${record.tool} ${record.arguments} -> ${outcome}`;
  });
  const text = lines.join('\n');
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const calls = `${records.length} tool call${records.length === 1 ? '' : 's'}`;
  return [`<details><summary>${calls}</summary>`, '', `${fence}text`, text, fence, '', '</details>', ''];
}
