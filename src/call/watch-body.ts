/**
 * Guards a response body against stalls. The `openai` client's timeout ends
 * when the headers arrive; a body (streamed or not) that then stops sending
 * bytes would hold the runner forever. The guard errors the body when no
 * byte arrives for `idleMs`, or when the call's overall deadline passes, and
 * cancels the underlying connection so no socket is left behind.
 */

/** No byte for the attempt timeout, or the overall deadline passed mid-body. */
export class StallError extends Error {
  readonly idleMs: number;
  readonly deadline: boolean;
  constructor(idleMs: number, deadline: boolean) {
    super(deadline ? 'the overall deadline passed while the answer was still arriving' : `no data for ${idleMs / 1000} s`);
    this.name = 'StallError';
    this.idleMs = idleMs;
    this.deadline = deadline;
  }
}

/** Statuses that cannot carry a body in a `Response`. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function watchBody(response: Response, limits: { idleMs: number; deadlineAt: number; now?: () => number }): Response {
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
  const now = limits.now ?? Date.now;
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;

  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  const body = new ReadableStream<Uint8Array>({
    // The timer runs only while a read is pending: a slow consumer is not a stalled server.
    async pull(controller) {
      const left = limits.deadlineAt - now();
      const wait = Math.max(0, Math.min(limits.idleMs, left));
      timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        controller.error(new StallError(limits.idleMs, left < limits.idleMs));
        reader.cancel().catch(() => undefined);
      }, wait);
      try {
        const { done, value } = await reader.read();
        stop();
        if (settled) return;
        if (done) {
          settled = true;
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        stop();
        if (settled) return;
        settled = true;
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      settled = true;
      return reader.cancel(reason);
    },
  });

  const watched = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // Keep the final URL for error messages and logs (a new Response has none).
  Object.defineProperty(watched, 'url', { value: response.url });
  return watched;
}
