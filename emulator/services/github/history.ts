// The default branch's commits, its tags and its releases.

import type { FixtureRelease } from '../../fixtures/github-repos.ts';
import { sendJson } from '../../http.ts';
import type { Route } from '../../http.ts';
import { apiUrl, commonHeaders, error, repoRoute, sendPage } from './common.ts';
import { commitJson, historyIndex, releaseJson } from './shapes.ts';

const newestFirst = (a: FixtureRelease, b: FixtureRelease): number => b.published_at.localeCompare(a.published_at);

export function historyRoutes(): Route[] {
  return [
    repoRoute('GET', '/commits', (ctx, found) => {
      const start = historyIndex(found.repo, ctx.query.sha || found.repo.default_branch);
      if (start === -1)
        return error(ctx, 404, `No commit found for SHA: ${ctx.query.sha}`, 'https://docs.github.com/rest/commits/commits#list-commits');
      const commits = found.repo.history.slice(0, start + 1).reverse();
      sendPage(ctx, commits, (commit) => commitJson(ctx, found.name, commit));
    }),
    repoRoute('GET', '/tags', (ctx, found) => {
      sendPage(ctx, found.repo.tags, (tag) => ({
        name: tag.name,
        commit: { sha: tag.sha, url: apiUrl(ctx, `/repos/${found.name}/commits/${tag.sha}`) },
        zipball_url: apiUrl(ctx, `/repos/${found.name}/zipball/refs/tags/${tag.name}`),
        tarball_url: apiUrl(ctx, `/repos/${found.name}/tarball/refs/tags/${tag.name}`),
        node_id: `REF_${tag.name}`,
      }));
    }),
    repoRoute('GET', '/releases/latest', (ctx, found) => {
      const latest = found.repo.releases.filter((release) => !release.draft && !release.prerelease).sort(newestFirst)[0];
      if (!latest) return error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/releases/releases#get-the-latest-release');
      sendJson(ctx, 200, releaseJson(found.name, latest), commonHeaders());
    }),
    repoRoute('GET', '/releases', (ctx, found) => {
      sendPage(ctx, [...found.repo.releases].sort(newestFirst), (release) => releaseJson(found.name, release));
    }),
  ];
}
