/**
 * Whether a failed attempt of the model call is worth repeating, and why it
 * failed, in a few words for the log. Network errors, timeouts, 408, 409, 429
 * and 5xx are transient; 400, 401, 403 and 404 never are (retrying a missing
 * role only hides it); an unusable answer says itself whether another attempt
 * may help (answer.ts).
 */
import { BodyTooLargeError } from '../bounded-body.ts';
import { findInChain, messageOf, networkCode } from '../errors.ts';
import { MalformedAnswerError } from './answer.ts';
import { StallError } from './watch-body.ts';

export interface AttemptFailure {
  /** HTTP status, when the service answered. */
  status?: number;
  /** Response headers, when the service answered. */
  headers?: Headers;
  /** The attempt timed out. */
  timedOut?: boolean;
  /** ... because the answer stopped arriving midway (no byte for the attempt timeout). */
  stalled?: boolean;
  /** A connection-level error code (ECONNRESET, ENOTFOUND, ...). */
  code?: string;
  /** A 200 without a usable answer (answer.ts): a few words for the log, and whether another attempt may help. */
  malformed?: { label: string; message: string; retryable: boolean };
}

/** Connection errors that will not heal within a run: a wrong host name, a certificate problem. */
const PERMANENT_NETWORK_CODES = new Set([
  'ENOTFOUND',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isRetryable(failure: AttemptFailure): boolean {
  if (failure.malformed) return failure.malformed.retryable;
  if (failure.timedOut) return true;
  if (failure.status !== undefined) {
    return failure.status === 408 || failure.status === 409 || failure.status === 429 || failure.status >= 500;
  }
  return failure.code === undefined || !PERMANENT_NETWORK_CODES.has(failure.code);
}

/**
 * The `openai` error classes the classification tells apart, from the loaded
 * module: by identity, not by class name, which a minified bundle changes.
 */
export interface OpenAIErrorClasses {
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIError: abstract new (...args: never[]) => Error;
}

/** Reads the status, headers, timeout flag and network code from an `openai` error. */
export function describeFailure(error: unknown, classes: OpenAIErrorClasses): AttemptFailure {
  const failure: AttemptFailure = {};
  if (error && typeof error === 'object') {
    const e = error as { status?: unknown; headers?: unknown; name?: unknown };
    if (typeof e.status === 'number') failure.status = e.status;
    if (e.headers instanceof Headers) failure.headers = e.headers;
    if (error instanceof classes.APIConnectionTimeoutError || e.name === 'TimeoutError') failure.timedOut = true;
  }
  const stall = findInChain(error, StallError);
  if (stall) {
    failure.timedOut = true;
    failure.stalled = true;
  }
  const tooLarge = findInChain(error, BodyTooLargeError);
  const malformed = findInChain(error, MalformedAnswerError);
  if (tooLarge) failure.malformed = { label: 'answer too large', message: tooLarge.message, retryable: false };
  else if (malformed) failure.malformed = { label: malformed.label, message: malformed.message, retryable: malformed.retryable };
  else if (error instanceof SyntaxError)
    failure.malformed = { label: 'unreadable JSON', message: `the answer is not valid JSON (${error.message})`, retryable: true };
  // An `error` event inside a 200 stream: the client raises an APIError without a status.
  else if (failure.status === undefined && error instanceof classes.APIError && error.constructor === classes.APIError) {
    failure.malformed = { label: 'error in the stream', message: `the stream carried an error: ${messageOf(error)}`, retryable: true };
  }
  if (failure.status === undefined && !failure.timedOut && !failure.malformed) {
    const code = networkCode(error);
    if (code !== undefined) failure.code = code;
  }
  return failure;
}

export function failureLabel(failure: AttemptFailure): string {
  if (failure.malformed) return failure.malformed.label;
  if (failure.stalled) return 'stalled';
  if (failure.timedOut) return 'timed out';
  if (failure.status !== undefined) return `HTTP ${failure.status}`;
  if (failure.code === 'UND_ERR_SOCKET' || failure.code === 'ECONNRESET') return `connection reset (${failure.code})`;
  return failure.code ?? 'connection error';
}
