/**
 * Races work against a time limit. When the limit passes first, the work's
 * signal is aborted with the limit's error and the race rejects with that
 * error at once, whether or not the work heeds the signal (some libraries
 * ignore it). The timer is cleared either way, so it never holds the process.
 */
export async function withTimeLimit<T>(work: (signal: AbortSignal) => Promise<T>, limitMs: number, limitError: () => Error): Promise<T> {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = limitError();
      abort.abort(error);
      reject(error);
    }, limitMs);
  });
  try {
    return await Promise.race([work(abort.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}
