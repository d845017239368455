/**
 * On pull_request_target the job holds the base repository's secrets and a
 * writable token, so a file input read from a checkout of the pull request's
 * own code would let its author write the prompt, the system prompt or the
 * schema. Before a file input is read, the git checkout that holds it (the
 * nearest `.git` above it, up to the workspace or RUNNER_TEMP) is judged from
 * its own files: HEAD and its ref, read to a cap, never by running git (the
 * checkout's hooks and config are the pull request's).
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { readCappedFile } from '../bounded-file.ts';
import { InputError } from '../errors.ts';

/** What the event says of the pull request's code (github-context/event.ts's AuthorCode). */
export interface PullRequestCode {
  /** Its head commit and GitHub's test merge commit, lower case. */
  commits: readonly string[];
  /** The head's repository (OWNER/REPO), when the payload names it. */
  repository?: string;
}

export interface CheckoutGuardFacts {
  /** GITHUB_EVENT_NAME. */
  name: string;
  /** GITHUB_REPOSITORY's OWNER and REPO. */
  repository?: { owner: string; repo: string };
  authorCode?: PullRequestCode;
}

/** Called with a file input's real path and the root that allowed it; throws to refuse it. */
export type FileGuard = (realPath: string, rootPath: string, input: string, shown: string) => void;

export const FORK_RECIPE = 'examples/workflows/pr-review-forks.yml';

const SMALL_FILE_BYTES = 64 * 1024;
const PACKED_REFS_BYTES = 32 * 1024 * 1024;
const COMMIT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** A ref HEAD may name: under refs/, no parent or hidden segments, no odd characters. */
const REF_NAME = /^refs\/(?:[A-Za-z0-9_+@-][A-Za-z0-9._+@-]*\/)*[A-Za-z0-9_+@-][A-Za-z0-9._+@-]*$/;

/** A guard only on pull_request_target; every other event reads file inputs as before. */
export function authorCheckoutGuard(event: CheckoutGuardFacts): FileGuard | undefined {
  if (event.name !== 'pull_request_target') return undefined;
  const code = event.authorCode ?? { commits: [] };
  const base = event.repository && `${event.repository.owner}/${event.repository.repo}`;
  const fork = code.repository !== undefined && code.repository.toLowerCase() !== base?.toLowerCase();
  return (realPath, rootPath, input, shown) => {
    const checkout = enclosingCheckout(realPath, rootPath);
    if (!checkout) return;
    const why = authorCheckoutReason(checkout, code, fork ? code.repository : undefined);
    if (why) throw refusal(input, shown, why);
  };
}

function refusal(input: string, shown: string, why: string): InputError {
  return new InputError(
    input,
    [
      `refused on pull_request_target: ${shown} is in a git checkout that ${why},`,
      "so the pull request's author would write this file. On pull_request_target the job runs with the base",
      "repository's token and identity: keep file inputs in a checkout of the base branch (actions/checkout's",
      `default there) and read the pull request through the API ({{pr.diff}}), as ${FORK_RECIPE} does;`,
      'docs/pull-requests.md explains the trust model.',
    ].join(' '),
  );
}

