/** Facts about the workflow run that explain identity failures (fork pull requests, Dependabot). */
import { readFileSync } from 'node:fs';
import type { RunContext } from './diagnose.ts';

interface RepoRef {
  full_name?: string;
  fork?: boolean;
}

export function readRunContext(env: Record<string, string | undefined>): RunContext {
  const context: RunContext = { event: { forkPullRequest: false } };
  if (env.GITHUB_EVENT_NAME) context.event.name = env.GITHUB_EVENT_NAME;
  if (env.GITHUB_ACTOR) context.event.actor = env.GITHUB_ACTOR;
  if (!env.GITHUB_EVENT_PATH) return context;
  try {
    const payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { head?: { repo?: RepoRef | null }; base?: { repo?: RepoRef } };
    };
    const head = payload.pull_request?.head?.repo;
    const base = payload.pull_request?.base?.repo;
    // `fork` says the head repository is a fork of something, which is also true of a pull request
    // between two branches of a repository that is itself a fork: compare the names when both are known.
    // A deleted fork leaves head.repo null.
    if (head === null && base) context.event.forkPullRequest = true;
    else if (head && base) {
      context.event.forkPullRequest =
        head.full_name !== undefined && base.full_name !== undefined ? head.full_name !== base.full_name : head.fork === true;
    }
  } catch {
    // An unreadable event file only costs us the fork hint.
  }
  return context;
}
