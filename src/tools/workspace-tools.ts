/**
 * The read-only workspace tools: read_file, list_files and search_files.
 * Loaded with import() by the first call the model makes, never before.
 * Every file is opened as file inputs are (bounded-file.ts: without
 * blocking, judged on the open descriptor, read to a cap), text files only;
 * patterns run on re2js. What they return is untrusted text for the model.
 */
import { FileTooLargeError, NotARegularFileError, readCappedFile } from '../bounded-file.ts';
import { compileBounded } from '../bounded-regex.ts';
import { allowedPath, ToolRefusal, type WorkspaceRoots } from './workspace-paths.ts';
import { globMatcher, walk } from './workspace-walk.ts';

/** The largest file read_file opens (a line range of it may be asked for). */
const MAX_READ_BYTES = 4 * 1024 * 1024;
/** The largest file search_files looks into; larger ones are skipped, and said so. */
const MAX_SEARCHED_FILE_BYTES = 1024 * 1024;
const MAX_SEARCH_BYTES = 32 * 1024 * 1024;
const MAX_MATCHES = 200;
const MAX_MATCH_LINE_CHARS = 240;
const MAX_PATTERN_CHARS = 500;
const LIST_LIMITS = { maxEntries: 2000, maxDepth: 24 };

export type ToolArguments = Record<string, unknown>;

export function runWorkspaceTool(name: string, args: ToolArguments, where: WorkspaceRoots, deadlineAt: number): string {
  if (name === 'read_file') return readFile(args, where);
  if (name === 'list_files') return listFiles(args, where);
  if (name === 'search_files') return searchFiles(args, where, deadlineAt);
  throw new ToolRefusal(`there is no tool named '${name}'`);
}

/** A text file's bytes as text; a refusal for anything else (a FIFO, a device, a binary, too large). */
function textOf(real: string, path: string, cap: number): string {
  let bytes: Buffer;
  try {
    bytes = readCappedFile(real, cap, { noFollow: true }).bytes;
  } catch (error) {
    if (error instanceof NotARegularFileError) {
      throw new ToolRefusal(
        error.kind === 'a directory' ? `'${path}' is a folder: use list_files` : `'${path}' is not a regular file (it is ${error.kind})`,
      );
    }
    if (error instanceof FileTooLargeError) throw new ToolRefusal(`'${path}' is larger than ${cap / 1024 / 1024} MiB`);
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new ToolRefusal(`'${path}' is a folder: use list_files`);
    throw new ToolRefusal(`'${path}' cannot be read`);
  }
  if (bytes.includes(0)) throw new ToolRefusal(`'${path}' is a binary file (it contains NUL bytes); only text files are read`);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
}

function readFile(args: ToolArguments, where: WorkspaceRoots): string {
  const path = args.path;
  const text = textOf(allowedPath(path, where), String(path), MAX_READ_BYTES);
  const start = lineNumber(args.start_line, 'start_line');
  const end = lineNumber(args.end_line, 'end_line');
  if (start === undefined && end === undefined) return text;
  const lines = text.split('\n');
  const first = start ?? 1;
  const last = Math.min(end ?? lines.length, lines.length);
  if (first > lines.length) throw new ToolRefusal(`'${String(path)}' has ${lines.length} lines; start_line ${first} is past its end`);
  if (last < first) throw new ToolRefusal('end_line is before start_line');
  return lines.slice(first - 1, last).join('\n');
}

function lineNumber(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new ToolRefusal(`${name} must be a line number from 1`);
  return value;
}

function listFiles(args: ToolArguments, where: WorkspaceRoots): string {
  const folder = allowedPath(args.path ?? '.', where);
  const matches = globMatcher(args.glob);
  const recursive = typeof args.glob === 'string' && args.glob !== '';
  const { entries, complete } = walk(folder, where, { ...LIST_LIMITS, recursive });
  const lines = entries
    .filter((entry) => !recursive || (entry.kind === 'file' && matches(entry.path)))
    .map((entry) => (entry.kind === 'folder' ? `${entry.path}/` : entry.kind === 'symlink' ? `${entry.path}@` : entry.path));
  const note = complete ? '' : `\n[The listing stopped at ${LIST_LIMITS.maxEntries} entries: name a subfolder or a narrower glob.]`;
  return `${lines.join('\n') || '(nothing)'}${note}`;
}

function searchFiles(args: ToolArguments, where: WorkspaceRoots, deadlineAt: number): string {
  const source = args.pattern;
  if (typeof source !== 'string' || source === '' || source.length > MAX_PATTERN_CHARS) {
    throw new ToolRefusal(`pattern must be a regular expression of 1 to ${MAX_PATTERN_CHARS} characters`);
  }
  let pattern;
  try {
    pattern = compileBounded(source);
  } catch (error) {
    throw new ToolRefusal(`'${source}' is not a pattern this tool reads (${(error as Error).message})`);
  }
  const folder = allowedPath(args.path ?? '.', where);
  const matches = globMatcher(args.glob);
  const { entries, complete } = walk(folder, where, { ...LIST_LIMITS, maxEntries: 20_000, recursive: true });
  const found: string[] = [];
  const notes: string[] = complete ? [] : ['the walk stopped at 20000 entries'];
  let searched = 0;
  for (const entry of entries) {
    if (entry.kind !== 'file' || !matches(entry.path)) continue;
    if (found.length >= MAX_MATCHES || searched >= MAX_SEARCH_BYTES || Date.now() >= deadlineAt) {
      notes.push(`the search stopped at ${found.length} matches: name a subfolder, a glob or a narrower pattern`);
      break;
    }
    let text: string;
    try {
      text = textOf(entry.real, entry.path, MAX_SEARCHED_FILE_BYTES);
    } catch {
      continue; // binary, too large or unreadable: not text to search
    }
    searched += text.length;
    for (const [index, line] of text.split('\n').entries()) {
      if (found.length >= MAX_MATCHES) break;
      if (pattern.test(line)) found.push(`${entry.path}:${index + 1}: ${line.slice(0, MAX_MATCH_LINE_CHARS)}`);
    }
  }
  const note = notes.length > 0 ? `\n[${notes.join('; ')}.]` : '';
  return `${found.join('\n') || '(no match)'}${note}`;
}