/** The nearest directory from the file's own up to the root that holds a `.git`, or none. */
function enclosingCheckout(realPath: string, rootPath: string): string | undefined {
  const root = resolve(rootPath);
  for (let directory = dirname(realPath); ; directory = dirname(directory)) {
    const inside = relative(root, directory);
    if (inside === '..' || inside.startsWith(`..${sep}`)) return undefined;
    if (exists(join(directory, '.git'))) return directory;
    if (inside === '' || directory === dirname(directory)) return undefined;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Why this checkout holds the pull request's code, or undefined when it holds another commit. */
function authorCheckoutReason(checkout: string, code: PullRequestCode, forkRepository?: string): string | undefined {
  const gitDir = gitDirectoryOf(checkout);
  if (!gitDir) return "has a .git this action cannot read (neither a directory nor a 'gitdir:' file)";
  const head = headCommit(gitDir);
  if ('unknown' in head) return `has a HEAD this action cannot resolve (${head.unknown})`;
  if (code.commits.includes(head.commit)) {
    return `has the pull request's own commit ${head.commit.slice(0, 7)} checked out`;
  }
  if (forkRepository && fetchesFrom(gitDir, forkRepository)) {
    return `fetches from the pull request's fork ${forkRepository}`;
  }
  return undefined;
}

interface GitDirectory {
  /** HEAD's own directory (a linked worktree's). */
  own: string;
  /** Where refs and config live (the main repository's .git for a worktree). */
  common: string;
}

function gitDirectoryOf(checkout: string): GitDirectory | undefined {
  const dotGit = join(checkout, '.git');
  let own = dotGit;
  try {
    if (!statSync(dotGit).isDirectory()) {
      const line = readSmall(dotGit).split('\n', 1)[0]?.trim() ?? '';
      if (!line.startsWith('gitdir:') || line.length === 'gitdir:'.length) return undefined;
      own = resolve(checkout, line.slice('gitdir:'.length).trim());
    }
    const commondir = tryRead(join(own, 'commondir'))?.trim();
    return { own, common: commondir ? resolve(own, commondir) : own };
  } catch {
    return undefined;
  }
}

function readSmall(path: string, cap = SMALL_FILE_BYTES): string {
  return readCappedFile(path, cap).bytes.toString('utf8');
}

function tryRead(path: string, cap?: number): string | undefined {
  try {
    return readSmall(path, cap);
  } catch {
    return undefined;
  }
}

/** HEAD's commit: detached, a loose ref (the worktree's or the common one), or a packed ref. */
function headCommit(gitDir: GitDirectory): { commit: string } | { unknown: string } {
  const head = tryRead(join(gitDir.own, 'HEAD'))?.trim();
  if (head === undefined) return { unknown: 'no readable HEAD' };
  if (COMMIT_ID.test(head.toLowerCase())) return { commit: head.toLowerCase() };
  const ref = /^ref: *(\S+)$/.exec(head)?.[1];
  if (!ref || !REF_NAME.test(ref)) return { unknown: 'HEAD names no ref under refs/' };
  for (const directory of [gitDir.own, gitDir.common]) {
    const loose = tryRead(join(directory, ...ref.split('/')))
      ?.trim()
      .toLowerCase();
    if (loose && COMMIT_ID.test(loose)) return { commit: loose };
  }
  const packed = tryRead(join(gitDir.common, 'packed-refs'), PACKED_REFS_BYTES);
  const commit = packed === undefined ? undefined : packedRef(packed, ref);
  return commit ? { commit } : { unknown: `${ref} has no commit yet` };
}

/** The commit of `ref` in a packed-refs file (lines of "<id> <ref>"), by a scan of its lines. */
function packedRef(text: string, ref: string): string | undefined {
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0 && line.slice(space + 1).trimEnd() === ref) {
      const id = line.slice(0, space).toLowerCase();
      return COMMIT_ID.test(id) ? id : undefined;
    }
  }
  return undefined;
}

/** Whether a remote of this checkout's config fetches from the fork (actions/checkout's `repository:`). */
function fetchesFrom(gitDir: GitDirectory, repository: string): boolean {
  const config = tryRead(join(gitDir.common, 'config'), SMALL_FILE_BYTES * 16) ?? '';
  const wanted = repository.toLowerCase();
  return config.split('\n').some((line) => {
    const url = /^\s*url\s*=\s*(\S+)\s*$/i.exec(line)?.[1]?.toLowerCase();
    if (!url) return false;
    const path = url.replace(/\.git\/?$/, '').replace(/\/$/, '');
    return path.endsWith(`/${wanted}`) || path.endsWith(`:${wanted}`);
  });
}
