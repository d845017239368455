// Where GitHub takes a pull request review comment, decided by parsing the unified diff the emulator serves
// for the pull request (github-api.ts unifiedDiff): its own reading, independent of the action's, so that a
// comment the action misplaces is refused here as GitHub refuses it.
//
// GitHub's 422 wordings for a review (all or nothing: one bad comment refuses the review, naming none):
//   "Path could not be resolved"             a path not in the diff (warpdotdev/oz-for-oss#310, PyGithub's log)
//   "Line could not be resolved"             a line not in the diff on its side (facts file; GitHub REST answers)
//   "Pull request review thread line must be part of the diff, Pull request review thread start line must be
//    part of the same hunk as the line., and Pull request review thread diff hunk can't be blank"
//                                            a range across hunks (facts file, recorded from api.github.com)
//   "pull_request_review_thread.start_line must precede the end line."
//                                            start_line not before line (mitchspano/sfdx-scan-pull-request#10)

export interface ServedHunkLines {
  /** New-side numbers of added and context lines -> hunk index. */
  right: Map<number, number>;
  /** Old-side numbers of deleted and context lines -> hunk index (GitHub shows both on the left). */
  left: Map<number, number>;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The served diff's lines by path: for each file, which numbers each side has and in which hunk. */
export function servedDiffLines(diff: string): Map<string, ServedHunkLines> {
  const files = new Map<string, ServedHunkLines>();
  let current: ServedHunkLines | undefined;
  let hunk = -1;
  let oldNo = 0;
  let newNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  let oldPath = '';
  for (const line of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('\\')) continue;
      if (line.startsWith('+')) {
        current?.right.set(newNo++, hunk);
        newLeft--;
      } else if (line.startsWith('-')) {
        current?.left.set(oldNo++, hunk);
        oldLeft--;
      } else {
        current?.left.set(oldNo++, hunk);
        current?.right.set(newNo++, hunk);
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (line.startsWith('diff --git ')) {
      current = { right: new Map(), left: new Map() };
      hunk = -1;
      oldPath = '';
    } else if (line.startsWith('--- ')) {
      oldPath = line.slice(4).replace(/^a\//, '');
    } else if (line.startsWith('+++ ') && current) {
      const newPath = line.slice(4).replace(/^b\//, '');
      files.set(newPath === '/dev/null' ? oldPath : newPath, current);
    } else if (line.startsWith('Binary files ') && current) {
      const m = / and (?:b\/)?(.+) differ$/.exec(line);
      if (m?.[1]) files.set(m[1] === '/dev/null' ? (/^Binary files a\/(.+) and/.exec(line)?.[1] ?? '') : m[1], current);
    } else {
      const m = HUNK.exec(line);
      if (m) {
        hunk++;
        oldNo = Number(m[1]);
        oldLeft = Number(m[2] ?? '1');
        newNo = Number(m[3]);
        newLeft = Number(m[4] ?? '1');
      }
    }
  }
  return files;
}

export interface ReviewCommentInput {
  path?: unknown;
  line?: unknown;
  side?: unknown;
  start_line?: unknown;
  start_side?: unknown;
  body?: unknown;
}

/** GitHub's 422 `errors` entry for the first comment it would refuse, or undefined when it takes every one. */
export function placementError(files: Map<string, ServedHunkLines>, comments: ReviewCommentInput[]): string | undefined {
  for (const comment of comments) {
    const file = typeof comment.path === 'string' ? files.get(comment.path) : undefined;
    if (!file) return 'Path could not be resolved';
    const side = comment.side === 'LEFT' ? 'left' : 'right';
    const line = typeof comment.line === 'number' ? comment.line : NaN;
    const hunk = file[side].get(line);
    if (hunk === undefined) return 'Line could not be resolved';
    if (comment.start_line === undefined || comment.start_line === null) continue;
    const startSide = comment.start_side === 'LEFT' ? 'left' : comment.start_side === 'RIGHT' ? 'right' : side;
    const start = typeof comment.start_line === 'number' ? comment.start_line : NaN;
    if (startSide === side && start >= line) return 'pull_request_review_thread.start_line must precede the end line.';
    if (file[startSide].get(start) !== hunk) {
      return "Pull request review thread line must be part of the diff, Pull request review thread start line must be part of the same hunk as the line., and Pull request review thread diff hunk can't be blank";
    }
  }
  return undefined;
}
