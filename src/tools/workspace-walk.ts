/**
 * A bounded walk of a folder of the checkout, for list_files and
 * search_files: symlinks are not followed, and every entry is judged by the
 * file inputs' rules (.git, sign-in directories and credentials files are
 * left out unseen). Globs become re2js patterns, linear in the path's
 * length whatever the model writes.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RE2JS } from 're2js';
import { checkFileAccess } from '../inputs/file-access.ts';
import { ToolRefusal, type WorkspaceRoots, shownPath } from './workspace-paths.ts';

export interface WalkLimits {
  /** The most entries looked at. */
  maxEntries: number;
  maxDepth: number;
  /** Recurse into subfolders (list_files without a glob lists one folder). */
  recursive: boolean;
}

export interface WalkEntry {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  real: string;
  kind: 'file' | 'folder' | 'symlink' | 'other';
}

/** The entries under `folder`, in name order; `complete` is false when a limit stopped the walk. */
export function walk(folder: string, where: WorkspaceRoots, limits: WalkLimits): { entries: WalkEntry[]; complete: boolean } {
  const entries: WalkEntry[] = [];
  let complete = true;
  const visit = (directory: string, depth: number): void => {
    let listed: Dirent[];
    try {
      listed = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const dirent of listed) {
      if (entries.length >= limits.maxEntries) {
        complete = false;
        return;
      }
      const real = join(directory, dirent.name);
      const kind = dirent.isSymbolicLink() ? 'symlink' : dirent.isDirectory() ? 'folder' : dirent.isFile() ? 'file' : 'other';
      // A folder is judged by what it holds too: a sign-in folder (.azure, .ssh) is left out, not only its files.
      if (!checkFileAccess(real, where.roots).ok || (kind === 'folder' && !checkFileAccess(join(real, 'x'), where.roots).ok)) continue;
      entries.push({ path: shownPath(real, where), real, kind });
      if (kind !== 'folder' || !limits.recursive) continue;
      if (depth >= limits.maxDepth) complete = false;
      else visit(real, depth + 1);
    }
  };
  visit(folder, 1);
  return { entries, complete };
}

const MAX_GLOB_CHARS = 200;

/**
 * A glob as a path test: `*` and `?` within one segment, `**` across them, `{a,b}` alternatives, `[...]` classes.
 * A glob without a slash matches a name in any folder (`*.ts`), as in .gitignore.
 */
export function globMatcher(glob: unknown): (path: string) => boolean {
  if (glob === undefined || glob === null || glob === '') return () => true;
  if (typeof glob !== 'string' || glob.length > MAX_GLOB_CHARS)
    throw new ToolRefusal(`glob must be a pattern of at most ${MAX_GLOB_CHARS} characters`);
  const anywhere = !glob.includes('/');
  let pattern;
  try {
    pattern = RE2JS.compile(`^${anywhere ? '(?:.*/)?' : ''}${globSource(glob)}$`);
  } catch {
    throw new ToolRefusal(`'${glob}' is not a glob this tool reads (use *, **, ?, {a,b} and [abc])`);
  }
  return (path) => pattern.matches(path);
}

function globSource(glob: string): string {
  let out = '';
  let inBraces = false;
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '{' && !inBraces) {
      inBraces = true;
      out += '(?:';
    } else if (char === '}' && inBraces) {
      inBraces = false;
      out += ')';
    } else if (char === ',' && inBraces) out += '|';
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      if (end === -1) throw new ToolRefusal(`'${glob}' has a '[' without its ']'`);
      const body = glob.slice(index + 1, end).replace(/\\/g, '\\\\');
      out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      index = end;
    } else out += RE2JS.quote(char);
  }
  return out;
}
