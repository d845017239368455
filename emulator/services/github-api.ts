// GitHub REST API (github.com and GitHub Enterprise Server shape): the endpoints the action's
// workflow-context variables and PR comments use, served from the fixture repositories in
// config.githubApi.repos (emulator/fixtures/github-repos.ts). Routes answer both at the root
// (github.com: https://api.github.com/repos/...) and under /api/v3 (GHES), which is what
// env() points GITHUB_API_URL at, so a path prefix is exercised on every run.
//
// Checks in GitHub's order: route -> authentication (401) -> repository visibility (404) ->
// media type (406) -> write permission (403) -> validation (422).

import type { Route } from '../http.ts';
import { commentRoutes } from './github/comments.ts';
import { graphqlRoute } from './github/graphql.ts';
import { historyRoutes } from './github/history.ts';
import { pullRoutes } from './github/pulls.ts';
import { reviewRoutes } from './github/reviews.ts';

export { GITHUB_API_PREFIX } from './github/common.ts';

export function githubApiRoutes(): Route[] {
  return [graphqlRoute(), ...pullRoutes(), ...reviewRoutes(), ...historyRoutes(), ...commentRoutes()];
}
