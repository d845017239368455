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
    if (head && base) context.event.forkPullRequest = head.fork === true || (head.full_name !== undefined && head.full_name !== base.full_name);
  } catch {
    // An unreadable event file only costs us the fork hint.
  }
  return context;
}
