/**
 * Where a workspace tool may look: a path the model names is resolved against
 * GITHUB_WORKSPACE (symlinks followed) and judged by the file inputs' own
 * rules (inputs/file-access.ts), with RUNNER_TEMP left out: nothing under
 * .git, no sign-in directory or credentials file, nothing outside the
 * checkout. A refusal is a ToolRefusal: a short reason the model is given.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { checkFileAccess, type FileRoot } from '../inputs/file-access.ts';
import { fileRoots } from '../inputs/read-file.ts';

/** A call the rules refuse; its message is what the model reads. */
export class ToolRefusal extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ToolRefusal';
  }
}

export interface WorkspaceRoots {
  workspace: FileRoot;
  /** The workspace and the sign-in directories, which are never read wherever they are. */
  roots: FileRoot[];
}

export function workspaceRoots(env: Record<string, string | undefined>): WorkspaceRoots {
  const roots = fileRoots(env).filter((root) => root.kind !== 'runner-temp');
  const workspace = roots.find((root) => root.kind === 'workspace');
  if (!workspace) throw new ToolRefusal('the workspace does not exist (no checkout to read)');
  return { workspace, roots };
}

const MAX_PATH_CHARS = 1024;

/** The real path of what `path` names, once the rules allow it; `what` names the argument in refusals. */
export function allowedPath(path: unknown, where: WorkspaceRoots, what = 'path'): string {
  if (typeof path !== 'string' || path === '') throw new ToolRefusal(`${what} must be a path relative to the repository root`);
  if (path.length > MAX_PATH_CHARS || path.includes('\0')) throw new ToolRefusal(`${what} is not a usable path`);
  const named = resolve(where.workspace.path, path);
  // Judged before it is resolved, so a path outside the checkout says nothing of what exists there.
  if (outside(where.workspace.path, named)) throw new ToolRefusal(`'${path}' is outside the repository's checkout`);
  let real: string;
  try {
    real = realpathSync.native(named);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolRefusal(code === 'ENOENT' || code === 'ENOTDIR' ? `'${path}' does not exist` : `'${path}' cannot be read`);
  }
  const access = checkFileAccess(real, where.roots);
  if (!access.ok) {
    const why = outside(where.workspace.path, real) ? "resolves outside the repository's checkout (a symlink)" : access.why;
    throw new ToolRefusal(`'${path}' is refused: ${why}`);
  }
  return real;
}

/** Whether `path` (already resolved) is outside `root`. */
function outside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/** A real path inside the workspace as the model names it: relative, with forward slashes. */
export function shownPath(real: string, where: WorkspaceRoots): string {
  return relative(where.workspace.path, real).split(sep).join('/') || '.';
}
