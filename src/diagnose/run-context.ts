/** Facts about the workflow run that explain identity failures (fork pull requests, Dependabot). */
import { readFileSync } from 'node:fs';
import { isForkPullRequest } from '../context/event.ts';
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
    if (payload.pull_request)
      context.event.forkPullRequest = isForkPullRequest(payload.pull_request.head?.repo, payload.pull_request.base?.repo);
  } catch {
    // An unreadable event file only costs us the fork hint.
  }
  return context;
}
