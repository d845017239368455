/**
 * Which files the action may read on the user's behalf (prompt-file,
 * system-prompt-file, file-input, json-schema-file). Pure: it judges a real
 * path (symlinks already resolved) against the allowed roots, so a pull
 * request that turns a prompt into a symlink to `.git/config` or
 * `~/.azure/...` is refused before anything is read.
 */
import { posix, win32 } from 'node:path';

export interface FileRoot {
  /** How the error names it: GITHUB_WORKSPACE, the working directory, RUNNER_TEMP, AZURE_CONFIG_DIR. */
  name: string;
  /** Its real path (symlinks resolved). */
  path: string;
  /**
   * RUNNER_TEMP also holds the runner's and actions/checkout's own files. A sign-in directory (a CLI's own,
   * named by its variable: AZURE_CONFIG_DIR, say) is never read, wherever it is.
   */
  kind: 'workspace' | 'runner-temp' | 'sign-in';
}

export type FileAccess = { ok: true; root: FileRoot } | { ok: false; why: string };

/** A UUID-named entry: RUNNER_TEMP's step scripts, SSH keys and temporary HOMEs are named so. */
const UUID_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:[._].*)?$/i;
/**
 * actions/checkout v6 keeps the persisted token in RUNNER_TEMP/git-credentials-<uuid>.config; google-github-actions/auth
 * its credentials in gha-creds-*.json; the Azure CLI its sign-in in azureProfile.json, msal_token_cache.*,
 * service_principal_entries.* (a client secret, in the clear) and accessTokens.json (older CLIs).
 */
const CREDENTIAL_FILE =
  /^(?:\.?git-credentials.*|\.gitconfig|gha-creds-.*\.json|azureProfile\.json|msal_token_cache\..*|service_principal_entries\..*|accessTokens\.json)$/i;
/** Directories where CLIs keep their sign-ins (azure/login's MSAL cache, docker login, SSH keys, gcloud). */
const CREDENTIAL_DIRECTORIES = new Set(['.azure', '.docker', '.ssh', 'gcloud']);
/** In container jobs HOME is RUNNER_TEMP/_github_home, where CLIs keep their sign-ins. */
const RUNNER_TEMP_PRIVATE = new Set(['_runner_file_commands', '_github_home']);

/** Case and the trailing dots and spaces Windows ignores do not hide a `.git` segment. */
function isGitSegment(segment: string): boolean {
  return segment.replace(/[. ]+$/, '').toLowerCase() === '.git';
}

export function checkFileAccess(realPath: string, roots: readonly FileRoot[], platform: string = process.platform): FileAccess {
  const path = platform === 'win32' ? win32 : posix;
  const within = (root: FileRoot): string | undefined => {
    const relative = path.relative(root.path, realPath);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    return outside ? undefined : relative;
  };
  const signIn = roots.find((root) => root.kind === 'sign-in' && within(root) !== undefined);
  if (signIn) return { ok: false, why: `inside ${signIn.name} ('${signIn.path}'), where a CLI keeps its sign-in` };
  // The innermost root decides: a RUNNER_TEMP inside the workspace (a self-hosted layout) keeps its own rules.
  const innermostFirst = [...roots].sort((a, b) => b.path.length - a.path.length);
  for (const root of innermostFirst) {
    const relative = root.kind === 'sign-in' ? undefined : within(root);
    if (relative === undefined) continue;
    const segments = relative.split(/[\\/]/).filter((s) => s !== '');
    if (segments.some(isGitSegment)) {
      return { ok: false, why: 'inside a .git directory (it holds credentials, such as the token actions/checkout persists)' };
    }
    const base = segments.at(-1) ?? '';
    if (segments.slice(0, -1).some((s) => CREDENTIAL_DIRECTORIES.has(s.toLowerCase()))) {
      return { ok: false, why: 'inside a directory where a CLI keeps its sign-in (.azure, .docker, .ssh, gcloud)' };
    }
    if (CREDENTIAL_FILE.test(base)) return { ok: false, why: 'a git configuration or credentials file (git, gcloud, the Azure CLI)' };
    if (root.kind === 'runner-temp' && (RUNNER_TEMP_PRIVATE.has(segments[0] ?? '') || segments.some((s) => UUID_NAME.test(s)))) {
      return {
        ok: false,
        why: "one of the files the runner and actions/checkout keep in RUNNER_TEMP (step scripts, SSH keys, step outputs, a container job's HOME)",
      };
    }
    return { ok: true, root };
  }
  return { ok: false, why: `outside ${describeRoots(roots)}` };
}

export function describeRoots(roots: readonly FileRoot[], conjunction: 'and' | 'or' = 'and'): string {
  const allowed = roots.filter((r) => r.kind !== 'sign-in');
  return allowed.length === 0 ? 'any allowed directory' : allowed.map((r) => `${r.name} ('${r.path}')`).join(` ${conjunction} `);
}
