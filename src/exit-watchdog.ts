/**
 * After the step's result is final (outputs or the error annotation written),
 * a request that a library cannot cancel, such as a managed-identity endpoint
 * that accepts the connection and never answers, must not hold the runner
 * until the job's time limit. The timer is unref'd: it never delays a normal
 * exit; it fires only when something still keeps the process alive.
 */
const LINGER_GRACE_MS = 3000;

export const LINGER_WARNING = 'A network request was still open after the step finished; the action ended it.';

export function endLingeringRequests(warn: (message: string) => void, graceMs = LINGER_GRACE_MS): void {
  setTimeout(() => {
    warn(`${LINGER_WARNING} (It outlived the step by ${graceMs / 1000} s.)`);
    // The only forced exit: nothing is being written any more, and process.exitCode holds the result.
    // eslint-disable-next-line no-restricted-properties -- runs only once the step's result is final (see above)
    process.exit();
  }, graceMs).unref();
}
