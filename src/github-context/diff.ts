/**
 * Changed files and their unified-diff sections: split from GitHub's diff,
 * or rebuilt from the files endpoint's per-file patches when GitHub refuses
 * the diff. Pure.
 */
import { firstLine } from '../first-line.ts';

export interface ChangedFile {
  path: string;
  /** added, modified, removed, renamed, ... as GitHub says. */
  status: string;
  additions: number;
  deletions: number;
  previousPath?: string;
  /** This file's part of the unified diff (ends with a newline). */
  section: string;
  /** A binary file: its diff says only that it changed. */
  binary: boolean;
}

const HEADER = 'diff --git ';

/** Splits a unified diff (`git diff` / GitHub's diff media type) into one section per file. */
export function splitUnifiedDiff(diff: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  // A section starts at a line of its own: after a line feed only, not after the U+2028 or CR a changed
  // line may hold (a stranger's file content would start fake sections); found by indexOf, in one pass.
  const starts: number[] = diff.startsWith(HEADER) ? [0] : [];
  for (let at = diff.indexOf(`\n${HEADER}`); at !== -1; at = diff.indexOf(`\n${HEADER}`, at + 1)) starts.push(at + 1);
  for (let i = 0; i < starts.length; i++) {
    let section = diff.slice(starts[i], starts[i + 1] ?? diff.length);
    if (!section.endsWith('\n')) section += '\n';
    files.push(describeSection(section));
  }
  return files;
}

function describeSection(section: string): ChangedFile {
  const lines = section.split('\n');
  const header = (lines[0] ?? '').slice(HEADER.length).replace(/\r$/, '');
  let oldPath: string | undefined;
  let newPath: string | undefined;
  let additions = 0;
  let deletions = 0;
  let inHunk = false;
  let status = 'modified';
  let binary = false;
  for (const line of lines.slice(1)) {
    if (!inHunk) {
      if (line.startsWith('--- ')) oldPath = stripPrefix(line.slice(4), 'a/');
      else if (line.startsWith('+++ ')) newPath = stripPrefix(line.slice(4), 'b/');
      else if (line.startsWith('new file mode')) status = 'added';
      else if (line.startsWith('deleted file mode')) status = 'removed';
      else if (line.startsWith('rename from ')) {
        status = 'renamed';
        oldPath = line.slice('rename from '.length);
      } else if (line.startsWith('rename to ')) newPath = line.slice('rename to '.length);
      else if (/^Binary files .* differ$/.test(line) || line === 'GIT binary patch') binary = true;
      else if (line.startsWith('@@')) inHunk = true;
      continue;
    }
    if (line.startsWith('+')) additions++;
    else if (line.startsWith('-')) deletions++;
  }
  const fromHeader = headerPaths(header);
  const path =
    (newPath && newPath !== '/dev/null' ? newPath : undefined) ??
    (oldPath && oldPath !== '/dev/null' ? oldPath : undefined) ??
    fromHeader.newPath;
  const file: ChangedFile = { path, status, additions, deletions, section, binary };
  const previous = oldPath && oldPath !== '/dev/null' ? oldPath : fromHeader.oldPath;
  if (status === 'renamed' && previous !== path) file.previousPath = previous;
  return file;
}

/** `a/path<TAB>timestamp` -> path: cut at the first tab (by indexOf: a pattern over the line would backtrack at every tab). */
function stripPrefix(path: string, prefix: string): string {
  const tab = path.indexOf('\t');
  const clean = tab === -1 ? path : path.slice(0, tab);
  return clean.startsWith(prefix) ? clean.slice(prefix.length) : clean;
}

/** `a/X b/Y` -> X, Y; when both are the same path, spaces in it are fine. */
function headerPaths(header: string): { oldPath: string; newPath: string } {
  const half = (header.length - 1) / 2;
  if (
    Number.isInteger(half) &&
    header.startsWith('a/') &&
    header.slice(half + 1).startsWith('b/') &&
    header.slice(2, half) === header.slice(half + 3)
  ) {
    const p = header.slice(2, half);
    return { oldPath: p, newPath: p };
  }
  // Otherwise the first ` b/` after a non-empty old path splits them (scanned: a lazy pattern would backtrack at each).
  const split = header.startsWith('a/') ? header.indexOf(' b/', 3) : -1;
  return split !== -1 && split + 3 < header.length
    ? { oldPath: header.slice(2, split), newPath: header.slice(split + 3) }
    : { oldPath: header, newPath: header };
}

/** A row of the pull request files (or compare) endpoint. */
export interface FileRow {
  filename: string;
  status: string;
  additions: number;
  deletions: number;
  patch?: string;
  previous_filename?: string;
}

const BINARY_EXTENSIONS =
  /\.(png|jpe?g|gif|webp|bmp|ico|icns|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|dll|exe|so|dylib|a|o|wasm|bin|dat|db|sqlite3?|woff2?|ttf|otf|eot|mp3|mp4|mov|avi|wav|ogg|flac|webm|pyc|node)$/i;

/** Rebuilds a file's diff section from the files endpoint, which omits `patch` for binary and very large files. */
export function fileFromRow(row: FileRow): ChangedFile {
  const from = row.previous_filename ?? row.filename;
  const head = [`diff --git a/${from} b/${row.filename}`];
  if (row.status === 'renamed' && row.previous_filename) head.push(`rename from ${row.previous_filename}`, `rename to ${row.filename}`);
  const binary = row.patch === undefined && (BINARY_EXTENSIONS.test(row.filename) || row.additions + row.deletions === 0);
  if (row.patch !== undefined) {
    head.push(
      `--- ${row.status === 'added' ? '/dev/null' : `a/${from}`}`,
      `+++ ${row.status === 'removed' ? '/dev/null' : `b/${row.filename}`}`,
      row.patch,
    );
  } else if (binary) {
    head.push(
      `Binary files ${row.status === 'added' ? '/dev/null' : `a/${from}`} and ${row.status === 'removed' ? '/dev/null' : `b/${row.filename}`} differ`,
    );
  } else {
    head.push(`(GitHub shows no patch for this file: too large; +${row.additions} -${row.deletions})`);
  }
  const file: ChangedFile = {
    path: row.filename,
    status: row.status,
    additions: row.additions,
    deletions: row.deletions,
    section: `${head.join('\n')}\n`,
    binary,
  };
  if (row.previous_filename) file.previousPath = row.previous_filename;
  return file;
}

/** `{{pr.files}}` / `{{changes}}`: one line per file with its additions and deletions. */
export function fileLines(files: ReadonlyArray<Pick<ChangedFile, 'path' | 'status' | 'additions' | 'deletions' | 'previousPath'>>): string {
  return files
    .map((f) => `${f.path} (${f.status}${f.previousPath ? ` from ${f.previousPath}` : ''}, +${f.additions} -${f.deletions})`)
    .join('\n');
}

export interface CommitRow {
  sha: string;
  commit: { message: string; author?: { name?: string } | null };
  author?: { login?: string } | null;
}

/** `{{commits}}` / `{{pr.commits}}`: one line per commit: short sha, subject, author. */
export function commitLines(commits: readonly CommitRow[]): string {
  return commits
    .map((row) => {
      const subject = firstLine(row.commit.message).trim();
      const who = row.author?.login ?? row.commit.author?.name ?? 'unknown';
      return `${row.sha.slice(0, 7)} ${subject} (${who})`;
    })
    .join('\n');
}
