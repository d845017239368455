// GitHub's JSON for commits, files, pull requests, comments and releases, and the unified diff
// it serves, built from the fixture repositories.

import type { FixtureComment, FixtureCommit, FixtureFile, FixturePull, FixtureRelease, FixtureRepo } from '../../fixtures/github-repos.ts';
import type { RequestContext } from '../../http.ts';
import { apiUrl, error, user } from './common.ts';

export function commitJson(ctx: RequestContext, repoName: string, commit: FixtureCommit) {
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha.slice(0, 12)}`,
    url: apiUrl(ctx, `/repos/${repoName}/commits/${commit.sha}`),
    html_url: `https://github.com/${repoName}/commit/${commit.sha}`,
    commit: {
      message: commit.message,
      author: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
      committer: { name: 'GitHub', email: 'noreply@github.com', date: commit.author.date },
    },
    author: commit.author.login ? user(commit.author.login) : null,
    committer: user('web-flow'),
    parents: [],
  };
}

export function fileJson(repoName: string, sha: string, file: FixtureFile) {
  return {
    sha: sha.slice(0, 7) + file.filename.length.toString(16).padStart(33, '0'),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `https://github.com/${repoName}/blob/${sha}/${file.filename}`,
    raw_url: `https://github.com/${repoName}/raw/${sha}/${file.filename}`,
    ...(file.patch !== undefined ? { patch: file.patch } : {}),
    ...(file.previous_filename ? { previous_filename: file.previous_filename } : {}),
  };
}

/** The unified diff GitHub serves for a pull request or a comparison. */
export function unifiedDiff(files: FixtureFile[]): string {
  const parts: string[] = [];
  for (const f of files) {
    const from = f.previous_filename ?? f.filename;
    const lines = [`diff --git a/${from} b/${f.filename}`];
    if (f.status === 'added') lines.push('new file mode 100644');
    if (f.status === 'removed') lines.push('deleted file mode 100644');
    lines.push(`index 1111111..2222222${f.status === 'added' || f.status === 'removed' ? '' : ' 100644'}`);
    if (f.patch === undefined) {
      lines.push(
        `Binary files ${f.status === 'added' ? '/dev/null' : `a/${from}`} and ${f.status === 'removed' ? '/dev/null' : `b/${f.filename}`} differ`,
      );
    } else {
      lines.push(
        `--- ${f.status === 'added' ? '/dev/null' : `a/${from}`}`,
        `+++ ${f.status === 'removed' ? '/dev/null' : `b/${f.filename}`}`,
        f.patch,
      );
    }
    parts.push(`${lines.join('\n')}\n`);
  }
  return parts.join('');
}

export function diffTooLarge(ctx: RequestContext, files: FixtureFile[]): boolean {
  const cfg = ctx.state.config.githubApi;
  const documentation = 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files';
  const errors = [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }];
  if (files.length > cfg.diffMaxFiles) {
    error(
      ctx,
      406,
      `Sorry, the diff exceeded the maximum number of files (${cfg.diffMaxFiles}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
      documentation,
      { errors },
    );
    return true;
  }
  const lines = files.reduce((n, f) => n + (f.patch?.split('\n').length ?? 0), 0);
  if (lines > cfg.diffMaxLines) {
    error(
      ctx,
      406,
      `Sorry, the diff exceeded the maximum number of lines (${cfg.diffMaxLines}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
      documentation,
      { errors },
    );
    return true;
  }
  return false;
}

export function pullJson(ctx: RequestContext, repoName: string, repo: FixtureRepo, pr: FixturePull) {
  const repoJson = (full: string | null) =>
    full === null
      ? null
      : {
          full_name: full,
          name: full.split('/')[1],
          owner: user(full.split('/')[0] ?? ''),
          fork: full !== repoName,
          private: repo.private,
        };
  const additions = pr.files.reduce((n, f) => n + f.additions, 0);
  const deletions = pr.files.reduce((n, f) => n + f.deletions, 0);
  const headOwner = (pr.head.repo ?? repoName).split('/')[0] ?? '';
  return {
    url: apiUrl(ctx, `/repos/${repoName}/pulls/${pr.number}`),
    html_url: `https://github.com/${repoName}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
    user: user(pr.user),
    base: { label: `${repoName.split('/')[0]}:${pr.base.ref}`, ref: pr.base.ref, sha: pr.base.sha, repo: repoJson(repoName) },
    head: { label: `${headOwner}:${pr.head.ref}`, ref: pr.head.ref, sha: pr.head.sha, repo: repoJson(pr.head.repo) },
    merged: false,
    commits: pr.commits.length,
    additions,
    deletions,
    changed_files: pr.files.length,
  };
}

export function commentJson(ctx: RequestContext, repoName: string, comment: FixtureComment) {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: apiUrl(ctx, `/repos/${repoName}/issues/comments/${comment.id}`),
    html_url: `https://github.com/${repoName}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
    issue_url: apiUrl(ctx, `/repos/${repoName}/issues/${comment.issue_number}`),
    body: comment.body,
    user: user(comment.user, comment.user_type),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: comment.author_association ?? (comment.user_type === 'Bot' ? 'NONE' : 'MEMBER'),
  };
}

export function releaseJson(repoName: string, release: FixtureRelease) {
  const { sha, ...rest } = release;
  return { ...rest, target_commitish: sha, html_url: `https://github.com/${repoName}/releases/tag/${release.tag_name}` };
}

/** Resolves a ref (sha, short sha, tag or branch name) to an index in the default branch's history. */
export function historyIndex(repo: FixtureRepo, ref: string): number {
  const bySha = repo.history.findIndex((c) => c.sha === ref || (ref.length >= 7 && c.sha.startsWith(ref)));
  if (bySha !== -1) return bySha;
  const tag =
    repo.tags.find((t) => t.name === ref || `refs/tags/${t.name}` === ref) ??
    repo.releases.find((r) => r.tag_name === ref || `refs/tags/${r.tag_name}` === ref);
  if (tag) return repo.history.findIndex((c) => c.sha === tag.sha);
  if (ref === repo.default_branch || ref === `refs/heads/${repo.default_branch}` || ref === 'HEAD') return repo.history.length - 1;
  return -1;
}

/** The files changed over several commits: one entry per path, counts added up. */
export function mergeFiles(commits: FixtureCommit[]): FixtureFile[] {
  const byName = new Map<string, FixtureFile>();
  for (const c of commits) {
    for (const f of c.files) {
      const seen = byName.get(f.filename);
      if (!seen) byName.set(f.filename, { ...f });
      else {
        seen.additions += f.additions;
        seen.deletions += f.deletions;
        seen.patch = seen.patch !== undefined && f.patch !== undefined ? `${seen.patch}\n${f.patch}` : seen.patch;
        if (seen.status === 'added' && f.status === 'removed') byName.delete(f.filename);
      }
    }
  }
  return [...byName.values()];
}
