/**
 * Appends to the job summary file (GITHUB_STEP_SUMMARY) synchronously: the
 * asynchronous write of core.summary.write() would be the run's only use of
 * libuv's thread pool, which costs a thread start for one write. The error
 * messages are @actions/core's, so they read the same.
 */
import { appendFileSync } from 'node:fs';

export function appendJobSummary(markdown: string, env: Record<string, string | undefined>): void {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  }
  try {
    appendFileSync(path, markdown, 'utf8');
  } catch {
    throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
  }
}
