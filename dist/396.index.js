export const id = 396;
export const ids = [396,944];
export const modules = {

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CX: () => (/* binding */ findInChain),
/* harmony export */   bD: () => (/* binding */ messageOf),
/* harmony export */   dR: () => (/* binding */ ActionFailure),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   e8: () => (/* binding */ networkCode),
/* harmony export */   fm: () => (/* binding */ MissingIdTokenError),
/* harmony export */   lD: () => (/* binding */ IdentityError)
/* harmony export */ });
/**
 * Error types that carry what the diagnosis needs. Each phase of a run wraps
 * what it throws in one of these, so `diagnose` can say which step failed.
 */
/** A bad input: reported before any network call, naming the input and what it accepts. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.name = 'InputError';
        this.input = input;
    }
}
/** The chosen identity could not produce an Entra token. */
class IdentityError extends Error {
    method;
    constructor(method, cause) {
        super(`Failed to get a Microsoft Entra token with ${method}: ${messageOf(cause)}`, { cause });
        this.name = 'IdentityError';
        this.method = method;
    }
}
/** A thrown error meaning "this job cannot mint a GitHub OIDC token". */
class MissingIdTokenError extends Error {
    constructor() {
        super('ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set');
        this.name = 'MissingIdTokenError';
    }
}
/** A diagnosed failure: the text is final and goes to the log as one annotation. */
class ActionFailure extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = 'ActionFailure';
    }
}
function messageOf(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
/** Walks an error's `cause` chain for a Node system error code. */
function networkCode(error) {
    let current = error;
    for (let depth = 0; current && depth < 6; depth++) {
        const code = current.code;
        if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code))
            return code;
        current = current.cause;
    }
    return undefined;
}
/** The first error of the given class in a cause chain. */
function findInChain(error, type) {
    let current = error;
    for (let depth = 0; current && depth < 6; depth++) {
        if (current instanceof type)
            return current;
        current = current.cause;
    }
    return undefined;
}


/***/ }),

/***/ 1561:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/call/answer.ts
/**
 * The model's answer as the action reports it, read from a whole chat
 * completion or assembled from a stream (read-stream.ts): both paths yield
 * the same shape, so the outputs do not depend on how the answer arrived.
 * Pure.
 */
/** A 200 that carries no usable answer: what was wrong, and whether another attempt may help. */
class MalformedAnswerError extends Error {
    retryable;
    /** A few words for the log ("no choices", "HTML instead of JSON"). */
    label;
    constructor(label, message, retryable) {
        super(message);
        this.name = 'MalformedAnswerError';
        this.label = label;
        this.retryable = retryable;
    }
}
const NO_CHOICES = () => new MalformedAnswerError('no choices', 'the service answered 200 with no choices', true);
function answerFromCompletion(data) {
    const choice = data.choices?.[0];
    if (!choice)
        throw NO_CHOICES();
    return {
        text: choice.message?.content ?? '',
        finishReason: choice.finish_reason ?? 'unknown',
        promptTokens: data.usage?.prompt_tokens ?? 0,
        completionTokens: data.usage?.completion_tokens ?? 0,
        totalTokens: data.usage?.total_tokens ?? 0,
        model: data.model ?? '',
        filtered: filteredCategories(choice.content_filter_results),
    };
}
/** "violence (severity medium)", "protected_material_code (detected)" for each category marked filtered. */
function filteredCategories(results) {
    if (!results || typeof results !== 'object')
        return [];
    return Object.entries(results)
        .filter(([, value]) => value?.filtered === true)
        .map(([name, value]) => (value?.severity ? `${name} (severity ${value.severity})` : `${name} (detected)`));
}

// EXTERNAL MODULE: ./src/errors.ts
var src_errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/call/http-fetch.ts
/**
 * The `fetch` the `openai` client is given: node:http and node:https under
 * the standard fetch signature (the client's documented `fetch` option).
 *
 * Why not the global fetch: its HTTP parser is WebAssembly, and a streamed
 * answer makes it hot enough that V8 optimises it on a background thread,
 * which the process then waits for at exit (about 25 ms of a 200 ms run,
 * npm run bench). node:http parses natively, as Entra's and GitHub's
 * requests already do.
 *
 * What the client needs is all it does: method, headers, a string or byte
 * body, an AbortSignal, and a streamed Response. Bodies arrive as sent
 * (no Accept-Encoding is added). Redirects are not followed: the client
 * sees them as errors, as Azure OpenAI sends none.
 */



/** Statuses whose Response cannot have a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const httpFetch = (input, init = {}) => new Promise((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
        reject(abortError(signal));
        return;
    }
    const send = url.protocol === 'https:' ? external_node_https_.request : url.protocol === 'http:' ? external_node_http_.request : undefined;
    if (!send) {
        reject(new TypeError(`httpFetch: unsupported protocol ${url.protocol}`));
        return;
    }
    const headers = new Headers(init.headers);
    const body = bodyBytes(init.body);
    if (body !== undefined && !headers.has('content-length'))
        headers.set('content-length', String(body.byteLength));
    const req = send(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers) });
    let response;
    const onAbort = () => {
        const error = abortError(signal);
        // Once the answer has begun, the abort errors its body, as fetch's does.
        if (response)
            response.destroy(error);
        else
            req.destroy(error);
        reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
    });
    req.on('response', (res) => {
        response = res;
        const responseHeaders = new Headers();
        for (const [name, values] of Object.entries(res.headersDistinct))
            for (const value of values ?? [])
                responseHeaders.append(name, value);
        const status = res.statusCode ?? 0;
        const hasBody = !NULL_BODY_STATUSES.has(status) && (init.method ?? 'GET').toUpperCase() !== 'HEAD';
        // The abort still ends the body while it streams; it is released when the body ends.
        res.once('close', () => signal?.removeEventListener('abort', onAbort));
        if (!hasBody)
            res.resume();
        resolve(new Response(hasBody ? external_node_stream_.Readable.toWeb(res) : null, {
            status,
            statusText: res.statusMessage ?? '',
            headers: responseHeaders,
        }));
    });
    req.end(body);
});
function bodyBytes(body) {
    if (body === undefined || body === null)
        return undefined;
    if (typeof body === 'string')
        return Buffer.from(body);
    if (body instanceof Uint8Array)
        return body;
    if (body instanceof ArrayBuffer)
        return new Uint8Array(body);
    throw new TypeError('httpFetch: only string and byte bodies are supported');
}
function abortError(signal) {
    return signal?.reason instanceof Error && signal.reason.name !== 'TimeoutError'
        ? signal.reason
        : new DOMException('This operation was aborted', 'AbortError');
}

;// CONCATENATED MODULE: ./src/call/read-stream.ts
/**
 * Reads a streamed chat completion into the same Answer a non-streamed call
 * gives (answer.ts), and logs a progress line every few seconds so a long
 * generation shows signs of life. The text itself goes to the debug log only.
 *
 * Azure interleaves annotation chunks with the content: a first chunk with
 * empty `choices` and `prompt_filter_results`, chunks whose choice has no
 * `delta` but `content_filter_offsets` (after the finish), and a last chunk
 * with empty `choices` and the `usage`. None of them may end the answer.
 */

const PROGRESS_INTERVAL_MS = 5000;
async function readChatStream(chunks, options) {
    const now = options.now ?? Date.now;
    const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
    const started = now();
    let lastProgress = started;
    let text = '';
    let reported = 0;
    let pieces = 0;
    let sawChoice = false;
    let finishReason;
    let model = '';
    let usage;
    const filtered = new Set();
    for await (const chunk of chunks) {
        if (!model && chunk.model)
            model = chunk.model;
        if (chunk.usage)
            usage = chunk.usage;
        for (const choice of chunk.choices ?? []) {
            if ((choice.index ?? 0) !== 0)
                continue;
            sawChoice = true;
            const piece = choice.delta?.content;
            if (piece) {
                text += piece;
                pieces += 1;
            }
            if (choice.finish_reason)
                finishReason = choice.finish_reason;
            for (const category of filteredCategories(choice.content_filter_results))
                filtered.add(category);
        }
        const at = now();
        if (at - lastProgress >= interval) {
            lastProgress = at;
            options.progress(`Streaming: ${pieces} token${pieces === 1 ? '' : 's'} so far (${Math.round((at - started) / 1000)} s).`);
            if (text.length > reported)
                options.debug(`Streamed text so far (+${text.length - reported} characters): ${text.slice(reported)}`);
            reported = text.length;
        }
    }
    if (!sawChoice)
        throw NO_CHOICES();
    if (finishReason === undefined) {
        throw new MalformedAnswerError('stream ended early', `the stream ended after ${pieces} tokens without a finish reason`, true);
    }
    return {
        text,
        finishReason,
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens: usage?.completion_tokens ?? 0,
        totalTokens: usage?.total_tokens ?? 0,
        model,
        filtered: [...filtered],
    };
}
/** The first dated API version whose streams carry usage (`stream_options.include_usage`). */
const FIRST_STREAM_USAGE_VERSION = '2024-09-01';
/**
 * Whether to stream: older dated API versions reject `stream_options`, and a
 * stream without usage could not give the token outputs, so those calls go
 * unstreamed, and say so.
 */
function streamDecision(wanted, apiVersion) {
    if (!wanted)
        return { stream: false };
    if (apiVersion === 'v1' || apiVersion.slice(0, 10) >= FIRST_STREAM_USAGE_VERSION)
        return { stream: true };
    return {
        stream: false,
        note: `api-version ${apiVersion} predates token usage in streamed answers (${FIRST_STREAM_USAGE_VERSION} or v1): calling without streaming.`,
    };
}

;// CONCATENATED MODULE: ./src/call/redact.ts
/**
 * Debug lines for the model call's HTTP traffic, with credentials redacted.
 * Tokens are masked by the runner as well, but a debug line must be safe on
 * its own: it may be copied into an issue, or a mask may miss a re-encoding.
 */
/** Headers whose values are credentials. */
const SECRET_HEADERS = new Set(['authorization', 'api-key', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ms-client-secret']);
function redactHeaders(headers) {
    const out = {};
    for (const [name, value] of new Headers(headers ?? {})) {
        out[name] = SECRET_HEADERS.has(name) ? redactValue(value) : value;
    }
    return out;
}
/** Keeps the scheme word of an Authorization value ("Bearer"), drops the credential. */
function redactValue(value) {
    const scheme = /^(\w+)\s+\S/.exec(value)?.[1];
    return scheme ? `${scheme} [redacted]` : '[redacted]';
}
function describeRequest(input, init) {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const body = init?.body;
    const size = typeof body === 'string' ? ` (${Buffer.byteLength(body)} bytes of JSON)` : '';
    return `HTTP request: ${method} ${url} headers ${JSON.stringify(redactHeaders(init?.headers))}${size}`;
}
function describeResponse(response) {
    const id = response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? 'none';
    return `HTTP response: ${response.status} ${response.headers.get('content-type') ?? '(no content type)'}, request id ${id}`;
}

;// CONCATENATED MODULE: ./src/call/retry.ts
/**
 * When to try the model call again, and how long to wait first. Classify
 * before retrying: network errors, timeouts, 408, 409, 429 and 5xx are
 * transient; 400, 401, 403 and 404 never are (retrying a missing role only
 * hides it). No sleep after the last attempt.
 */
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
function isRetryable(failure) {
    if (failure.malformed)
        return failure.malformed.retryable;
    if (failure.timedOut)
        return true;
    if (failure.status !== undefined) {
        return failure.status === 408 || failure.status === 409 || failure.status === 429 || failure.status >= 500;
    }
    return failure.code === undefined || !PERMANENT_NETWORK_CODES.has(failure.code);
}
/** IMF-fixdate, the form RFC 9110 requires of senders: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
/** The wait the service asked for: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
function serverRetryDelayMs(headers, nowMs) {
    if (!headers)
        return undefined;
    // An empty header must not read as 0 (Number('') === 0).
    const ms = Number(headers.get('retry-after-ms')?.trim() || Number.NaN);
    if (Number.isFinite(ms) && ms >= 0)
        return ms;
    const after = headers.get('retry-after');
    if (after === null || after.trim() === '')
        return undefined;
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds * 1000;
    // Only a real HTTP date: V8's Date.parse also reads garbage such as '-1' or 'soon 5' as dates in 2001.
    const date = HTTP_DATE.test(after.trim()) ? Date.parse(after) : Number.NaN;
    return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;
/**
 * The overall deadline of a call, derived rather than configured: every
 * attempt's timeout plus the longest wait allowed before each retry. It never
 * cuts a call that keeps to its per-attempt limits; it bounds what they
 * cannot, a stream that keeps trickling (its timeout is per pause, not total).
 */
function overallDeadlineMs(timeoutMs, maxRetries, maxRetryWaitMs) {
    return timeoutMs * (maxRetries + 1) + maxRetries * Math.max(maxRetryWaitMs, BACKOFF_CAP_MS);
}
/** Exponential backoff with full jitter: attempt 1 waits up to 0.5 s, then 1 s, 2 s, ... capped at 8 s. */
function backoffDelayMs(retryNumber, random = Math.random) {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retryNumber - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

;// CONCATENATED MODULE: ./src/call/watch-body.ts
/**
 * Guards a response body against stalls. The `openai` client's timeout ends
 * when the headers arrive; a body (streamed or not) that then stops sending
 * bytes would hold the runner forever. The guard errors the body when no
 * byte arrives for `idleMs`, or when the call's overall deadline passes, and
 * cancels the underlying connection so no socket is left behind.
 */
/** No byte for the attempt timeout, or the overall deadline passed mid-body. */
class StallError extends Error {
    idleMs;
    deadline;
    constructor(idleMs, deadline) {
        super(deadline ? 'the overall deadline passed while the answer was still arriving' : `no data for ${idleMs / 1000} s`);
        this.name = 'StallError';
        this.idleMs = idleMs;
        this.deadline = deadline;
    }
}
/** Statuses that cannot carry a body in a `Response`. */
const watch_body_NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
function watchBody(response, limits) {
    if (!response.body || watch_body_NULL_BODY_STATUSES.has(response.status))
        return response;
    const now = limits.now ?? Date.now;
    const reader = response.body.getReader();
    let timer;
    let settled = false;
    const stop = () => {
        if (timer !== undefined)
            clearTimeout(timer);
        timer = undefined;
    };
    const body = new ReadableStream({
        // The timer runs only while a read is pending: a slow consumer is not a stalled server.
        async pull(controller) {
            const left = limits.deadlineAt - now();
            const wait = Math.max(0, Math.min(limits.idleMs, left));
            timer = setTimeout(() => {
                if (settled)
                    return;
                settled = true;
                controller.error(new StallError(limits.idleMs, left < limits.idleMs));
                reader.cancel().catch(() => undefined);
            }, wait);
            try {
                const { done, value } = await reader.read();
                stop();
                if (settled)
                    return;
                if (done) {
                    settled = true;
                    controller.close();
                }
                else {
                    controller.enqueue(value);
                }
            }
            catch (error) {
                stop();
                if (settled)
                    return;
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

;// CONCATENATED MODULE: ./src/call/token-limit.ts
/**
 * The token limit's parameter name. Newer models (the o-series, gpt-5) take
 * only `max_completion_tokens`; some older deployments and API versions only
 * `max_tokens`. The action sends `max_completion_tokens`; when a 400 says the
 * name is unsupported it retries once with the other name and keeps that
 * name for the rest of the run (one process is one run).
 */
const TOKEN_LIMIT_PARAMS = ['max_completion_tokens', 'max_tokens'];
let runChoice = 'max_completion_tokens';
/** The name this run sends. */
function tokenLimitParam() {
    return runChoice;
}
/** Keeps `param` for the rest of the run. */
function rememberTokenLimitParam(param) {
    runChoice = param;
}
/** The token limit under the name this run sends. */
function tokenLimitField(maxTokens) {
    return runChoice === 'max_tokens' ? { max_tokens: maxTokens } : { max_completion_tokens: maxTokens };
}
/** The token-limit name an error answer rejects, if that is what it says. Pure. */
function rejectedTokenLimitParam(status, errorBody) {
    if (status !== 400 || !errorBody)
        return undefined;
    let error;
    try {
        error = JSON.parse(errorBody).error;
    }
    catch {
        return undefined;
    }
    if (!error)
        return undefined;
    const named = TOKEN_LIMIT_PARAMS.find((p) => p === error.param);
    if (named && error.code === 'unsupported_parameter')
        return named;
    // "Unsupported parameter: 'max_tokens' is not supported with this model." (reasoning models);
    // "Unrecognized request argument supplied: max_completion_tokens" (older API versions).
    const message = typeof error.message === 'string' ? error.message : '';
    const match = /(?:Unsupported parameter|Unrecognized request argument supplied):\s*'?(max_completion_tokens|max_tokens)\b/.exec(message);
    return match ? match[1] : undefined;
}
/**
 * The request body to retry with when the answer rejected the token-limit
 * name the body carries, with the names involved; undefined otherwise. Pure.
 */
function tokenLimitFallback(body, status, errorBody) {
    const rejected = rejectedTokenLimitParam(status, errorBody);
    if (!rejected || !(rejected in body))
        return undefined;
    const to = rejected === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
    const { [rejected]: value, ...rest } = body;
    return { body: { ...rest, [to]: value }, from: rejected, to };
}

;// CONCATENATED MODULE: ./src/call/call-deployment.ts
/**
 * Calls the deployment's chat-completions route with the `openai` client,
 * one attempt at a time: the retry policy is ours (see retry.ts) so that
 * every attempt, wait and reason is logged and counted.
 */








/** A failed call, with what the diagnosis needs: the last answer and how many attempts were made. */
class CallError extends Error {
    status;
    body;
    headers;
    attempts;
    failure;
    /** The service asked to wait longer than max-retry-wait allows. */
    retryAfterMs;
    /** Why each attempt failed, in order. */
    reasons;
    /** Set when the call stopped at its overall deadline (milliseconds). */
    deadlineMs;
    constructor(cause, details) {
        super(cause instanceof Error ? cause.message : String(cause), { cause });
        this.name = 'CallError';
        this.failure = details.failure;
        this.status = details.failure.status;
        this.headers = details.failure.headers;
        this.body = details.body;
        this.attempts = details.attempts;
        this.retryAfterMs = details.retryAfterMs;
        this.reasons = details.reasons ?? [];
        this.deadlineMs = details.deadlineMs;
    }
}
let openaiModule;
/**
 * Starts loading the `openai` client (its chunk of the bundle) without
 * waiting: called while the token request travels, it is ready by the call.
 */
function loadClient() {
    openaiModule ??= __webpack_require__.e(/* import() */ 674).then(__webpack_require__.bind(__webpack_require__, 3674));
    return openaiModule;
}
async function callDeployment(request, options) {
    const { default: OpenAI } = await loadClient();
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    const started = now();
    const deadlineMs = overallDeadlineMs(options.timeoutMs, options.maxRetries, options.maxRetryWaitMs);
    const deadlineAt = started + deadlineMs;
    // The last error response's raw body: Azure's 401 has no `error` wrapper, which the client drops.
    // Every body is watched for stalls (watch-body.ts); a 200 that is not JSON fails here, named.
    let lastErrorBody;
    const recordingFetch = async (input, init) => {
        lastErrorBody = undefined;
        options.debug(describeRequest(input, init));
        const response = watchBody(await httpFetch(input, init), { idleMs: options.timeoutMs, deadlineAt, now });
        options.debug(describeResponse(response));
        if (!response.ok)
            lastErrorBody = await response
                .clone()
                .text()
                .catch(() => undefined);
        else
            await rejectUnexpectedContent(response);
        return response;
    };
    const client = new OpenAI({
        baseURL: request.route.baseURL,
        defaultQuery: request.route.query,
        apiKey: options.token,
        organization: null,
        project: null,
        maxRetries: 0,
        timeout: options.timeoutMs,
        fetch: recordingFetch,
        logLevel: 'off',
    });
    let body = {
        model: request.deployment,
        messages: request.messages,
        ...(request.maxTokens !== undefined ? tokenLimitField(request.maxTokens) : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.topP !== undefined ? { top_p: request.topP } : {}),
        ...(request.reasoningEffort !== undefined ? { reasoning_effort: request.reasoningEffort } : {}),
        ...(request.responseFormat !== undefined ? { response_format: request.responseFormat } : {}),
    };
    /** One attempt, streamed or not; both yield the same Answer. */
    const attemptOnce = async (timeout) => {
        if (request.stream) {
            const streamBody = { ...body, stream: true, stream_options: { include_usage: true } };
            const { data, response } = await client.chat.completions.create(streamBody, { timeout }).withResponse();
            return { answer: await readChatStream(data, { progress: options.log, debug: options.debug, now }), response };
        }
        const { data, response } = await client.chat.completions.create(body, { timeout }).withResponse();
        return { answer: answerFromCompletion(data), response };
    };
    options.debug(`Overall deadline of the call: ${deadlineMs / 1000} s (timeout \u00d7 attempts + the longest waits between them).`);
    const reasons = [];
    let tokenLimitRetries = 0;
    for (let attempt = 1;; attempt++) {
        try {
            // The last attempt gets only what is left before the deadline.
            const { answer, response } = await attemptOnce(Math.max(1, Math.min(options.timeoutMs, deadlineAt - now())));
            return {
                ...answer,
                requestId: response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? '',
                latencyMs: now() - started,
                attempts: attempt,
                retryReasons: reasons,
            };
        }
        catch (error) {
            const failure = describeFailure(error);
            // A 400 rejecting the token limit's name: once per call, and not counted as a retry (token-limit.ts).
            const fallback = tokenLimitRetries === 0 ? tokenLimitFallback(body, failure.status, lastErrorBody) : undefined;
            if (fallback) {
                ({ body } = fallback);
                tokenLimitRetries = 1;
                rememberTokenLimitParam(fallback.to);
                reasons.push(`${fallback.from} unsupported`);
                options.log(`Deployment ${request.deployment} does not accept ${fallback.from}; retrying once with ${fallback.to}, kept for the rest of this run.`);
                continue;
            }
            reasons.push(failureLabel(failure));
            const retriesLeft = options.maxRetries - (attempt - 1 - tokenLimitRetries);
            const asked = serverRetryDelayMs(failure.headers, now());
            const details = {
                failure,
                attempts: attempt,
                reasons: [...reasons],
                ...(lastErrorBody !== undefined ? { body: lastErrorBody } : {}),
                ...(now() >= deadlineAt ? { deadlineMs } : {}),
            };
            if (!isRetryable(failure) || retriesLeft <= 0)
                throw new CallError(error, details);
            if (asked !== undefined && asked > options.maxRetryWaitMs) {
                throw new CallError(error, { ...details, retryAfterMs: asked });
            }
            const wait = asked ?? backoffDelayMs(attempt);
            if (now() + wait >= deadlineAt)
                throw new CallError(error, { ...details, deadlineMs });
            options.log(`Attempt ${attempt} failed (${failureLabel(failure)}); retrying in ${formatWait(wait)} (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left).`);
            await sleep(wait);
        }
    }
}
/** Reads the status, headers, timeout flag and network code from an `openai` error. */
function describeFailure(error) {
    const failure = {};
    if (error && typeof error === 'object') {
        const e = error;
        if (typeof e.status === 'number')
            failure.status = e.status;
        if (e.headers instanceof Headers)
            failure.headers = e.headers;
        if (e.constructor?.name === 'APIConnectionTimeoutError' || e.name === 'TimeoutError')
            failure.timedOut = true;
    }
    const stall = (0,src_errors/* findInChain */.CX)(error, StallError);
    if (stall) {
        failure.timedOut = true;
        failure.stalled = true;
    }
    const malformed = (0,src_errors/* findInChain */.CX)(error, MalformedAnswerError);
    if (malformed)
        failure.malformed = { label: malformed.label, message: malformed.message, retryable: malformed.retryable };
    else if (error instanceof SyntaxError)
        failure.malformed = { label: 'unreadable JSON', message: `the answer is not valid JSON (${error.message})`, retryable: true };
    // An `error` event inside a 200 stream: the client raises an APIError without a status.
    else if (failure.status === undefined && error?.constructor?.name === 'APIError') {
        failure.malformed = { label: 'error in the stream', message: `the stream carried an error: ${(0,src_errors/* messageOf */.bD)(error)}`, retryable: true };
    }
    if (failure.status === undefined && !failure.timedOut && !failure.malformed) {
        const code = (0,src_errors/* networkCode */.e8)(error);
        if (code !== undefined)
            failure.code = code;
    }
    return failure;
}
function formatWait(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
function failureLabel(failure) {
    if (failure.malformed)
        return failure.malformed.label;
    if (failure.stalled)
        return 'stalled';
    if (failure.timedOut)
        return 'timed out';
    if (failure.status !== undefined)
        return `HTTP ${failure.status}`;
    if (failure.code === 'UND_ERR_SOCKET' || failure.code === 'ECONNRESET')
        return `connection reset (${failure.code})`;
    return failure.code ?? 'connection error';
}
/**
 * A 200 that is neither JSON nor an event stream is not Azure OpenAI talking:
 * a proxy, captive portal or firewall page. Another attempt would get the same
 * page, so it fails at once, quoting the page's title.
 */
async function rejectUnexpectedContent(response) {
    const type = response.headers.get('content-type');
    if (!type || /json|event-stream/i.test(type))
        return;
    const text = await response.text().catch(() => '');
    const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
    const snippet = (title ?? text).replace(/\s+/g, ' ').trim().slice(0, 160);
    const kind = /html/i.test(type) ? 'HTML' : (type.split(';')[0] ?? type).trim();
    throw new MalformedAnswerError(`${kind} instead of JSON`, `the endpoint answered ${response.status} with ${kind} instead of JSON${snippet ? `: "${snippet}"` : ''}`, false);
}

;// CONCATENATED MODULE: ./src/endpoint/cloud.ts
/**
 * Which Azure cloud an endpoint host belongs to, and what that implies for
 * the Entra authority and the token scope.
 */
const PUBLIC_CLOUD = {
    name: 'AzurePublic',
    authorityHost: 'https://login.microsoftonline.com',
    scope: 'https://cognitiveservices.azure.com/.default',
};
const US_GOVERNMENT_CLOUD = {
    name: 'AzureUSGovernment',
    authorityHost: 'https://login.microsoftonline.us',
    scope: 'https://cognitiveservices.azure.us/.default',
};
const CHINA_CLOUD = {
    name: 'AzureChina',
    authorityHost: 'https://login.chinacloudapi.cn',
    scope: 'https://cognitiveservices.azure.cn/.default',
};
/** Hosts of Entra that MSAL knows; any other authority needs instance discovery off. */
const MICROSOFT_LOGIN_HOSTS = new Set([
    'login.microsoftonline.com',
    'login.microsoft.com',
    'login.windows.net',
    'sts.windows.net',
    'login.microsoftonline.us',
    'login.usgovcloudapi.net',
    'login.chinacloudapi.cn',
    'login.partner.microsoftonline.cn',
]);
function cloudForHost(host) {
    const h = host.toLowerCase();
    if (h.endsWith('.azure.us') || h.endsWith('.usgovcloudapi.net'))
        return US_GOVERNMENT_CLOUD;
    if (h.endsWith('.azure.cn') || h.endsWith('.chinacloudapi.cn'))
        return CHINA_CLOUD;
    return PUBLIC_CLOUD;
}
function isMicrosoftLoginHost(authorityHost) {
    try {
        return MICROSOFT_LOGIN_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/endpoint/endpoint.ts
/**
 * Turns whatever a user pastes as the endpoint into one normalised form, and
 * builds the chat-completions route for an API version. Pure: no I/O.
 */


const ACCEPTED_ENDPOINT_FORMS = [
    'https://NAME.openai.azure.com (optionally followed by /openai or /openai/v1)',
    'https://NAME.cognitiveservices.azure.com',
    'https://NAME.services.ai.azure.com',
    'https://NAME.openai.azure.us or https://NAME.openai.azure.cn (sovereign clouds)',
    'NAME (the bare resource name)',
    "the portal's target URI: https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT/chat/completions?api-version=VERSION",
];
const ACCEPTED = `Accepted forms: ${ACCEPTED_ENDPOINT_FORMS.join('; ')}.`;
/** Azure resource names: letters, digits and hyphens, starting and ending alphanumeric. */
const RESOURCE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATED_API_VERSION = /^\d{4}-\d{2}-\d{2}(?:-preview)?$/;
/** Azure's own hosts for the resource, whose first label is the resource name. */
const AZURE_HOST = /\.(?:openai|cognitiveservices|services\.ai)\.azure\.(?:com|us|cn)$/i;
const FOUNDRY_PROJECT_PATH = /^\/api\/projects\/[^/]+$/;
/** DNS labels (URL has already lower-cased and punycoded them) or a bracketed IPv6 address; no trailing dot. */
const VALID_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
function isLoopbackHost(hostname) {
    return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}
function parseEndpoint(raw) {
    const text = raw.trim();
    if (text === '')
        throw new src_errors/* InputError */.dz('endpoint', `is empty. ${ACCEPTED}`);
    if (/\s/.test(text))
        throw new src_errors/* InputError */.dz('endpoint', `contains white space: '${text}'. ${ACCEPTED}`);
    if (RESOURCE_NAME.test(text))
        return parseEndpoint(`https://${text}.openai.azure.com`);
    // A host pasted without a scheme ("name.openai.azure.com/openai").
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new src_errors/* InputError */.dz('endpoint', `'${text}' is not a URL or a resource name. ${ACCEPTED}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new src_errors/* InputError */.dz('endpoint', `scheme '${url.protocol}' is not supported: use https. ${ACCEPTED}`);
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        throw new src_errors/* InputError */.dz('endpoint', `'${text}' uses http: tokens are only sent over https (http is allowed for loopback emulators on 127.0.0.1, ::1 or localhost). ${ACCEPTED}`);
    }
    if (url.username || url.password) {
        throw new src_errors/* InputError */.dz('endpoint', 'must not contain credentials (user:password@). This action never sends keys or passwords.');
    }
    if (!VALID_HOST.test(url.hostname)) {
        throw new src_errors/* InputError */.dz('endpoint', `'${text}' has no valid host name. ${ACCEPTED}`);
    }
    const { pathPrefix, deployment, v1 } = splitPath(url.pathname, text);
    // Azure's own hosts serve the OpenAI routes at the root: a prefix there is a wrong path, not a gateway.
    if (pathPrefix !== '' && AZURE_HOST.test(url.hostname) && !FOUNDRY_PROJECT_PATH.test(pathPrefix)) {
        throw new src_errors/* InputError */.dz('endpoint', `path '${url.pathname}' of '${text}' is not an Azure OpenAI route. ${ACCEPTED}`);
    }
    const queryVersion = url.searchParams.get('api-version')?.trim() || undefined;
    const endpoint = {
        origin: url.origin,
        host: url.hostname.replace(/^\[|\]$/g, ''),
        pathPrefix,
        cloud: cloudForHost(url.hostname),
    };
    if (deployment !== undefined)
        endpoint.deployment = deployment;
    const apiVersion = queryVersion ?? (v1 ? 'v1' : undefined);
    if (apiVersion !== undefined)
        endpoint.apiVersion = apiVersion;
    return endpoint;
}
function splitPath(pathname, text) {
    let path;
    try {
        path = decodeURIComponent(pathname).replace(/\/+$/, '');
    }
    catch {
        throw new src_errors/* InputError */.dz('endpoint', `path '${pathname}' of '${text}' is not valid percent-encoding. ${ACCEPTED}`);
    }
    // A Foundry project endpoint: the OpenAI routes live at the resource root.
    if (FOUNDRY_PROJECT_PATH.test(path))
        return { pathPrefix: '', v1: false };
    const at = path.search(/\/openai(?:\/|$)/);
    if (at === -1)
        return { pathPrefix: path, v1: false };
    const pathPrefix = path.slice(0, at);
    const rest = path.slice(at + '/openai'.length);
    if (rest === '')
        return { pathPrefix, v1: false };
    if (/^\/v1(?:\/chat\/completions)?$/.test(rest))
        return { pathPrefix, v1: true };
    const dated = /^\/deployments\/([^/]+)(?:\/chat\/completions)?$/.exec(rest);
    if (dated?.[1] !== undefined) {
        const deployment = dated[1];
        if (!DEPLOYMENT_NAME.test(deployment)) {
            throw new src_errors/* InputError */.dz('endpoint', `names deployment '${deployment}', which is not a valid deployment name.`);
        }
        return { pathPrefix, deployment, v1: false };
    }
    throw new src_errors/* InputError */.dz('endpoint', `path '${pathname}' of '${text}' is not an Azure OpenAI route. ${ACCEPTED}`);
}
/** `v1` \u2192 {base}/openai/v1/chat/completions; dated \u2192 {base}/openai/deployments/{d}/chat/completions?api-version=V. */
function chatRoute(endpoint, deployment, apiVersion) {
    const base = `${endpoint.origin}${endpoint.pathPrefix}/openai`;
    if (apiVersion === 'v1') {
        const baseURL = `${base}/v1`;
        return { baseURL, query: {}, url: `${baseURL}/chat/completions` };
    }
    const baseURL = `${base}/deployments/${encodeURIComponent(deployment)}`;
    return {
        baseURL,
        query: { 'api-version': apiVersion },
        url: `${baseURL}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`,
    };
}

;// CONCATENATED MODULE: ./src/identity/jwt-claims.ts
/**
 * Reads a JWT's claims without verifying it: only to name the principal,
 * subject or audience in an error message. The token itself is never printed.
 */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return undefined;
    try {
        const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
function claimText(claims, name) {
    const value = claims?.[name];
    if (typeof value === 'string')
        return value;
    if (Array.isArray(value))
        return value.join(', ');
    return undefined;
}
/** Seconds left before `exp`, or undefined when the token carries none. */
function secondsLeft(claims, nowMs) {
    const exp = claims?.exp;
    return typeof exp === 'number' ? exp - nowMs / 1000 : undefined;
}

;// CONCATENATED MODULE: ./src/identity/access-token.ts

const RENEW_MARGIN_MS = 2 * 60 * 1000;
function createAccessTokenCache(options) {
    const now = options.now ?? Date.now;
    let token;
    let pending;
    let claims;
    let requests = 0;
    const fetchToken = async () => {
        requests += 1;
        const result = await withinLimit((abortSignal) => options.credential.getToken(options.scope, { abortSignal }), options.limitMs);
        if (!result)
            throw new Error(`the credential returned no token for scope ${options.scope}`);
        options.mask(result.token);
        token = { value: result.token, expiresAt: result.expiresOnTimestamp };
        claims = decodeClaims(result.token);
        return result.token;
    };
    return {
        get() {
            if (token && token.expiresAt - now() > RENEW_MARGIN_MS)
                return Promise.resolve(token.value);
            pending ??= fetchToken().finally(() => {
                pending = undefined;
            });
            return pending;
        },
        get claims() {
            return claims;
        },
        get requests() {
            return requests;
        },
    };
}
/** The credential's answer, or a TokenTimeoutError after `limitMs` (the request is aborted). */
async function withinLimit(request, limitMs) {
    const abort = new AbortController();
    let timer;
    const expired = new Promise((_, reject) => {
        timer = setTimeout(() => {
            const error = new TokenTimeoutError(limitMs);
            abort.abort(error);
            reject(error);
        }, limitMs);
    });
    try {
        return await Promise.race([request(abort.signal), expired]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** No token within the identity phase's time limit. */
class TokenTimeoutError extends Error {
    limitMs;
    constructor(limitMs) {
        super(`no token within ${limitMs / 1000} s`);
        this.name = 'TokenTimeoutError';
        this.limitMs = limitMs;
    }
}

;// CONCATENATED MODULE: ./src/diagnose/diagnose.ts
/**
 * Turns any failure into one message that names the cause and the fix. This
 * is the error catalogue: each entry is tested end to end, and the README's
 * troubleshooting table mirrors it. Pure: everything it needs is passed in.
 * Never given a token; it prints claims only (iss, sub, aud, oid, appid).
 */







const OPENAI_USER_ROLE = 'Cognitive Services OpenAI User';
const OPENAI_USER_ROLE_ID = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd';
const FIX_NO_IDENTITY = [
    'Fix it in one of three ways:',
    '  1. Federate directly: set client-id and tenant-id (an app registration with a federated credential for this repository) and give the job `permissions: id-token: write`.',
    '  2. Run azure/login before this step (its Azure CLI session is picked up).',
    '  3. On a self-hosted runner in Azure, assign a managed identity to the VM (set client-id for a user-assigned one).',
].join('\n');
const FIX_MISSING_ID_TOKEN_PERMISSION = 'Add `permissions: id-token: write` (and `contents: read`) to the job or the workflow: without it GitHub gives the job no OIDC token.';
const FORK_NO_OIDC = 'GitHub issues no OIDC token to workflows run for pull requests from forks (nor to Dependabot pull requests), so keyless federation cannot work there. Set `on-missing-identity: skip` to end such runs green with a notice, or run this step only for branches of this repository (for example `if: github.event.pull_request.head.repo.full_name == github.repository`).';
function diagnose(error, context) {
    if (error instanceof src_errors/* InputError */.dz || error instanceof src_errors/* ActionFailure */.dR)
        return error.message;
    if (error instanceof src_errors/* IdentityError */.lD)
        return diagnoseIdentity(error, context);
    if (error instanceof CallError)
        return withDeadline(diagnoseCall(error, context), error);
    return `Unexpected failure: ${(0,src_errors/* messageOf */.bD)(error)}`;
}
// ---------------------------------------------------------------- identity
function diagnoseIdentity(error, context) {
    const cause = error.cause;
    const text = collectMessages(cause);
    const identity = context.config?.identity;
    const clientId = identity?.clientId ?? '(unknown)';
    const tenantId = identity?.tenantId ?? '(unknown)';
    const method = context.identity?.method ?? error.method;
    if (cause instanceof src_errors/* MissingIdTokenError */.fm) {
        const lines = [`auth: github-oidc needs a GitHub OIDC token, but this job has none (ACTIONS_ID_TOKEN_REQUEST_URL is not set).`];
        if (context.event.forkPullRequest)
            lines.push(`This run is for a pull request from a fork. ${FORK_NO_OIDC}`);
        else if (context.event.actor === 'dependabot[bot]')
            lines.push(`This run was triggered by Dependabot. ${FORK_NO_OIDC}`);
        else
            lines.push(FIX_MISSING_ID_TOKEN_PERMISSION);
        return lines.join('\n');
    }
    // core.getIDToken's error: "Failed to get ID Token. ... Error Code : 500 ... Error Message: ...".
    if (method === 'github-oidc' && text.includes('Failed to get ID Token')) {
        const status = /Error Code\s*:\s*(\d{3})/.exec(text)?.[1];
        const detail = /Error Message:\s*([^\n]+)/.exec(text)?.[1]?.trim();
        const transient = status === undefined || /^(408|429|5\d\d)$/.test(status);
        return [
            `Could not get this job's GitHub ID token from the runner's token service (${status ? `HTTP ${status}` : 'the connection failed'}${detail ? `: ${detail}` : ''}).`,
            transient
                ? "The request was retried (502-504 ten times, other transient failures three times); the failure is on GitHub's side: re-run the job, and check https://www.githubstatus.com if it persists."
                : `The token service refused the request, which is not retried: check the job's \`permissions: id-token: write\` and the oidc-audience input (${identity?.oidcAudience ?? 'api://AzureADTokenExchange'}).`,
        ].join('\n');
    }
    const timedOut = (0,src_errors/* findInChain */.CX)(cause, TokenTimeoutError);
    if (timedOut) {
        const where = {
            'managed-identity': 'the instance metadata service did not answer: check that the VM (or scale set) has a managed identity and that the runner can reach 169.254.169.254',
            'azure-cli': '`az account get-access-token` did not finish: check the Azure CLI session on the runner (`az account show`)',
            'github-oidc': `Microsoft Entra ID at ${identity?.authorityHost ?? 'the authority host'} or GitHub's OIDC endpoint did not answer: check the runner's outbound network and proxy`,
        };
        return [
            `Getting a Microsoft Entra token with ${method} took longer than ${timedOut.limitMs / 1000} s, and the action stopped waiting.`,
            `${where[method] ?? 'no credential of the chain answered in time'}. The limit is the timeout input (at least 10 s).`,
        ].join('\n');
    }
    const code = aadstsCode(text);
    if (code === 70021 || code === 700213 || code === 700212) {
        const claims = context.idTokenClaims;
        const iss = claimText(claims, 'iss') ?? '(unknown)';
        const sub = claimText(claims, 'sub') ?? '(unknown)';
        const aud = claimText(claims, 'aud') ?? identity?.oidcAudience ?? '(unknown)';
        const known = claims !== undefined && iss !== '(unknown)' && sub !== '(unknown)';
        // Names are unique per application: one derived from the subject does not collide with an existing "github-actions".
        const name = sub
            .replace(/[^A-Za-z0-9-]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .slice(0, 120);
        return [
            `Entra found no federated credential on application ${clientId} matching this job's GitHub ID token (AADSTS${code}).`,
            `The ID token presented: iss '${iss}', sub '${sub}', aud '${aud}'.`,
            `Add a federated credential with exactly that issuer, subject and audience (subjects match case-sensitively; a job with an environment has subject repo:OWNER/REPO:environment:NAME, a pull request repo:OWNER/REPO:pull_request)${known ? ':' : '.'}`,
            ...(known
                ? [
                    `  az ad app federated-credential create --id ${clientId} --parameters '${JSON.stringify({ name, issuer: iss, subject: sub, audiences: [aud] })}'`,
                ]
                : []),
            `Entra said: ${firstLine(aadstsLine(text) ?? text)}`,
        ].join('\n');
    }
    if (code === 700024) {
        const viaCli = method === 'azure-cli' || /AzureCliCredential|az account get-access-token/i.test(text);
        const lines = ['The client assertion presented to Entra has expired (AADSTS700024: not within its valid time range).'];
        if (viaCli || method !== 'github-oidc') {
            lines.push('The Azure CLI session left by azure/login holds a GitHub ID token that expires about 5 minutes after login, and the CLI cannot renew it; a token requested later fails like this.', identity?.mode === 'azure-cli'
                ? 'Fix: set client-id and tenant-id (with `permissions: id-token: write`) and change auth: azure-cli to auth: auto, so this action federates itself with a fresh ID token; or run azure/login immediately before this step.'
                : 'Fix: set client-id and tenant-id (with `permissions: id-token: write`) so this action federates itself with a fresh ID token, or run azure/login immediately before this step.');
        }
        else {
            lines.push('The GitHub ID token was no longer valid when Entra checked it: check the runner clock, and keep the step close to the token request.');
        }
        lines.push(`Entra said: ${firstLine(aadstsLine(text) ?? text)}`);
        return lines.join('\n');
    }
    if (code === 700016) {
        return [
            `Application ${clientId} was not found in tenant ${tenantId} (AADSTS700016).`,
            'Check client-id: it is the app registration\'s "Application (client) ID", not its object id; and check tenant-id: the "Directory (tenant) ID" where the app is registered.',
            `Entra said: ${firstLine(aadstsLine(text) ?? text)}`,
        ].join('\n');
    }
    // MSAL reads the tenant's metadata first; for an unknown tenant Entra answers it with
    // AADSTS90002, which MSAL reports only as endpoints_resolution_error.
    if (code === 90002 || text.includes('endpoints_resolution_error')) {
        return [
            `Tenant ${tenantId} was not found at ${identity?.authorityHost ?? 'the authority host'} (${code === 90002 ? 'AADSTS90002' : 'its OpenID metadata could not be read: MSAL endpoints_resolution_error'}).`,
            'Check tenant-id (the "Directory (tenant) ID" of the app registration) and the authority host: a sovereign-cloud tenant needs its own authority (https://login.microsoftonline.us, https://login.chinacloudapi.cn), set through authority-host or the endpoint\'s cloud.',
            `Details: ${firstLine(aadstsLine(text) ?? text)}`,
        ].join('\n');
    }
    if (method === 'default-chain' || isAggregate(cause)) {
        const tried = chainAttempts(cause);
        // A fork's or Dependabot's run can get no identity at all: none of the three fixes applies there.
        const noTokenByDesign = context.event.forkPullRequest
            ? `This run is for a pull request from a fork. ${FORK_NO_OIDC}`
            : context.event.actor === 'dependabot[bot]'
                ? `This run was triggered by Dependabot. ${FORK_NO_OIDC}`
                : undefined;
        return [
            'No Azure identity is available to this job.',
            context.identity ? `Identity choice: ${context.identity.reason}.` : '',
            'Tried:',
            ...tried.map((line) => `  - ${line}`),
            noTokenByDesign ?? FIX_NO_IDENTITY,
        ]
            .filter(Boolean)
            .join('\n');
    }
    // Only for a single credential: inside the chain a link's network error (an IMDS probe) means "unavailable".
    const network = /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|CERT_[A-Z_]+|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/.exec(text) ??
        // MSAL's name for a transport failure the Azure SDK gave up on (its retries and timeouts spent).
        (method === 'github-oidc' ? /\b(network_error)\b/.exec(text) : null);
    if (network) {
        return [
            `Could not reach Microsoft Entra ID at ${identity?.authorityHost ?? 'the authority host'} (${network[1]}) while getting a token with ${method}.`,
            "Check authority-host / AZURE_AUTHORITY_HOST, the runner's outbound network and proxy; a TLS-inspecting proxy needs its CA in NODE_EXTRA_CA_CERTS.",
            `Details: ${firstLine(text)}`,
        ].join('\n');
    }
    if (method === 'azure-cli') {
        if (/Azure CLI could not be found|az: not found|command not found|not recognized/i.test(text)) {
            return [
                'auth: azure-cli needs the Azure CLI, and the az command is not installed on this runner.',
                'Install it (GitHub-hosted runners have it), or choose auth: github-oidc with client-id and tenant-id to federate without the CLI.',
                `Details: ${firstLine(text)}`,
            ].join('\n');
        }
        if (/az login/i.test(text)) {
            return [
                'auth: azure-cli found no Azure CLI session on this runner.',
                'Run azure/login before this step (with client-id, tenant-id and `permissions: id-token: write`), or choose auth: github-oidc to federate without the CLI.',
                `Details: ${firstLine(text)}`,
            ].join('\n');
        }
    }
    if (method === 'managed-identity') {
        return [
            'auth: managed-identity could not get a token from the instance metadata service.',
            'This works only on a self-hosted runner in Azure whose VM (or scale set) has a managed identity; for a user-assigned identity set client-id to its client id. GitHub-hosted runners have no managed identity: use client-id + tenant-id with OIDC, or azure/login.',
            `Details: ${firstLine(text)}`,
        ].join('\n');
    }
    return `Failed to get a Microsoft Entra token with ${method}: ${firstLine(text)}`;
}
/** A user signed in to the Azure CLI has a user token (`idtyp: user`, no `appid`); workflows' identities are service principals. */
function principalType(claims) {
    const user = claimText(claims, 'idtyp') === 'user' || (claims !== undefined && !claimText(claims, 'appid') && !claimText(claims, 'azp'));
    return user ? 'User' : 'ServicePrincipal';
}
function isAggregate(error) {
    return error?.name === 'AggregateAuthenticationError';
}
/** One line per link of the chain: its name and why it was unavailable. */
function chainAttempts(error) {
    const errors = error?.errors;
    if (!Array.isArray(errors) || errors.length === 0)
        return [firstLine((0,src_errors/* messageOf */.bD)(error))];
    return errors.map((e) => firstLine((0,src_errors/* messageOf */.bD)(e)));
}
function collectMessages(error) {
    const parts = [];
    let current = error;
    for (let depth = 0; current && depth < 6; depth++) {
        parts.push((0,src_errors/* messageOf */.bD)(current));
        const nested = current.errors;
        if (Array.isArray(nested))
            parts.push(...nested.map(src_errors/* messageOf */.bD));
        current = current.cause;
    }
    return parts.join('\n');
}
function aadstsCode(text) {
    const match = /AADSTS(\d{5,6})/.exec(text);
    return match?.[1] ? Number(match[1]) : undefined;
}
function aadstsLine(text) {
    return /AADSTS\d+:[^\n]*/.exec(text)?.[0];
}
function firstLine(text) {
    const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
    return line.length > 600 ? `${line.slice(0, 600)}\u2026` : line.trim();
}
function parseBody(body) {
    if (!body)
        return {};
    try {
        const parsed = JSON.parse(body);
        return parsed && typeof parsed === 'object' ? parsed : {};
    }
    catch {
        return {};
    }
}
function diagnoseCall(error, context) {
    const config = context.config;
    const deployment = config?.deployment ?? '(unknown)';
    const host = config?.endpoint.host ?? '(unknown)';
    // Azure hosts start with the resource name; behind a gateway or an emulator it is unknown.
    const resource = AZURE_HOST.test(host) ? (host.split('.')[0] ?? host) : 'RESOURCE_NAME';
    const url = context.url ?? '(unknown URL)';
    const parsed = parseBody(error.body);
    const azure = parsed.error;
    const serviceMessage = azure?.message ?? parsed.message ?? error.message;
    const requestId = error.headers?.get('apim-request-id') ?? error.headers?.get('x-request-id');
    const ref = requestId ? ` (request id ${requestId})` : '';
    const attempts = `${error.attempts} attempt${error.attempts === 1 ? '' : 's'}`;
    const status = error.status;
    if (status === 401 || status === 403) {
        if (azure?.code === 'PermissionDenied') {
            const oid = claimText(context.accessTokenClaims, 'oid') ?? /principal `?([0-9a-f-]{36})/i.exec(serviceMessage)?.[1] ?? 'OBJECT_ID';
            const appId = claimText(context.accessTokenClaims, 'appid') ?? claimText(context.accessTokenClaims, 'azp') ?? '(unknown)';
            return [
                `The identity has no data-plane access to ${host} (${status} PermissionDenied): principal object id ${oid}, app id ${appId}.`,
                `Assign it the role "${OPENAI_USER_ROLE}" (${OPENAI_USER_ROLE_ID}) at the resource scope:`,
                `  az role assignment create --assignee-object-id ${oid} --assignee-principal-type ${principalType(context.accessTokenClaims)} --role ${OPENAI_USER_ROLE_ID} --scope "$(az cognitiveservices account show --name ${resource} --resource-group RESOURCE_GROUP --query id --output tsv)"`,
                'Owner and Contributor carry no data actions and do not help. A new assignment can take a few minutes to apply.',
                `Azure OpenAI said: ${serviceMessage}${ref}`,
            ].join('\n');
        }
        if (/firewall|virtual network|private endpoint|public access is disabled/i.test(serviceMessage)) {
            return [
                `The network rules of ${host} refused this runner (${status}).`,
                "The resource's firewall or a private endpoint allows only some networks: add the runner's network under Networking \u2192 Firewalls and virtual networks, or run on a self-hosted runner inside the resource's virtual network.",
                `Azure OpenAI said: ${serviceMessage}${ref}`,
            ].join('\n');
        }
        const scope = config?.identity.scope ?? '(unknown)';
        const aud = claimText(context.accessTokenClaims, 'aud');
        return [
            `Azure OpenAI rejected the access token (${status}): it is invalid, expired, or for the wrong audience.`,
            `The token was requested for scope ${scope}${aud ? ` (its audience is ${aud})` : ''}. Azure OpenAI accepts https://cognitiveservices.azure.com/.default (.azure.us / .azure.cn in the sovereign clouds): fix or remove the scope input.`,
            `Azure OpenAI said: ${serviceMessage}${ref}`,
        ].join('\n');
    }
    if (status === 404) {
        if (azure?.code === 'DeploymentNotFound') {
            return [
                `Deployment '${deployment}' does not exist on ${host} (404 DeploymentNotFound).`,
                'Use the deployment name (chosen when the model was deployed), not the model name; a new deployment can take up to 5 minutes to appear. List them with:',
                `  az cognitiveservices account deployment list --name ${resource} --resource-group RESOURCE_GROUP --output table`,
                `Azure OpenAI said: ${serviceMessage}${ref}`,
            ].join('\n');
        }
        return [
            `No Azure OpenAI route at POST ${url} (404).`,
            `Check endpoint and api-version (v1, or a dated version such as 2024-10-21). Accepted endpoint forms: ${ACCEPTED_ENDPOINT_FORMS.join('; ')}.`,
            `The service said: ${firstLine(serviceMessage)}${ref}`,
        ].join('\n');
    }
    if (status === 429) {
        const waitMs = error.retryAfterMs ?? serverRetryDelayMs(error.headers, Date.now());
        const wait = waitMs !== undefined ? `${Math.ceil(waitMs / 1000)} s` : 'an unspecified time';
        return [
            error.retryAfterMs !== undefined
                ? `Rate limited by deployment '${deployment}' (429) after ${attempts}: the service asked to retry after ${wait}, longer than max-retry-wait allows.`
                : `Rate limited by deployment '${deployment}' (429) after ${attempts}; the service asked to retry after ${wait}.`,
            "The deployment's tokens-per-minute or requests-per-minute quota is used up: raise the deployment's rate limit (TPM) in the Azure AI Foundry portal, lower max-tokens, run fewer jobs at once, or raise max-retries / max-retry-wait.",
            `Azure OpenAI said: ${firstLine(serviceMessage)}${ref}`,
        ].join('\n');
    }
    if (status === 400 && azure?.code === 'content_filter') {
        const categories = filteredCategories(azure.innererror?.content_filter_result).join(', ');
        return [
            `The prompt was blocked by Azure OpenAI's content filter (400 content_filter)${categories ? `: ${categories}` : ''}.`,
            'Rephrase the prompt or remove the offending input (untrusted pull-request text can trigger the jailbreak filter); filter levels are set per deployment in the Azure AI Foundry portal.',
            `Azure OpenAI said: ${firstLine(serviceMessage)}${ref}`,
        ].join('\n');
    }
    if (error.failure.malformed) {
        const fromElsewhere = !error.failure.malformed.retryable;
        return [
            `The answer from deployment '${deployment}' was unusable after ${attempts}: ${error.failure.malformed.message}.`,
            fromElsewhere
                ? `Something between the runner and ${host} answered instead of Azure OpenAI (a proxy, firewall or captive portal page): check the endpoint, and the runner's HTTPS_PROXY and NO_PROXY settings.`
                : 'This is a service fault: re-run the job; if it persists, quote the request id in a support case.',
            ...(requestId ? [`Request id: ${requestId}`] : []),
        ].join('\n');
    }
    if (error.failure.timedOut) {
        const seconds = (config?.timeoutMs ?? 0) / 1000;
        const what = error.failure.stalled
            ? `the answer stopped arriving (no data for ${seconds} s)`
            : `no answer within ${seconds} s per attempt`;
        return [
            `The call to deployment '${deployment}' timed out: ${what}, after ${attempts}.`,
            'Raise timeout (seconds per attempt) or lower max-tokens; the deployment may be overloaded.',
        ].join('\n');
    }
    if (status === undefined) {
        const code = error.failure.code;
        const tls = code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS/.test(code);
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
            return [
                `Could not resolve ${host} (${code}).`,
                "Check the endpoint's resource name. A resource behind a private endpoint resolves only inside its virtual network: run on a self-hosted runner in that network (with its private DNS zone), or allow the runner through the resource's firewall.",
            ].join('\n');
        }
        if (tls) {
            return [
                `TLS failure talking to ${host} (${code}).`,
                "A proxy that inspects TLS needs its CA certificate: point NODE_EXTRA_CA_CERTS at it in the step's env.",
            ].join('\n');
        }
        return [
            `Could not connect to ${host} (${code ?? firstLine(error.message)}) after ${attempts}.`,
            "Check the runner's outbound network: the resource's firewall (Networking \u2192 allowed networks) or a private endpoint may be refusing this runner; a self-hosted runner in the resource's virtual network avoids both.",
        ].join('\n');
    }
    return [
        `Azure OpenAI answered ${status} for deployment '${deployment}' after ${attempts}.`,
        `Azure OpenAI said: ${firstLine(serviceMessage)}${ref}`,
    ].join('\n');
}
/** Says so when the call stopped at its overall deadline rather than running out of retries. */
function withDeadline(message, error) {
    if (error.deadlineMs === undefined)
        return message;
    return `${message}\nThe call stopped at its overall deadline of ${Math.round(error.deadlineMs / 1000)} s (timeout \u00d7 (max-retries + 1), plus the longest waits between attempts).`;
}

;// CONCATENATED MODULE: ./src/identity/choose.ts
function canMintGithubIdToken(env) {
    return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}
function chooseIdentity(identity, env) {
    switch (identity.mode) {
        case 'github-oidc':
            return { method: 'github-oidc', reason: 'auth: github-oidc' };
        case 'azure-cli':
            return { method: 'azure-cli', reason: 'auth: azure-cli' };
        case 'managed-identity':
            return { method: 'managed-identity', reason: 'auth: managed-identity' };
        case 'default-chain':
            return { method: 'default-chain', reason: 'auth: default-chain' };
        case 'auto':
            break;
    }
    const oidc = canMintGithubIdToken(env);
    if (identity.clientId && identity.tenantId && oidc) {
        return {
            method: 'github-oidc',
            reason: 'client-id and tenant-id are set and the job can mint a GitHub OIDC token, so the action federates directly',
        };
    }
    const missing = [];
    if (!identity.clientId)
        missing.push('no client-id');
    if (!identity.tenantId)
        missing.push('no tenant-id');
    if (!oidc)
        missing.push('no GitHub OIDC token (the job lacks permissions: id-token: write, or this is a pull request from a fork)');
    return {
        method: 'default-chain',
        reason: `${missing.join(', ')}; trying DefaultAzureCredential (an azure/login session, a workload identity or a managed identity)`,
    };
}

;// CONCATENATED MODULE: ./src/identity/entra-policy.ts
const TRY_TIMEOUT_CAP_MS = 30_000;
function entraTryPolicy(timeoutMs, log) {
    const ms = Math.min(timeoutMs, TRY_TIMEOUT_CAP_MS);
    const policy = {
        name: 'azureOpenAiKeylessEntraTry',
        async sendRequest(request, next) {
            const host = new URL(request.url).host;
            const controller = new AbortController();
            const outer = request.abortSignal;
            const forward = () => controller.abort();
            outer?.addEventListener('abort', forward, { once: true });
            const state = { timedOut: false };
            const timer = setTimeout(() => {
                state.timedOut = true;
                controller.abort();
            }, ms);
            request.abortSignal = controller.signal;
            try {
                const response = await next(request);
                if (response.status === 408 || response.status === 429 || response.status >= 500) {
                    log(`Microsoft Entra ID (${host}) answered ${response.status}; the Azure SDK retries transient failures up to 3 times.`);
                }
                return response;
            }
            catch (error) {
                if (!state.timedOut)
                    throw error;
                const message = `ETIMEDOUT: Microsoft Entra ID (${host}) did not answer within ${ms / 1000} s`;
                log(`${message}; the Azure SDK retries it up to 3 times.`);
                // Shaped as the pipeline's RestError (it goes by name), so its retry policy treats it as a system error.
                throw Object.assign(new Error(message), { name: 'RestError', code: 'ETIMEDOUT' });
            }
            finally {
                clearTimeout(timer);
                outer?.removeEventListener('abort', forward);
                request.abortSignal = outer;
            }
        },
    };
    return { additionalPolicies: [{ policy, position: 'perRetry' }] };
}

;// CONCATENATED MODULE: ./src/identity/github-id-token.ts
/**
 * The GitHub ID token used as the client assertion. It lives only a few
 * minutes, so it is fetched on demand and reused while it has more than a
 * minute left: a job that runs for hours keeps federating.
 */

const MIN_SECONDS_LEFT = 60;
class GithubIdTokenAssertion {
    #fetch;
    #audience;
    #now;
    #token;
    #claims;
    #inFlight;
    /** A prefetch's result that no get() has taken yet: delivered once, success or failure. */
    #prefetched;
    /** How many ID tokens were requested from the runner. */
    requests = 0;
    constructor(options) {
        this.#fetch = options.fetch;
        this.#audience = options.audience;
        this.#now = options.now ?? Date.now;
    }
    /** Claims of the last ID token (iss, sub, aud): what a federated credential must match. */
    get claims() {
        return this.#claims;
    }
    /**
     * Starts fetching now, so the request is in flight while `@azure/identity`
     * loads; the next get() receives its result (a failure included, so a
     * refused request is not sent twice).
     */
    prefetch() {
        if (this.#prefetched || this.#inFlight || this.#token !== undefined)
            return;
        const pending = this.get();
        pending.catch(() => undefined); // reported by the get() that takes it
        this.#prefetched = pending;
    }
    async get() {
        const prefetched = this.#prefetched;
        this.#prefetched = undefined;
        if (prefetched)
            return prefetched;
        const left = secondsLeft(this.#claims, this.#now());
        if (this.#token !== undefined && (left === undefined || left > MIN_SECONDS_LEFT))
            return this.#token;
        this.#inFlight ??= this.#request().finally(() => {
            this.#inFlight = undefined;
        });
        return this.#inFlight;
    }
    async #request() {
        this.requests += 1;
        const token = await this.#fetch(this.#audience);
        this.#token = token;
        this.#claims = decodeClaims(token);
        return token;
    }
}

;// CONCATENATED MODULE: ./src/identity/credential.ts


/** DefaultAzureCredential's links, by class name, as this action reports them. */
const CHAIN_LINK_NAMES = {
    EnvironmentCredential: 'environment',
    WorkloadIdentityCredential: 'workload-identity',
    ManagedIdentityCredential: 'managed-identity',
    VisualStudioCodeCredential: 'visual-studio-code',
    AzureCliCredential: 'azure-cli',
    AzurePowerShellCredential: 'azure-powershell',
    AzureDeveloperCliCredential: 'azure-developer-cli',
};
async function buildCredential(method, identity, deps) {
    const fixed = (credential, assertion) => ({
        credential,
        ...(assertion ? { assertion } : {}),
        resolvedMethod: () => method,
    });
    if (method === 'github-oidc') {
        // The GitHub ID token does not need @azure/identity: its request travels while the library loads.
        const assertion = new GithubIdTokenAssertion({ fetch: deps.fetchIdToken, audience: identity.oidcAudience });
        assertion.prefetch();
        // One turn of the event loop lets the request go out before the library's load blocks it.
        await new Promise((resolve) => setImmediate(resolve));
        // Only the one file of @azure/identity this path needs: the package's index reaches every
        // credential, and its dist/esm/package.json hides the package's "sideEffects": false from the
        // bundler, so the index would load them all (150 KB more to compile, and child_process).
        // A test checks that this is the class the index exports.
        const { ClientAssertionCredential } = await Promise.all(/* import() */[__webpack_require__.e(621), __webpack_require__.e(27)]).then(__webpack_require__.bind(__webpack_require__, 3529));
        // chooseIdentity/readConfig guarantee both ids on this path.
        const credential = new ClientAssertionCredential(identity.tenantId ?? '', identity.clientId ?? '', () => assertion.get(), {
            ...entraTryPolicy(deps.processTimeoutMs, deps.log ?? deps.debug),
            authorityHost: identity.authorityHost,
            disableInstanceDiscovery: !identity.instanceDiscovery,
        });
        return fixed(credential, assertion);
    }
    const azure = await Promise.all(/* import() */[__webpack_require__.e(621), __webpack_require__.e(925), __webpack_require__.e(408)]).then(__webpack_require__.bind(__webpack_require__, 5925));
    switch (method) {
        case 'azure-cli':
            return fixed(new azure.AzureCliCredential({
                ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
                processTimeoutInMs: deps.processTimeoutMs,
            }));
        case 'managed-identity':
            return fixed(new azure.ManagedIdentityCredential(identity.clientId ? { clientId: identity.clientId } : {}));
        case 'default-chain': {
            const links = await watchChain(deps.debug);
            const credential = new azure.DefaultAzureCredential({
                ...entraTryPolicy(deps.processTimeoutMs, deps.log ?? deps.debug),
                ...(identity.clientId ? { managedIdentityClientId: identity.clientId, workloadIdentityClientId: identity.clientId } : {}),
                ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
                authorityHost: identity.authorityHost,
                disableInstanceDiscovery: !identity.instanceDiscovery,
                processTimeoutInMs: deps.processTimeoutMs,
            });
            return { credential, resolvedMethod: () => links.successful ?? 'default-chain' };
        }
    }
}
/**
 * DefaultAzureCredential does not say which link answered; its log does
 * ("Result for AzureCliCredential: SUCCESS"). Route the Azure SDK log to the
 * debug log and read that line from it.
 */
async function watchChain(debug) {
    const { AzureLogger, setLogLevel } = await __webpack_require__.e(/* import() */ 567).then(__webpack_require__.bind(__webpack_require__, 7567));
    const links = {};
    setLogLevel('info');
    AzureLogger.log = (...args) => {
        const line = args.map(String).join(' ').trimEnd();
        debug(line);
        const match = /Result for (\w+): SUCCESS/.exec(line);
        if (match?.[1])
            links.successful = CHAIN_LINK_NAMES[match[1]] ?? match[1];
    };
    return links;
}

;// CONCATENATED MODULE: ./src/identity/retry-id-token.ts
const ATTEMPTS = 3;
const BASE_DELAY_MS = 500;
/** The status `core.getIDToken` reports ("Error Code : 500"); undefined for a connection error. */
function idTokenErrorStatus(error) {
    const match = /Error Code\s*:\s*(\d{3})/.exec(error instanceof Error ? error.message : String(error));
    return match?.[1] ? Number(match[1]) : undefined;
}
function isTransientIdTokenError(error) {
    const status = idTokenErrorStatus(error);
    if (status === undefined)
        return true;
    // 502-504 were already retried ten times by @actions/http-client.
    return status === 408 || status === 429 || status === 500;
}
function retryingIdTokenFetcher(fetch, options) {
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const random = options.random ?? Math.random;
    return async (audience) => {
        for (let attempt = 1;; attempt++) {
            try {
                return await fetch(audience);
            }
            catch (error) {
                if (attempt >= ATTEMPTS || !isTransientIdTokenError(error))
                    throw error;
                const status = idTokenErrorStatus(error);
                const wait = Math.round(BASE_DELAY_MS * 2 ** (attempt - 1) * (1 + random()));
                options.log(`Getting the GitHub ID token failed (${status === undefined ? 'connection error' : `HTTP ${status}`}, attempt ${attempt} of ${ATTEMPTS}); retrying in ${wait} ms.`);
                await sleep(wait);
            }
        }
    };
}

;// CONCATENATED MODULE: ./src/identity/authenticate.ts





/** Fills `context` with what a diagnosis needs: the choice, and the claims of the tokens involved. */
async function authenticate(config, context, deps) {
    const choice = chooseIdentity(config.identity, deps.env);
    context.identity = choice;
    deps.info(`Identity: ${choice.method} (${choice.reason}).`);
    if (choice.method === 'github-oidc' && !canMintGithubIdToken(deps.env)) {
        throw new src_errors/* IdentityError */.lD(choice.method, new src_errors/* MissingIdTokenError */.fm());
    }
    const built = await buildCredential(choice.method, config.identity, {
        fetchIdToken: retryingIdTokenFetcher(deps.getIdToken, { log: deps.info }),
        debug: deps.debug,
        log: deps.info,
        processTimeoutMs: config.timeoutMs,
    });
    const cache = createAccessTokenCache({
        credential: built.credential,
        scope: config.identity.scope,
        mask: deps.setSecret,
        limitMs: identityLimitMs(config.timeoutMs),
    });
    try {
        await cache.get();
    }
    catch (error) {
        throw new src_errors/* IdentityError */.lD(choice.method, error);
    }
    finally {
        if (built.assertion?.claims)
            context.idTokenClaims = built.assertion.claims;
    }
    if (cache.claims)
        context.accessTokenClaims = cache.claims;
    const authMethod = built.resolvedMethod();
    deps.info(`Got a Microsoft Entra token for ${config.identity.scope} with ${authMethod}.`);
    return { token: () => cache.get(), authMethod };
}
/** The identity phase's time limit: the per-attempt timeout, but at least 10 s (az and MSAL retry inside it). */
function identityLimitMs(timeoutMs) {
    return Math.max(timeoutMs, 10_000);
}

;// CONCATENATED MODULE: ./src/identity/missing.ts
/**
 * `on-missing-identity: skip`: tells "this job has no identity at all" (a pull
 * request from a fork gets no OIDC token, and there is no azure/login session
 * or managed identity) apart from an identity that exists and fails, which
 * must still fail the step. Pure.
 */

/**
 * True when the token request failed only because no identity is available:
 * the job cannot mint a GitHub OIDC token, and every credential tried said it
 * is unavailable (not that it was refused).
 */
function isMissingIdentity(error, canMintOidc) {
    if (canMintOidc)
        return false;
    const cause = error?.cause ?? error;
    if (cause instanceof src_errors/* MissingIdTokenError */.fm)
        return true;
    return allUnavailable(cause);
}
function allUnavailable(error) {
    const e = error;
    if (!e)
        return false;
    if (e.name === 'AggregateAuthenticationError' && Array.isArray(e.errors) && e.errors.length > 0)
        return e.errors.every(unavailable);
    return unavailable(e);
}
/**
 * @azure/identity reports an az session whose login has expired as
 * "unavailable" too; Entra's AADSTS code in the text tells that an identity
 * exists and was refused.
 */
function unavailable(error) {
    const e = error;
    return e?.name === 'CredentialUnavailableError' && !/AADSTS\d+/.test(e.message ?? '');
}
/**
 * on-missing-identity: skip, and the job has no identity at all because GitHub
 * gives it none by design (a fork's pull request, Dependabot). Elsewhere a
 * missing OIDC token is a forgotten `id-token: write`, which must stay red.
 */
function skipsMissingIdentity(run, error, canMintOidc) {
    if (run?.config.onMissingIdentity !== 'skip')
        return false;
    const noTokenByDesign = run.facts.fromFork || run.env.GITHUB_ACTOR === 'dependabot[bot]';
    return noTokenByDesign && isMissingIdentity(error, canMintOidc);
}
function skipNotice(run) {
    const why = run.facts.fromFork
        ? 'This run is for a pull request from a fork, which GitHub gives no OIDC token, and no other Azure identity is available'
        : 'This run was triggered by Dependabot, which GitHub gives no OIDC token, and no other Azure identity is available';
    return `${why}: skipping the Azure OpenAI call (on-missing-identity: skip). The step succeeds with skipped=true.`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/config.ts
const AUTH_MODES = ['auto', 'github-oidc', 'azure-cli', 'managed-identity', 'default-chain'];

;// CONCATENATED MODULE: ./src/inputs/model-parameters.ts
const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'];
const MAX_TOKENS_RULE = { integer: true, min: 1, max: 1_000_000 };
/** Azure OpenAI accepts 0 to 2 (GitHub Models documented 0 to 1). */
const TEMPERATURE_RULE = { integer: false, min: 0, max: 2 };
const TOP_P_RULE = { integer: false, min: 0, max: 1 };
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
/**
 * Checks a number typed as text (an input): every numeric input goes through
 * this. Returns the number, or what is wrong with it.
 */
function parseNumberText(text, rule) {
    const value = Number(text);
    const kind = describeKind(rule);
    if (!DECIMAL.test(text) || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
        return `'${text}' is not ${kind}: use ${kind} from ${rule.min} to ${rule.max}.`;
    }
    return checkRange(value, text, rule) ?? value;
}
/** Checks a number read from YAML. Returns the number, or what is wrong with it. */
function checkNumberValue(value, rule) {
    const kind = describeKind(rule);
    if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
        return `${JSON.stringify(value)} is not ${kind}: use ${kind} from ${rule.min} to ${rule.max}.`;
    }
    return checkRange(value, String(value), rule) ?? value;
}
function checkRange(value, text, rule) {
    if (value < rule.min || value > rule.max)
        return `${text} is out of range: use ${describeKind(rule)} from ${rule.min} to ${rule.max}.`;
    return undefined;
}
function describeKind(rule) {
    return rule.integer ? 'a whole number' : 'a number';
}

;// CONCATENATED MODULE: ./src/inputs/response-format.ts
/**
 * The response format asked of the deployment (`response_format`), and the
 * JSON schema forms users paste: the bare schema, OpenAI's
 * `{name, strict, schema}` wrapper, or the whole `{type: 'json_schema',
 * json_schema: {...}}` object. Pure.
 */
const RESPONSE_FORMATS = ['text', 'json', 'json-schema'];
/** OpenAI's rule for `json_schema.name`. */
const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_SCHEMA_NAME = 'response';
function responseFormatBody(format) {
    if (format.type === 'json_object')
        return { type: 'json_object' };
    const { name, strict, description, schema } = format.schema;
    return { type: 'json_schema', json_schema: { name, strict, ...(description !== undefined ? { description } : {}), schema } };
}
/**
 * Reads a parsed schema value in any of the accepted forms. Returns the spec,
 * or a sentence saying what is wrong (the caller adds where).
 */
function normalizeJsonSchema(value, source, input) {
    if (!isObject(value))
        return `must be a JSON object (a JSON Schema, or {"name": ..., "strict": ..., "schema": {...}}), not ${kindOf(value)}`;
    let wrapper;
    if (value.type === 'json_schema' && isObject(value.json_schema))
        wrapper = value.json_schema;
    else if (isWrapper(value))
        wrapper = value;
    if (!wrapper)
        return { name: DEFAULT_SCHEMA_NAME, strict: false, schema: value, source, input };
    const { name = DEFAULT_SCHEMA_NAME, strict = false, description, schema } = wrapper;
    if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
        return `has name ${JSON.stringify(name)}: a schema name is 1 to 64 letters, digits, '_' or '-'`;
    }
    if (typeof strict !== 'boolean')
        return `has strict ${JSON.stringify(strict)}: use true or false`;
    if (description !== undefined && typeof description !== 'string')
        return 'has a description that is not text';
    if (!isObject(schema))
        return `has a "schema" that is ${kindOf(schema)}, not a JSON Schema object`;
    return { name, strict, ...(description !== undefined ? { description } : {}), schema, source, input };
}
/**
 * OpenAI's wrapper has `schema` beside `name`/`strict`; a bare JSON Schema has
 * `type`, `properties` or `$schema` at the top (and may even have a property
 * called "schema" inside `properties`, which this does not look at).
 */
function isWrapper(value) {
    if (!('schema' in value))
        return false;
    const schemaKeywords = [
        'type',
        'properties',
        '$schema',
        '$defs',
        'definitions',
        'items',
        'anyOf',
        'oneOf',
        'allOf',
        'enum',
        'const',
        'required',
    ];
    return !schemaKeywords.some((keyword) => keyword in value);
}
/** How a format is described in the log and the summary. */
function describeResponseFormat(format) {
    switch (format.type) {
        case 'json_object':
            return format.schema ? `json_object, checked against schema '${format.schema.name}' (${format.schema.source})` : 'json_object';
        case 'json_schema':
            return `json_schema '${format.schema.name}'${format.schema.strict ? ' (strict)' : ''} from ${format.schema.source}`;
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a map';
    if (typeof value === 'string')
        return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value)}`;
    return `${typeof value} ${JSON.stringify(value)}`;
}

;// CONCATENATED MODULE: ./src/prompt/prompt-file.ts



const PROMPT_FILE_SUFFIXES = ['.prompt.yml', '.prompt.yaml'];
const ROLES = ['system', 'user', 'assistant'];
const PROMPT_FILE_RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'];
/** Keys of the format this action does not use: evaluation data for `gh models eval`, names. */
const IGNORED_KEYS = new Set(['name', 'description', 'testData', 'evaluators']);
function isPromptFilePath(path) {
    const lower = path.toLowerCase();
    return PROMPT_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}
async function parsePromptFile(text, path, input = 'prompt-file') {
    const { isMap, isScalar, isSeq, LineCounter, parseDocument } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const lines = new LineCounter();
    const lineOf = (node) => (node?.range ? lines.linePos(node.range[0]).line : 1);
    const fail = (line, message) => {
        throw new src_errors/* InputError */.dz(input, `file '${path}', line ${line}: ${message}`);
    };
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    const yamlError = doc.errors[0];
    if (yamlError) {
        const line = yamlError.linePos?.[0].line ?? 1;
        fail(line, `is not valid YAML: ${prompt_file_firstLine(yamlError.message).replace(/ at line \d+, column \d+:?$/, '')}. Text holding ': ' or starting with '{' needs quotes, or a block scalar ('content: |' with the text indented below).`);
    }
    const root = doc.contents;
    if (!isMap(root)) {
        fail(lineOf(root), `a prompt file is a YAML map with a "messages" list (the GitHub Models .prompt.yml format); this file holds ${root ? describeNode(root) : 'nothing'}.`);
    }
    const map = root;
    const file = { path, messages: [], warnings: [] };
    let messagesSeen = false;
    let maxTokensKey;
    for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = pair.value;
        const line = lineOf(pair.key);
        switch (key) {
            case 'messages':
                messagesSeen = true;
                file.messages = readMessages(value, line);
                break;
            case 'model':
                if (value !== null && !(isScalar(value) && value.value === null))
                    file.model = readText(value, 'model', line);
                break;
            case 'modelParameters':
                readModelParameters(value);
                break;
            case 'responseFormat': {
                const format = readText(value, 'responseFormat', line);
                if (!PROMPT_FILE_RESPONSE_FORMATS.includes(format)) {
                    fail(lineOf(value), `responseFormat '${format}' is not one of ${PROMPT_FILE_RESPONSE_FORMATS.join(', ')}.`);
                }
                file.responseFormat = format;
                break;
            }
            case 'jsonSchema':
                file.jsonSchema = readJsonSchema(value, line);
                break;
            default:
                if (!IGNORED_KEYS.has(key)) {
                    file.warnings.push(`Prompt file '${path}', line ${line}: unknown key '${key}' is ignored (known keys: messages, model, modelParameters, responseFormat, jsonSchema).`);
                }
        }
    }
    if (!messagesSeen)
        fail(1, 'has no "messages" list: give at least one message with a role (system, user or assistant) and its content.');
    if (file.responseFormat === 'json_schema' && !file.jsonSchema) {
        fail(lineOf(map.get('responseFormat', true)), 'responseFormat is json_schema but the file has no jsonSchema.');
    }
    return file;
    function readMessages(node, keyLine) {
        if (!isSeq(node))
            return fail(node ? lineOf(node) : keyLine, `"messages" must be a list of messages, each with role and content; it is ${describeNode(node)}.`);
        if (node.items.length === 0)
            return fail(keyLine, '"messages" is empty: give at least one message.');
        return node.items.map((item, index) => {
            const itemNode = item;
            const number = index + 1;
            if (!isMap(itemNode))
                return fail(itemNode ? lineOf(itemNode) : keyLine, `message ${number} must be a map with role and content; it is ${describeNode(itemNode)}.`);
            const roleNode = itemNode.get('role', true);
            const contentNode = itemNode.get('content', true);
            if (roleNode === undefined)
                fail(lineOf(itemNode), `message ${number} has no role: use one of ${ROLES.join(', ')}.`);
            const role = readText(roleNode ?? null, `message ${number}'s role`, lineOf(itemNode)).toLowerCase();
            if (!ROLES.includes(role)) {
                fail(lineOf(roleNode), `message ${number} has role '${role}': use one of ${ROLES.join(', ')}.`);
            }
            if (contentNode === undefined)
                fail(lineOf(itemNode), `message ${number} (${role}) has no content.`);
            const content = readText(contentNode ?? null, `message ${number}'s content`, lineOf(itemNode));
            if (content.trim() === '')
                fail(lineOf(contentNode), `message ${number} (${role}) has empty content.`);
            for (const pair of itemNode.items) {
                const name = isScalar(pair.key) ? String(pair.key.value) : '';
                if (name !== 'role' && name !== 'content') {
                    file.warnings.push(`Prompt file '${path}', line ${lineOf(pair.key)}: message ${number}'s key '${name}' is ignored (a message has role and content).`);
                }
            }
            return { role: role, content };
        });
    }
    function readModelParameters(node) {
        if (node === null || (isScalar(node) && node.value === null))
            return;
        if (!isMap(node))
            return fail(lineOf(node), `modelParameters must be a map (maxCompletionTokens, temperature, topP); it is ${describeNode(node)}.`);
        for (const pair of node.items) {
            const name = isScalar(pair.key) ? String(pair.key.value) : '';
            const valueNode = pair.value;
            const line = lineOf(pair.key);
            switch (name) {
                case 'maxTokens':
                case 'maxCompletionTokens': {
                    const value = readNumber(valueNode, name, MAX_TOKENS_RULE, line);
                    if (maxTokensKey && maxTokensKey.value !== value) {
                        fail(line, `${name} is ${value} but ${maxTokensKey.key} (line ${maxTokensKey.line}) is ${maxTokensKey.value}: give one of them (maxTokens is the older name of maxCompletionTokens).`);
                    }
                    maxTokensKey = { key: name, value, line };
                    file.maxTokens = value;
                    break;
                }
                case 'temperature':
                    file.temperature = readNumber(valueNode, name, TEMPERATURE_RULE, line);
                    break;
                case 'topP':
                    file.topP = readNumber(valueNode, name, TOP_P_RULE, line);
                    break;
                default:
                    file.warnings.push(`Prompt file '${path}', line ${line}: modelParameters.${name} is not supported and is ignored (supported: maxCompletionTokens, maxTokens, temperature, topP).`);
            }
        }
    }
    function readNumber(node, name, rule, line) {
        if (!isScalar(node) || node.value === null)
            return fail(node ? lineOf(node) : line, `modelParameters.${name} must be a number; it is ${describeNode(node)}.`);
        const checked = checkNumberValue(node.value, rule);
        if (typeof checked === 'string')
            return fail(lineOf(node), `modelParameters.${name}: ${checked}`);
        return checked;
    }
    function readJsonSchema(node, keyLine) {
        const line = node ? lineOf(node) : keyLine;
        let value;
        if (isScalar(node) && typeof node.value === 'string') {
            try {
                value = JSON.parse(node.value);
            }
            catch (error) {
                // In a literal block (`jsonSchema: |`) JSON line n is file line (indicator's line + n).
                const jsonLine = Number(/\(line (\d+) column \d+\)/.exec(error.message)?.[1] ?? Number.NaN);
                const at = node.type === 'BLOCK_LITERAL' && Number.isInteger(jsonLine) ? line + jsonLine : line;
                return fail(at, `jsonSchema is not valid JSON: ${error.message}.`);
            }
        }
        else if (isMap(node)) {
            value = node.toJSON();
        }
        else {
            return fail(line, `jsonSchema must be a JSON string or a YAML map; it is ${describeNode(node)}.`);
        }
        const spec = normalizeJsonSchema(value, `prompt file ${path} (line ${line})`, input);
        if (typeof spec === 'string')
            return fail(line, `jsonSchema ${spec}.`);
        return spec;
    }
    /** A text value; scalars of other types (`content: 42`) keep the text as written. */
    function readText(node, what, line) {
        if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
            return typeof node.value === 'string' ? node.value : (node.source ?? JSON.stringify(node.value));
        }
        return fail(node ? lineOf(node) : line, `${what} must be text; it is ${describeNode(node)}.`);
    }
    function describeNode(node) {
        if (node === null || node === undefined || (isScalar(node) && node.value === null))
            return 'empty';
        if (isMap(node))
            return 'a map';
        if (isSeq(node))
            return 'a list';
        if (isScalar(node))
            return `the ${typeof node.value} ${JSON.stringify(node.value)}`;
        return 'not a value';
    }
}
function prompt_file_firstLine(text) {
    return text.split('\n')[0]?.trim() ?? text;
}

;// CONCATENATED MODULE: ./src/prompt/template.ts
/**
 * `{{name}}` placeholders, as in GitHub Models prompt files. Pure.
 *
 * Substitution is one pass over the text: a value is inserted as it is and
 * never scanned again, so a value holding `{{x}}` stays literal and untrusted
 * text cannot pull other variables (or instructions) into the prompt.
 * Names may contain dots (`pr.number`) and hyphens; spaces inside the braces
 * are allowed (`{{ name }}`).
 */
/** A variable name: a letter, digit or `_` first, then letters, digits, `_`, `.` or `-`. */
const VARIABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}\}/g;
/** The names of the placeholders in `text`, each once, in order of first use. */
function placeholders(text) {
    const names = new Set();
    for (const match of text.matchAll(PLACEHOLDER))
        if (match[1])
            names.add(match[1]);
    return [...names];
}
/**
 * Replaces each `{{name}}` whose name is a variable; others stay as written
 * and are listed in `unknown` (each once).
 */
function substitute(text, variables) {
    const unknown = new Set();
    const result = text.replace(PLACEHOLDER, (placeholder, name) => {
        // Own properties only: `{{constructor}}` must not find Object.prototype.constructor.
        const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
        if (value !== undefined)
            return value;
        unknown.add(name);
        return placeholder;
    });
    return { text: result, unknown: [...unknown] };
}

;// CONCATENATED MODULE: ./src/prompt/variables.ts


const FILE_INPUT_NAMES = ['file-input', 'file_input'];
/** The variables of both inputs; a name given twice fails. */
async function readVariables(source) {
    const variables = {};
    const origin = {};
    for (const [name, value] of await readMap(source.input('input'), 'input')) {
        variables[name] = value.text;
        origin[name] = 'input';
    }
    const [dash, underscore] = FILE_INPUT_NAMES.map((name) => source.input(name));
    if (dash && underscore)
        throw new src_errors/* InputError */.dz('file-input', 'and file_input are both set: give one of them (file_input is the actions/ai-inference spelling).');
    const fileInput = underscore ? 'file_input' : 'file-input';
    for (const [name, value] of await readMap(dash || underscore || '', fileInput)) {
        if (Object.hasOwn(variables, name)) {
            throw new src_errors/* InputError */.dz(fileInput, `variable '${name}' (line ${value.line}) is also set in ${origin[name]}: give each variable once.`);
        }
        if (value.text === '')
            throw new src_errors/* InputError */.dz(fileInput, `variable '${name}' (line ${value.line}) has no file path.`);
        variables[name] = readVariableFile(source, fileInput, name, value.text);
    }
    return variables;
}
function readVariableFile(source, input, name, path) {
    try {
        return source.readText(path, input);
    }
    catch (error) {
        if (!(error instanceof src_errors/* InputError */.dz))
            throw error;
        // Name the variable as well as the path: "Input 'file-input': variable 'diff': file 'x' does not exist."
        throw new src_errors/* InputError */.dz(input, `variable '${name}': ${error.message.replace(/^Input '[^']*': /, '')}`);
    }
}
/** Reads a YAML map of names to text, each with its line; '' is an empty map. */
async function readMap(text, input) {
    if (text.trim() === '')
        return [];
    const { isMap, isScalar, LineCounter, parseDocument } = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const lines = new LineCounter();
    const lineOf = (node) => (node?.range ? lines.linePos(node.range[0]).line : 1);
    const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: true });
    const yamlError = doc.errors[0];
    if (yamlError) {
        const line = yamlError.linePos?.[0].line ?? 1;
        const why = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        throw new src_errors/* InputError */.dz(input, `is not a valid YAML map, line ${line}: ${why}. Give one 'name: value' a line; for text with colons or several lines use a block scalar ('name: |' with the text indented below)${input === 'input' ? ', or pass it as a file through file-input' : ''}.`);
    }
    const root = doc.contents;
    if (!isMap(root))
        throw new src_errors/* InputError */.dz(input, `must be a YAML map of variables, one 'name: value' a line; it is ${isScalar(root) ? 'plain text' : 'a list'}.`);
    const entries = [];
    for (const pair of root.items) {
        const line = lineOf(pair.key);
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        if (!VARIABLE_NAME.test(name)) {
            throw new src_errors/* InputError */.dz(input, `line ${line}: '${name}' is not a variable name: use letters, digits, '_', '.' and '-' (for example pr_title or pr.title).`);
        }
        const value = pair.value;
        if (value !== null && !isScalar(value)) {
            throw new src_errors/* InputError */.dz(input, `line ${line}: variable '${name}' is a ${isMap(value) ? 'map' : 'list'}: a variable is text (use a block scalar, 'name: |', for several lines).`);
        }
        // The failsafe schema reads every scalar as a string; an empty value is null.
        entries.push([name, { text: value !== null && typeof value.value === 'string' ? value.value : '', line }]);
    }
    return entries;
}

;// CONCATENATED MODULE: ./src/prompt/read-prompt.ts



async function readPrompt(get, readText) {
    const promptFilePath = get('prompt-file');
    const file = promptFilePath && isPromptFilePath(promptFilePath) ? await readPromptFile(get, readText, promptFilePath) : undefined;
    const user = file ? { text: '', source: `prompt file ${promptFilePath}` } : readTextOrFile(get, readText, 'prompt', 'prompt-file');
    if (!user)
        throw new src_errors/* InputError */.dz('prompt', 'is required: set prompt (the text) or prompt-file (a path to a text file or a .prompt.yml file).');
    const system = readTextOrFile(get, readText, 'system-prompt', 'system-prompt-file');
    const variables = await readVariables({ input: get, readText });
    const messages = file ? [...file.messages] : [{ role: 'user', content: user.text }];
    if (system) {
        if (messages.some((m) => m.role === 'system')) {
            throw new src_errors/* InputError */.dz(system.input, `is set, and the prompt file '${promptFilePath}' has its own system message: keep one of them (remove ${system.input}, or the file's system message).`);
        }
        messages.unshift({ role: 'system', content: system.text });
    }
    const prompt = { messages, userSource: user.source };
    if (file?.model)
        prompt.model = file.model;
    if (file && file.warnings.length > 0)
        prompt.warnings = file.warnings;
    if (Object.keys(variables).length > 0)
        prompt.variables = variables;
    return file ? { prompt, file } : { prompt };
}
async function readPromptFile(get, readText, path) {
    if (get('prompt'))
        throw new src_errors/* InputError */.dz('prompt', 'and prompt-file are both set: give one of them.');
    const text = readText(path, 'prompt-file');
    if (!text.trim())
        throw new src_errors/* InputError */.dz('prompt-file', `file '${path}' is empty or only white space.`);
    return parsePromptFile(text, path);
}
function readTextOrFile(get, readText, textInput, fileInput) {
    const text = get(textInput);
    const file = get(fileInput);
    if (text && file)
        throw new src_errors/* InputError */.dz(textInput, `and ${fileInput} are both set: give one of them.`);
    if (file) {
        const content = readText(file, fileInput);
        if (!content.trim())
            throw new src_errors/* InputError */.dz(fileInput, `file '${file}' is empty or only white space.`);
        return { text: content, source: `file ${file}`, input: fileInput };
    }
    if (text)
        return { text, source: `input ${textInput}`, input: textInput };
    return undefined;
}

;// CONCATENATED MODULE: ./src/inputs/read-model-parameters.ts
/**
 * Reads the generation inputs (max-tokens / max-completion-tokens,
 * temperature, top-p, reasoning-effort, response-format, json-schema /
 * json-schema-file) and merges them with a prompt file's parameters: a
 * prompt-file parameter applies unless its input is set.
 *
 * `yaml` is imported on demand, only for a .yml/.yaml json-schema-file: other
 * runs should not pay for loading it.
 */



/** The prompt-file spellings, accepted as input values too. */
const FORMAT_ALIASES = { json_object: 'json', json_schema: 'json-schema' };
async function readModelParameters(get, readText, file) {
    const parameters = {};
    const maxTokens = readMaxTokens(get) ?? file?.maxTokens;
    if (maxTokens !== undefined)
        parameters.maxTokens = maxTokens;
    const temperature = readNumberInput(get, 'temperature', TEMPERATURE_RULE) ?? file?.temperature;
    if (temperature !== undefined)
        parameters.temperature = temperature;
    const topP = readNumberInput(get, 'top-p', TOP_P_RULE) ?? file?.topP;
    if (topP !== undefined)
        parameters.topP = topP;
    const effort = readReasoningEffort(get);
    if (effort !== undefined)
        parameters.reasoningEffort = effort;
    const format = await readResponseFormat(get, readText, file);
    if (format !== undefined)
        parameters.responseFormat = format;
    return parameters;
}
function readMaxTokens(get) {
    if (get('max-tokens') && get('max-completion-tokens')) {
        throw new src_errors/* InputError */.dz('max-tokens', 'and max-completion-tokens are both set: give one of them (they are the same setting).');
    }
    return readNumberInput(get, 'max-tokens', MAX_TOKENS_RULE) ?? readNumberInput(get, 'max-completion-tokens', MAX_TOKENS_RULE);
}
/** A number input checked against its rule (parseNumberText); undefined when the input is empty. */
function readNumberInput(get, name, rule) {
    const text = get(name);
    if (text === '')
        return undefined;
    const value = parseNumberText(text, rule);
    if (typeof value === 'string')
        throw new src_errors/* InputError */.dz(name, value);
    return value;
}
function readReasoningEffort(get) {
    const text = get('reasoning-effort');
    if (text === '')
        return undefined;
    if (!REASONING_EFFORTS.includes(text)) {
        throw new src_errors/* InputError */.dz('reasoning-effort', `'${text}' is not one of ${REASONING_EFFORTS.join(', ')} (it applies to reasoning models such as o4-mini and gpt-5).`);
    }
    return text;
}
async function readResponseFormat(get, readText, file) {
    const text = get('response-format');
    const named = FORMAT_ALIASES[text] ?? text;
    if (named !== '' && !RESPONSE_FORMATS.includes(named)) {
        throw new src_errors/* InputError */.dz('response-format', `'${text}' is not one of ${RESPONSE_FORMATS.join(', ')}.`);
    }
    const inputSchema = await readSchemaInput(get, readText);
    const fromFile = file?.responseFormat === 'json_object' ? 'json' : file?.responseFormat === 'json_schema' ? 'json-schema' : file?.responseFormat;
    // An input wins over the file; a schema alone asks for json-schema.
    const format = (named || undefined) ?? (inputSchema ? 'json-schema' : undefined) ?? fromFile ?? (file?.jsonSchema ? 'json-schema' : 'text');
    if (format === 'text') {
        if (inputSchema) {
            throw new src_errors/* InputError */.dz(inputSchema.input, `is set but response-format is text: remove it, or set response-format to json-schema (or json).`);
        }
        return undefined;
    }
    const schema = inputSchema?.spec ?? file?.jsonSchema;
    if (format === 'json') {
        const input = named ? 'response-format' : 'prompt-file';
        return schema ? { type: 'json_object', schema, input } : { type: 'json_object', input };
    }
    if (!schema) {
        throw new src_errors/* InputError */.dz('response-format', `is json-schema but no schema is given: set json-schema (inline JSON) or json-schema-file${file ? `, or jsonSchema in the prompt file '${file.path}'` : ''}.`);
    }
    return { type: 'json_schema', schema };
}
async function readSchemaInput(get, readText) {
    const inline = get('json-schema');
    const path = get('json-schema-file');
    if (inline && path)
        throw new src_errors/* InputError */.dz('json-schema', 'and json-schema-file are both set: give one of them.');
    if (!inline && !path)
        return undefined;
    const input = inline ? 'json-schema' : 'json-schema-file';
    let value;
    if (inline) {
        try {
            value = JSON.parse(inline);
        }
        catch (error) {
            throw new src_errors/* InputError */.dz('json-schema', `is not valid JSON: ${error.message}.`);
        }
    }
    else {
        const text = readText(path, 'json-schema-file');
        const isYaml = /\.ya?ml$/i.test(path);
        // Loaded outside the try: a failure to load is not the file's fault.
        const parse = isYaml ? (await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19))).parse : JSON.parse;
        try {
            value = parse(text);
        }
        catch (error) {
            throw new src_errors/* InputError */.dz('json-schema-file', `file '${path}' is not valid ${isYaml ? 'YAML' : 'JSON'}: ${error.message.split('\n')[0] ?? ''}`);
        }
    }
    const spec = normalizeJsonSchema(value, inline ? 'input json-schema' : `file ${path}`, input);
    if (typeof spec === 'string')
        throw new src_errors/* InputError */.dz(input, `${inline ? '' : `file '${path}' `}${spec}.`);
    return { spec, input };
}

;// CONCATENATED MODULE: ./src/inputs/read-config.ts
/**
 * Reads the action's inputs (and their environment fallbacks) and validates
 * them into one `Config`. Everything here happens before any network call, so
 * a typo fails in milliseconds with a message naming the input.
 */







const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant may also be named by a verified domain (contoso.onmicrosoft.com). */
const TENANT_DOMAIN = /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const MAX_PROMPT_FILE_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 120;
const MAX_TIMEOUT_SECONDS = 3600;
const DEFAULT_MAX_RETRIES = 3;
const MAX_RETRIES_LIMIT = 20;
const DEFAULT_MAX_RETRY_WAIT_SECONDS = 60;
const MAX_RETRY_WAIT_LIMIT_SECONDS = 600;
async function readConfig(source) {
    const get = (name) => source.input(name).trim();
    const readText = source.readTextFile ?? readTextFile;
    const endpointText = get('endpoint') || source.env.AZURE_OPENAI_ENDPOINT?.trim() || '';
    if (!endpointText) {
        throw new src_errors/* InputError */.dz('endpoint', 'is required: set the endpoint input or the AZURE_OPENAI_ENDPOINT environment variable, for example https://NAME.openai.azure.com.');
    }
    const endpoint = parseEndpoint(endpointText);
    const deployment = readDeployment(get('deployment') || source.env.AZURE_OPENAI_DEPLOYMENT?.trim() || '', endpoint);
    const apiVersion = readApiVersion(get('api-version'), endpoint);
    const { prompt, file: promptFile } = await readPrompt(get, readText);
    return {
        endpoint,
        deployment,
        apiVersion,
        prompt,
        identity: readIdentity(get, source.env, endpoint),
        ...(await readModelParameters(get, readText, promptFile)),
        timeoutMs: 1000 * (readNumberInput(get, 'timeout', { integer: false, min: 1, max: MAX_TIMEOUT_SECONDS }) ?? DEFAULT_TIMEOUT_SECONDS),
        maxRetries: readNumberInput(get, 'max-retries', { integer: true, min: 0, max: MAX_RETRIES_LIMIT }) ?? DEFAULT_MAX_RETRIES,
        maxRetryWaitMs: 1000 *
            (readNumberInput(get, 'max-retry-wait', { integer: false, min: 0, max: MAX_RETRY_WAIT_LIMIT_SECONDS }) ??
                DEFAULT_MAX_RETRY_WAIT_SECONDS),
        summary: readBoolean(get, 'summary', true),
        stream: readBoolean(get, 'stream', true),
        failOnTruncation: readBoolean(get, 'fail-on-truncation', false),
    };
}
function readDeployment(text, endpoint) {
    const name = text || endpoint.deployment;
    if (!name) {
        throw new src_errors/* InputError */.dz('deployment', 'is required: set the deployment input (the deployment name shown in the Azure AI Foundry portal, not the model name) or AZURE_OPENAI_DEPLOYMENT, or paste the full target URI as the endpoint.');
    }
    if (!DEPLOYMENT_NAME.test(name)) {
        throw new src_errors/* InputError */.dz('deployment', `'${name}' is not a valid deployment name: use 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit.`);
    }
    return name;
}
function readApiVersion(text, endpoint) {
    const version = text || endpoint.apiVersion || 'v1';
    if (version !== 'v1' && !DATED_API_VERSION.test(version)) {
        throw new src_errors/* InputError */.dz(text ? 'api-version' : 'api-version (from the endpoint URI)', `'${version}' is not supported: use v1 (the default) or a dated version such as 2024-10-21 or 2025-04-01-preview.`);
    }
    return version;
}
/** Reads a prompt file, rejecting what cannot be a prompt before it reaches the network. */
function readTextFile(path, input) {
    let size;
    try {
        const stat = (0,external_node_fs_.statSync)(path);
        if (!stat.isFile())
            throw new src_errors/* InputError */.dz(input, `'${path}' is not a regular file.`);
        size = stat.size;
    }
    catch (error) {
        if (error instanceof src_errors/* InputError */.dz)
            throw error;
        const code = error.code;
        const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code ?? 'unknown error'})`;
        throw new src_errors/* InputError */.dz(input, `file '${path}' ${why}. Paths are relative to the working directory (usually the repository root after actions/checkout).`);
    }
    if (size > MAX_PROMPT_FILE_BYTES) {
        throw new src_errors/* InputError */.dz(input, `file '${path}' is ${size} bytes; the limit is ${MAX_PROMPT_FILE_BYTES} bytes (4 MiB).`);
    }
    let bytes;
    try {
        bytes = (0,external_node_fs_.readFileSync)(path);
    }
    catch (error) {
        throw new src_errors/* InputError */.dz(input, `file '${path}' cannot be read (${error.code ?? 'unknown error'}).`);
    }
    if (bytes.includes(0))
        throw new src_errors/* InputError */.dz(input, `file '${path}' looks binary (it contains NUL bytes): give a UTF-8 text file.`);
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return text.replace(/^\uFEFF/, '');
}
function readIdentity(get, env, endpoint) {
    const modeText = get('auth') || 'auto';
    if (!AUTH_MODES.includes(modeText)) {
        throw new src_errors/* InputError */.dz('auth', `'${modeText}' is not one of ${AUTH_MODES.join(', ')}.`);
    }
    const mode = modeText;
    const clientId = get('client-id') || env.AZURE_CLIENT_ID?.trim() || undefined;
    const tenantId = get('tenant-id') || env.AZURE_TENANT_ID?.trim() || undefined;
    const clientSource = get('client-id') ? 'client-id' : 'AZURE_CLIENT_ID';
    const tenantSource = get('tenant-id') ? 'tenant-id' : 'AZURE_TENANT_ID';
    if (clientId !== undefined && !GUID.test(clientId)) {
        throw new src_errors/* InputError */.dz(clientSource === 'client-id' ? 'client-id' : 'client-id (from AZURE_CLIENT_ID)', `'${clientId}' is not a GUID: use the application (client) id, like 00000000-0000-0000-0000-000000000000.`);
    }
    if (tenantId !== undefined && !GUID.test(tenantId) && !TENANT_DOMAIN.test(tenantId)) {
        throw new src_errors/* InputError */.dz(tenantSource === 'tenant-id' ? 'tenant-id' : 'tenant-id (from AZURE_TENANT_ID)', `'${tenantId}' is not a GUID or a tenant domain: use the directory (tenant) id, like 00000000-0000-0000-0000-000000000000.`);
    }
    if (mode === 'github-oidc' && (!clientId || !tenantId)) {
        throw new src_errors/* InputError */.dz(clientId ? 'tenant-id' : 'client-id', 'is required with auth: github-oidc (set client-id and tenant-id, or AZURE_CLIENT_ID and AZURE_TENANT_ID).');
    }
    const scope = get('scope') || endpoint.cloud.scope;
    if (/\s/.test(scope) || !/^[a-z][a-z0-9+.-]*:\/\/?\S+\/\.default$|^api:\/\/\S+\/\.default$/i.test(scope)) {
        throw new src_errors/* InputError */.dz('scope', `'${scope}' is not a resource scope: use a URI ending in /.default, such as https://cognitiveservices.azure.com/.default.`);
    }
    const authorityText = get('authority-host') || env.AZURE_AUTHORITY_HOST?.trim() || endpoint.cloud.authorityHost;
    const authorityHost = readAuthorityHost(authorityText, get('authority-host') ? 'authority-host' : 'authority-host (from AZURE_AUTHORITY_HOST)');
    const oidcAudience = get('oidc-audience') || 'api://AzureADTokenExchange';
    if (/\s/.test(oidcAudience))
        throw new src_errors/* InputError */.dz('oidc-audience', 'must not contain white space.');
    const identity = {
        mode,
        scope,
        authorityHost,
        instanceDiscovery: isMicrosoftLoginHost(authorityHost),
        oidcAudience,
    };
    if (clientId)
        identity.clientId = clientId;
    if (tenantId)
        identity.tenantId = tenantId;
    return identity;
}
function readAuthorityHost(text, input) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new src_errors/* InputError */.dz(input, `'${text}' is not a URL: use an https URL such as https://login.microsoftonline.com.`);
    }
    if (url.protocol !== 'https:')
        throw new src_errors/* InputError */.dz(input, `'${text}' must use https (Entra and MSAL accept only https authorities).`);
    return url.origin;
}
function readBoolean(get, name, fallback) {
    const text = get(name);
    if (text === '')
        return fallback;
    // The same words @actions/core's getBooleanInput accepts (YAML 1.2 core schema).
    if (['true', 'True', 'TRUE'].includes(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new src_errors/* InputError */.dz(name, `'${text}' is not a boolean: use true or false.`);
}

;// CONCATENATED MODULE: ./src/prompt/messages.ts

/**
 * The messages to send: each content with its placeholders replaced, in one
 * pass (see template.ts), and the placeholder names no variable matched.
 * `variables` defaults to those of `input` / `file-input`.
 */
function renderMessages(prompt, variables = prompt.variables ?? {}) {
    const unknown = new Set();
    const messages = prompt.messages.map((message) => {
        const rendered = substitute(message.content, variables);
        for (const name of rendered.unknown)
            unknown.add(name);
        return { role: message.role, content: rendered.text };
    });
    return { messages, unknown: [...unknown] };
}

;// CONCATENATED MODULE: ./src/report/limits.ts
/**
 * GitHub's size limits on what a step leaves behind, and how text is cut to
 * fit them. A long answer must never fail an otherwise good run: the outputs
 * and the summary carry a cut version with a notice, `response-file` the
 * whole text. Pure.
 */
/**
 * "Outputs can be a maximum of 1 MB per job ... Size is approximated based on
 * UTF-16 encoding" (GitHub docs): 2 bytes a UTF-16 code unit.
 */
const JOB_OUTPUTS_LIMIT_BYTES = 1_000_000;
/** Room left for the other outputs and the cut notice. */
const OTHER_OUTPUTS_ROOM_BYTES = 16 * 1024;
/** The most UTF-16 code units the `response` output carries. */
const RESPONSE_OUTPUT_LIMIT_CHARS = (JOB_OUTPUTS_LIMIT_BYTES - OTHER_OUTPUTS_ROOM_BYTES) / 2;
/** GitHub shows no step summary over 1 MiB ("supports content up to a size of 1024k"). */
const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** The `response` output: the whole answer, or its start and a notice pointing at `response-file`. */
function responseOutput(text) {
    if (text.length <= RESPONSE_OUTPUT_LIMIT_CHARS)
        return { text, cut: false };
    const notice = cutNotice(text);
    return { text: sliceChars(text, RESPONSE_OUTPUT_LIMIT_CHARS - notice.length) + notice, cut: true };
}
/** Fits text into `maxBytes` of UTF-8, ending with the notice when it had to be shortened. */
function fitUtf8(text, maxBytes) {
    if (Buffer.byteLength(text) <= maxBytes)
        return { text, cut: false };
    const notice = cutNotice(text);
    const room = Math.max(0, maxBytes - Buffer.byteLength(notice));
    return { text: sliceUtf8(text, room) + notice, cut: true };
}
function cutNotice(text) {
    return `\n\n[\u2026 cut to fit GitHub's size limits: the whole answer (${text.length} characters) is in the file named by the response-file output]`;
}
/** The first `count` UTF-16 code units, never splitting a surrogate pair. */
function sliceChars(text, count) {
    if (count <= 0)
        return '';
    if (text.length <= count)
        return text;
    const last = text.charCodeAt(count - 1);
    return text.slice(0, last >= 0xd800 && last <= 0xdbff ? count - 1 : count);
}
/** The longest prefix of at most `maxBytes` UTF-8 bytes, never splitting a character. */
function sliceUtf8(text, maxBytes) {
    if (maxBytes <= 0)
        return '';
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= maxBytes)
        return text;
    let end = maxBytes;
    // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
    while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80)
        end--;
    return bytes.subarray(0, end).toString('utf8');
}

;// CONCATENATED MODULE: ./src/report/structured-output.ts


const MAX_VIOLATIONS = 5;
/** The largest `json` output: the job's outputs share about 1 MB with `response`. */
const JSON_OUTPUT_LIMIT_CHARS = Math.floor(RESPONSE_OUTPUT_LIMIT_CHARS / 2);
/** Compiles the schema with the Ajv class its `$schema` asks for (draft-07 when it names none). */
async function compileSchema(spec) {
    const draft = typeof spec.schema.$schema === 'string' ? spec.schema.$schema : '';
    if (/draft-0[346]\b/.test(draft)) {
        throw new src_errors/* InputError */.dz(spec.input, `schema '${spec.name}' (${spec.source}) uses ${draft}: use draft-07, 2019-09 or 2020-12 (or leave out $schema).`);
    }
    const [ajvModule, formatsModule] = await Promise.all([
        draft.includes('2020-12') ? Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(210)]).then(__webpack_require__.t.bind(__webpack_require__, 2210, 23)) : draft.includes('2019-09') ? Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(878)]).then(__webpack_require__.t.bind(__webpack_require__, 878, 23)) : Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(463)]).then(__webpack_require__.t.bind(__webpack_require__, 2463, 23)),
        Promise.all(/* import() */[__webpack_require__.e(457), __webpack_require__.e(196)]).then(__webpack_require__.t.bind(__webpack_require__, 2815, 23)),
    ]);
    // CommonJS modules: the class and the plugin are the default export, or its `default`.
    const AjvClass = ajvModule.default.default;
    const addFormats = formatsModule.default.default;
    // strict: false accepts the annotations OpenAI's schemas carry; logger: false keeps Ajv off the console.
    const ajv = new AjvClass({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
    let validate;
    try {
        validate = ajv.compile(spec.schema);
    }
    catch (error) {
        throw new src_errors/* InputError */.dz(spec.input, `schema '${spec.name}' (${spec.source}) is not a valid JSON Schema: ${error.message}`);
    }
    return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => describeViolation(e)));
}
function describeViolation(error) {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    const { params } = error;
    let detail = '';
    if (typeof params.additionalProperty === 'string')
        detail = ` ('${params.additionalProperty}')`;
    else if (Array.isArray(params.allowedValues))
        detail = ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
    return `${where}: ${error.message ?? 'is invalid'}${detail}`;
}
/** The text inside one Markdown code fence that wraps the whole answer, else the answer itself. */
function stripCodeFence(text) {
    const fenced = /^\s*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?[ \t]*\1[ \t]*\s*$/.exec(text);
    return fenced?.[2] ?? text;
}
/** Parses a JSON answer and checks it; `problem` is a sentence naming what is wrong. */
function readStructuredAnswer(text, validate) {
    const body = stripCodeFence(text).trim();
    if (body === '')
        return { ok: false, problem: 'The answer is empty, not JSON.' };
    let value;
    try {
        value = JSON.parse(body);
    }
    catch (error) {
        return { ok: false, problem: `The answer is not valid JSON: ${error.message.replace(/\.$/, '')}.` };
    }
    if (validate) {
        const violations = validate(value);
        if (violations.length > 0) {
            const shown = violations.slice(0, MAX_VIOLATIONS).map((v) => `  ${v}`);
            if (violations.length > MAX_VIOLATIONS)
                shown.push(`  \u2026 and ${violations.length - MAX_VIOLATIONS} more`);
            const count = violations.length === 1 ? '1 violation' : `${violations.length} violations`;
            return { ok: false, problem: `The answer does not match the JSON schema (${count}):\n${shown.join('\n')}` };
        }
    }
    return { ok: true, value, json: JSON.stringify(value) };
}
/**
 * The `json` output for a JSON response format (undefined for text). An
 * answer that is not JSON, or breaks the schema, fails the step: only
 * `response-file` is written then, holding the raw answer.
 */
function readJsonOutput(prepared, result, context) {
    if (!prepared.validate)
        return undefined;
    const answer = readStructuredAnswer(result.text, prepared.validate);
    if (!answer.ok) {
        context.setOutput('response-file', context.responseFile);
        const cut = result.finishReason === 'length'
            ? '\nThe answer was cut at the token limit (finish reason length), so the JSON is incomplete: raise max-tokens.'
            : result.finishReason === 'content_filter'
                ? '\nThe content filter cut the answer (finish reason content_filter).'
                : '';
        throw new src_errors/* ActionFailure */.dR(`Deployment '${context.deployment}' answered, but not with the JSON asked for. ${answer.problem}${cut}\nThe raw answer is in ${context.responseFile} (the response-file output, the only output written).`);
    }
    if (answer.json.length > JSON_OUTPUT_LIMIT_CHARS) {
        context.warning(`The JSON answer (${answer.json.length} characters) is too large for the json output (GitHub allows about 1 MB of outputs per job): read it from response-file.`);
        return undefined;
    }
    return answer.json;
}

;// CONCATENATED MODULE: ./src/prompt/prepare-chat.ts





/**
 * `contextVariables` are filled in where the prompt uses them; a variable
 * of the same name from `input` / `file-input` wins.
 */
async function prepareChat(config, log, contextVariables = {}) {
    const { prompt } = config;
    for (const warning of prompt.warnings ?? [])
        log.warning(warning);
    if (prompt.model) {
        log.notice(`The prompt file names the model '${prompt.model}' (a GitHub Models name); Azure OpenAI answers with deployment '${config.deployment}', which the deployment input chooses.`);
    }
    const { messages, unknown } = renderMessages(prompt, { ...contextVariables, ...prompt.variables });
    for (const name of unknown) {
        log.warning(`The prompt uses {{${name}}}, which no variable sets: it is sent as written. Set it through the input or file-input input.`);
    }
    const format = config.responseFormat;
    // OpenAI's rule for JSON mode: the service rejects a request whose messages never mention JSON.
    if (format?.type === 'json_object' && !messages.some((m) => /json/i.test(m.content))) {
        throw new src_errors/* InputError */.dz(format.input, `asks for JSON mode (json_object), and Azure OpenAI then requires the word "JSON" in the messages: ask for JSON in the prompt or the system prompt (for example "Answer in JSON."), or use json-schema.`);
    }
    const schema = format?.schema;
    const validate = schema ? await compileSchema(schema) : format ? () => [] : undefined;
    const parameters = {
        ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
        ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
        ...(config.topP !== undefined ? { topP: config.topP } : {}),
        ...(config.reasoningEffort !== undefined ? { reasoningEffort: config.reasoningEffort } : {}),
        ...(format ? { responseFormat: responseFormatBody(format) } : {}),
    };
    log.info(`Prompt: ${messages.length} message${messages.length === 1 ? '' : 's'} from ${prompt.userSource}. Parameters: ${describeParameters(config)}.`);
    return validate ? { messages, parameters, validate } : { messages, parameters };
}
/** The effective parameters, as sent (with the token limit's name this run uses). */
function describeParameters(config) {
    const parts = [];
    if (config.maxTokens !== undefined)
        parts.push(`${tokenLimitParam()} ${config.maxTokens}`);
    if (config.temperature !== undefined)
        parts.push(`temperature ${config.temperature}`);
    if (config.topP !== undefined)
        parts.push(`top_p ${config.topP}`);
    if (config.reasoningEffort !== undefined)
        parts.push(`reasoning_effort ${config.reasoningEffort}`);
    if (config.responseFormat)
        parts.push(`response_format ${describeResponseFormat(config.responseFormat)}`);
    return parts.length > 0 ? parts.join(', ') : "the deployment's defaults";
}

;// CONCATENATED MODULE: ./src/context/event.ts
/**
 * What the run's event says about the repository, the commit and the pull
 * request, read from the runner's environment and GITHUB_EVENT_PATH. Pure
 * apart from reading that file; no network.
 */


/** Events whose payload carries `pull_request`. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
function readEventFacts(env, readText = (p) => (0,external_node_fs_.readFileSync)(p, 'utf8')) {
    const name = env.GITHUB_EVENT_NAME ?? '';
    const facts = { name, ref: env.GITHUB_REF ?? '', sha: env.GITHUB_SHA ?? '', fromFork: false };
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (owner && repo)
        facts.repository = { owner, repo };
    let payload = {};
    if (env.GITHUB_EVENT_PATH) {
        try {
            payload = JSON.parse(readText(env.GITHUB_EVENT_PATH));
        }
        catch {
            // No payload: the facts from the environment still stand.
        }
    }
    if (PULL_REQUEST_EVENTS.has(name) && payload.pull_request) {
        const number = payload.pull_request.number ?? payload.number;
        if (typeof number === 'number')
            facts.pullRequest = number;
        facts.fromFork = isForkPullRequest(payload.pull_request.head?.repo, payload.pull_request.base?.repo);
    }
    else if (name === 'issue_comment' && payload.issue?.pull_request && typeof payload.issue.number === 'number') {
        facts.pullRequest = payload.issue.number;
    }
    if (name === 'release' && payload.release?.tag_name)
        facts.releaseTag = payload.release.tag_name;
    return facts;
}
/**
 * Whether a pull request comes from a fork (GitHub gives such runs no OIDC token). `fork` says the head
 * repository is a fork of something, which is also true between two branches of a repository that is
 * itself a fork: compare the names when both are known. A deleted fork leaves the head repository null.
 */
function isForkPullRequest(head, base) {
    if (head === null)
        return true;
    if (!head || !base)
        return false;
    return head.full_name !== undefined && base.full_name !== undefined ? head.full_name !== base.full_name : head.fork === true;
}
/** The pull request the run works on: the `pull-request` input wins over the event's. */
function pullRequestOf(facts, config) {
    return config.pullRequest ?? facts.pullRequest;
}
/** Fails, before any network call, when a feature needs a pull request and the run has none. */
function requirePullRequest(facts, config, why) {
    const number = pullRequestOf(facts, config);
    if (number === undefined) {
        throw new src_errors/* InputError */.dz('pull-request', `${why} needs a pull request, and this ${facts.name || 'unknown'} event is not about one. Run the workflow on pull_request (or pull_request_target, or an issue_comment on a pull request), or set pull-request to its number.`);
    }
    return number;
}
function requireRepository(facts, why) {
    if (!facts.repository) {
        throw new src_errors/* InputError */.dz('GITHUB_REPOSITORY', `${why} needs the repository (OWNER/REPO), and GITHUB_REPOSITORY is not set: this runs only inside a GitHub Actions job.`);
    }
    return facts.repository;
}

// EXTERNAL MODULE: ./src/on-demand/undici.ts
var undici = __webpack_require__(2383);
;// CONCATENATED MODULE: ./src/context/github-client.ts


const DEFAULT_API_URL = 'https://api.github.com';
/** The longest one GitHub API request may take (a large pull request's diff included). */
const GITHUB_REQUEST_TIMEOUT_MS = 60_000;
async function createGithubClient(token, env, mask, timeoutMs = GITHUB_REQUEST_TIMEOUT_MS) {
    mask(token);
    const apiUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
    // Octokit's fetch is undici's, and behind a proxy it constructs a ProxyAgent: load undici first.
    const [{ getOctokit }] = await Promise.all([__webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413)), (0,undici/* loadUndici */.b7)()]);
    let requests = 0;
    const octokit = getOctokit(token, { baseUrl: apiUrl, userAgent: 'azure-openai-keyless-action' });
    octokit.hook.before('request', () => {
        requests += 1;
    });
    // Octokit has no time limit of its own: a GitHub API that stops answering would hold the job.
    // (The fetch it is given ignores Node's AbortSignal, so the request is raced; src/linger.ts ends the socket.)
    octokit.hook.wrap('request', async (request, options) => {
        let timer;
        const expired = new Promise((_, reject) => {
            timer = setTimeout(() => {
                reject(new Error(`the GitHub API did not answer within ${timeoutMs / 1000} s (request timed out)`));
            }, timeoutMs);
        });
        try {
            return await Promise.race([request(options), expired]);
        }
        finally {
            clearTimeout(timer);
        }
    });
    return {
        octokit,
        apiUrl,
        get requests() {
            return requests;
        },
    };
}
/**
 * Wraps a failed GitHub API call in one message naming what was being done,
 * GitHub's answer and the fix. Keeps GitHub's own message text.
 */
function githubFailure(what, error, apiUrl, hints) {
    const status = error.status;
    const data = error.response?.data;
    const said = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
    const lines = [];
    if (typeof status !== 'number' || status === 500) {
        const code = (0,src_errors/* networkCode */.e8)(error);
        if (code) {
            lines.push(`Could not ${what}: the GitHub API at ${apiUrl} could not be reached (${code}).`, "Check GITHUB_API_URL (set by the runner; on GitHub Enterprise Server https://HOST/api/v3) and the runner's network and proxy.");
            return new src_errors/* ActionFailure */.dR(lines.join('\n'), { cause: error });
        }
    }
    lines.push(`Could not ${what}: GitHub answered ${typeof status === 'number' ? status : 'with an error'}: ${github_client_firstLine(said)}.`);
    if (status === 401) {
        lines.push('The github-token input is not a valid token. Leave it at its default (${{ github.token }}) or pass a token that is still valid.');
    }
    else if (status === 403 && /rate limit/i.test(said)) {
        lines.push("The token ran out of API requests; wait for the rate limit to reset, or use the job's own token (github-token defaults to ${{ github.token }}).");
    }
    else if (status === 403) {
        lines.push(`The token lacks a permission: give the job \`permissions: ${hints.permission}\` (a job that sets permissions gets only those it lists).`, ...(hints.extra ?? []));
    }
    else if (status === 404) {
        lines.push(`Check the repository and number; for a private repository the token also needs \`permissions: ${hints.permission}\` (GitHub answers 404, not 403, when it may not show the resource).`);
    }
    return new src_errors/* ActionFailure */.dR(lines.join('\n'), { cause: error });
}
function github_client_firstLine(text) {
    return (text.split('\n')[0] ?? '').replace(/[.:\s]+$/, '');
}

;// CONCATENATED MODULE: ./src/context/names.ts
/**
 * The workflow-context template variables and which of them a prompt uses.
 * Pure: deciding what to fetch is done from the placeholders alone, so a
 * prompt without context variables costs no GitHub API call.
 */
const PULL_REQUEST_VARIABLES = [
    'pr.number',
    'pr.title',
    'pr.body',
    'pr.author',
    'pr.base',
    'pr.head',
    'pr.diff',
    'pr.files',
    'pr.commits',
];
const RANGE_VARIABLES = ['commits', 'changes'];
const RUN_VARIABLES = ['repo', 'ref', 'sha', 'event'];
const ALL = new Set([...PULL_REQUEST_VARIABLES, ...RANGE_VARIABLES, ...RUN_VARIABLES]);
function isContextVariable(name) {
    return ALL.has(name);
}
/**
 * The context variables among `placeholders`, leaving out names the user
 * defined through `input` / `file-input`: an explicit value wins and is not fetched.
 */
function contextVariablesUsed(placeholders, userDefined = new Set()) {
    const used = new Set();
    for (const name of placeholders)
        if (isContextVariable(name) && !userDefined.has(name))
            used.add(name);
    return used;
}
function needsPullRequest(used) {
    return PULL_REQUEST_VARIABLES.some((name) => used.has(name));
}
function needsRange(used) {
    return RANGE_VARIABLES.some((name) => used.has(name));
}
/** Variables that need the GitHub API (everything except pr.number and the run facts). */
function needsApi(used) {
    return needsRange(used) || PULL_REQUEST_VARIABLES.some((name) => name !== 'pr.number' && used.has(name));
}

;// CONCATENATED MODULE: ./src/context/diff.ts
/**
 * Changed files and their unified-diff sections: split from GitHub's diff,
 * or rebuilt from the files endpoint's per-file patches when GitHub refuses
 * the diff. Pure.
 */
/** Splits a unified diff (`git diff` / GitHub's diff media type) into one section per file. */
function splitUnifiedDiff(diff) {
    const files = [];
    const starts = [];
    const re = /^diff --git /gm;
    for (let m = re.exec(diff); m; m = re.exec(diff))
        starts.push(m.index);
    for (let i = 0; i < starts.length; i++) {
        let section = diff.slice(starts[i], starts[i + 1] ?? diff.length);
        if (!section.endsWith('\n'))
            section += '\n';
        files.push(describeSection(section));
    }
    return files;
}
function describeSection(section) {
    const lines = section.split('\n');
    const header = (lines[0] ?? '').slice('diff --git '.length);
    let oldPath;
    let newPath;
    let additions = 0;
    let deletions = 0;
    let inHunk = false;
    let status = 'modified';
    let binary = false;
    for (const line of lines.slice(1)) {
        if (!inHunk) {
            if (line.startsWith('--- '))
                oldPath = stripPrefix(line.slice(4), 'a/');
            else if (line.startsWith('+++ '))
                newPath = stripPrefix(line.slice(4), 'b/');
            else if (line.startsWith('new file mode'))
                status = 'added';
            else if (line.startsWith('deleted file mode'))
                status = 'removed';
            else if (line.startsWith('rename from ')) {
                status = 'renamed';
                oldPath = line.slice('rename from '.length);
            }
            else if (line.startsWith('rename to '))
                newPath = line.slice('rename to '.length);
            else if (/^Binary files .* differ$/.test(line) || line === 'GIT binary patch')
                binary = true;
            else if (line.startsWith('@@'))
                inHunk = true;
            continue;
        }
        if (line.startsWith('+'))
            additions++;
        else if (line.startsWith('-'))
            deletions++;
    }
    const fromHeader = headerPaths(header);
    const path = (newPath && newPath !== '/dev/null' ? newPath : undefined) ??
        (oldPath && oldPath !== '/dev/null' ? oldPath : undefined) ??
        fromHeader.newPath;
    const file = { path, status, additions, deletions, section, binary };
    const previous = oldPath && oldPath !== '/dev/null' ? oldPath : fromHeader.oldPath;
    if (status === 'renamed' && previous !== path)
        file.previousPath = previous;
    return file;
}
function stripPrefix(path, prefix) {
    const clean = path.replace(/\t.*$/, '');
    return clean.startsWith(prefix) ? clean.slice(prefix.length) : clean;
}
/** `a/X b/Y` -> X, Y; when both are the same path, spaces in it are fine. */
function headerPaths(header) {
    const half = (header.length - 1) / 2;
    if (Number.isInteger(half) &&
        header.startsWith('a/') &&
        header.slice(half + 1).startsWith('b/') &&
        header.slice(2, half) === header.slice(half + 3)) {
        const p = header.slice(2, half);
        return { oldPath: p, newPath: p };
    }
    const m = /^a\/(.+?) b\/(.+)$/.exec(header);
    return m?.[1] && m[2] ? { oldPath: m[1], newPath: m[2] } : { oldPath: header, newPath: header };
}
const BINARY_EXTENSIONS = /\.(png|jpe?g|gif|webp|bmp|ico|icns|tiff?|psd|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|dll|exe|so|dylib|a|o|wasm|bin|dat|db|sqlite3?|woff2?|ttf|otf|eot|mp3|mp4|mov|avi|wav|ogg|flac|webm|pyc|node)$/i;
/** Rebuilds a file's diff section from the files endpoint, which omits `patch` for binary and very large files. */
function fileFromRow(row) {
    const from = row.previous_filename ?? row.filename;
    const head = [`diff --git a/${from} b/${row.filename}`];
    if (row.status === 'renamed' && row.previous_filename)
        head.push(`rename from ${row.previous_filename}`, `rename to ${row.filename}`);
    const binary = row.patch === undefined && (BINARY_EXTENSIONS.test(row.filename) || row.additions + row.deletions === 0);
    if (row.patch !== undefined) {
        head.push(`--- ${row.status === 'added' ? '/dev/null' : `a/${from}`}`, `+++ ${row.status === 'removed' ? '/dev/null' : `b/${row.filename}`}`, row.patch);
    }
    else if (binary) {
        head.push(`Binary files ${row.status === 'added' ? '/dev/null' : `a/${from}`} and ${row.status === 'removed' ? '/dev/null' : `b/${row.filename}`} differ`);
    }
    else {
        head.push(`(GitHub shows no patch for this file: too large; +${row.additions} -${row.deletions})`);
    }
    const file = {
        path: row.filename,
        status: row.status,
        additions: row.additions,
        deletions: row.deletions,
        section: `${head.join('\n')}\n`,
        binary,
    };
    if (row.previous_filename)
        file.previousPath = row.previous_filename;
    return file;
}
/** `{{pr.files}}` / `{{changes}}`: one line per file with its additions and deletions. */
function fileLines(files) {
    return files
        .map((f) => `${f.path} (${f.status}${f.previousPath ? ` from ${f.previousPath}` : ''}, +${f.additions} -${f.deletions})`)
        .join('\n');
}
/** `{{commits}}` / `{{pr.commits}}`: one line per commit: short sha, subject, author. */
function commitLines(commits) {
    return commits
        .map((c) => {
        const subject = (c.commit.message.split('\n')[0] ?? '').trim();
        const who = c.author?.login ?? c.commit.author?.name ?? 'unknown';
        return `${c.sha.slice(0, 7)} ${subject} (${who})`;
    })
        .join('\n');
}

;// CONCATENATED MODULE: ./src/context/pull-request.ts


/** GitHub lists at most 3000 files and 250 commits of a pull request. */
const MAX_FILES = 3000;
const PER_PAGE = 100;
const READ_PERMISSION = 'contents: read, pull-requests: read';
async function fetchPullRequest(gh, repo, number, needs, log) {
    const data = { number };
    const what = `read pull request #${number} of ${repo.owner}/${repo.repo}`;
    const fail = (error) => githubFailure(what, error, gh.apiUrl, { permission: READ_PERMISSION });
    if (needs.meta || needs.commits) {
        const pr = await gh.octokit.rest.pulls.get({ ...repo, pull_number: number }).catch((e) => {
            throw fail(e);
        });
        const p = pr.data;
        data.title = p.title;
        data.body = p.body ?? '';
        data.author = p.user.login;
        data.base = p.base.ref;
        // A fork's branch is named with its owner (forky:patch-1), as GitHub shows it.
        // head.repo is null when the fork was deleted, whatever the types say.
        const headRepo = p.head.repo;
        data.head = headRepo && headRepo.full_name !== p.base.repo.full_name ? p.head.label : p.head.ref;
        data.commitsTotal = p.commits;
    }
    let rows;
    if (needs.files)
        rows = await listFiles(gh, repo, number).catch((e) => {
            throw fail(e);
        });
    if (needs.diff) {
        const diff = await fetchDiff(gh, repo, number).catch((e) => {
            throw fail(e);
        });
        if (diff !== undefined) {
            data.files = mergeStats(splitUnifiedDiff(diff), rows);
            data.diffSource = 'diff';
        }
        else {
            log(`GitHub refused the diff of pull request #${number} (too large); building it from the per-file patches instead.`);
            rows ??= await listFiles(gh, repo, number).catch((e) => {
                throw fail(e);
            });
            data.files = rows.map(fileFromRow);
            data.diffSource = 'patches';
        }
    }
    else if (rows) {
        data.files = rows.map(fileFromRow);
    }
    if (needs.commits) {
        data.commits = await gh.octokit
            .paginate(gh.octokit.rest.pulls.listCommits, { ...repo, pull_number: number, per_page: PER_PAGE })
            .catch((e) => {
            throw fail(e);
        });
    }
    return data;
}
/** The unified diff, or undefined when GitHub refuses it as too large (406, too_large). */
async function fetchDiff(gh, repo, number) {
    try {
        const response = await gh.octokit.rest.pulls.get({ ...repo, pull_number: number, mediaType: { format: 'diff' } });
        // With the diff media type, the body is the diff text.
        const diff = response.data;
        return typeof diff === 'string' ? diff : '';
    }
    catch (error) {
        if (isDiffTooLarge(error))
            return undefined;
        throw error;
    }
}
function isDiffTooLarge(error) {
    const e = error;
    if (e.status !== 406)
        return false;
    const data = e.response?.data;
    return data?.errors?.some((x) => x.code === 'too_large') === true || /diff exceeded the maximum/i.test(data?.message ?? '');
}
async function listFiles(gh, repo, number) {
    const rows = (await gh.octokit.paginate(gh.octokit.rest.pulls.listFiles, {
        ...repo,
        pull_number: number,
        per_page: PER_PAGE,
    }));
    return rows.slice(0, MAX_FILES);
}
/** The diff's own counts are fine; the files endpoint's are exact and name the status. */
function mergeStats(files, rows) {
    if (!rows)
        return files;
    const byPath = new Map(rows.map((r) => [r.filename, r]));
    return files.map((f) => {
        const row = byPath.get(f.path);
        return row ? { ...f, status: row.status, additions: row.additions, deletions: row.deletions } : f;
    });
}

;// CONCATENATED MODULE: ./src/context/release-range.ts

const release_range_PER_PAGE = 100;
/** How far back (pages of 100 commits) the search for the previous tag goes. */
const MAX_HISTORY_PAGES = 10;
const MAX_TAG_PAGES = 10;
const PERMISSION = 'contents: read';
async function fetchRange(gh, repo, request, log) {
    const to = request.toRef ?? (request.sha || request.releaseTag);
    if (!to)
        throw new Error('to-ref is not set and GITHUB_SHA is empty');
    const failure = (what) => (error) => {
        throw githubFailure(what, error, gh.apiUrl, { permission: PERMISSION });
    };
    let from = request.fromRef;
    let fromSource = 'input from-ref';
    let history;
    if (!from) {
        const found = await previousTag(gh, repo, to).catch(failure(`find the tag before ${to} in ${repo.owner}/${repo.repo}`));
        history = found.history;
        if (found.tag) {
            from = found.tag;
            fromSource = `latest tag before ${release_range_short(to)}`;
        }
        else {
            const release = await latestRelease(gh, repo).catch(failure(`read the latest release of ${repo.owner}/${repo.repo}`));
            if (release && release !== to && release !== request.releaseTag) {
                from = release;
                fromSource = 'latest release';
            }
        }
    }
    if (!from) {
        log(`No tag or release before ${release_range_short(to)}: {{commits}} lists the history up to it (at most ${release_range_PER_PAGE} commits) and {{changes}} is empty. Set from-ref to choose the start.`);
        const commits = history?.length
            ? history
            : await listHistory(gh, repo, to, 1).catch(failure(`list the commits of ${repo.owner}/${repo.repo}`));
        return {
            to,
            fromSource: 'none (no earlier tag or release)',
            commits: commits.slice(0, release_range_PER_PAGE),
            files: [],
            totalCommits: commits.length,
        };
    }
    log(`Comparing ${from}...${release_range_short(to)} (from: ${fromSource}).`);
    const compare = await gh.octokit.rest.repos
        .compareCommitsWithBasehead({ ...repo, basehead: `${from}...${to}` })
        .catch(failure(`compare ${from}...${to} in ${repo.owner}/${repo.repo}`));
    const commits = [...compare.data.commits].reverse(); // newest first, like git log
    return { from, to, fromSource, commits, files: compare.data.files ?? [], totalCommits: compare.data.total_commits };
}
/** Walks the history of `to` (newest first) to the first commit, other than `to` itself, that a tag points at. */
async function previousTag(gh, repo, to) {
    const tags = new Map();
    let pages = 0;
    for await (const response of gh.octokit.paginate.iterator(gh.octokit.rest.repos.listTags, { ...repo, per_page: release_range_PER_PAGE })) {
        for (const t of response.data)
            if (!tags.has(t.commit.sha))
                tags.set(t.commit.sha, t.name);
        if (++pages >= MAX_TAG_PAGES)
            break;
    }
    if (tags.size === 0)
        return { history: [] };
    const history = [];
    pages = 0;
    for await (const response of gh.octokit.paginate.iterator(gh.octokit.rest.repos.listCommits, { ...repo, sha: to, per_page: release_range_PER_PAGE })) {
        for (const c of response.data) {
            const first = history.length === 0;
            history.push(c);
            const tag = first ? undefined : tags.get(c.sha);
            if (tag)
                return { tag, history };
        }
        if (++pages >= MAX_HISTORY_PAGES)
            break;
    }
    return { history };
}
async function latestRelease(gh, repo) {
    try {
        const response = await gh.octokit.rest.repos.getLatestRelease({ ...repo });
        return response.data.tag_name;
    }
    catch (error) {
        if (error.status === 404)
            return undefined;
        throw error;
    }
}
async function listHistory(gh, repo, to, pages) {
    const out = [];
    let n = 0;
    for await (const response of gh.octokit.paginate.iterator(gh.octokit.rest.repos.listCommits, { ...repo, sha: to, per_page: release_range_PER_PAGE })) {
        out.push(...response.data);
        if (++n >= pages)
            break;
    }
    return out;
}
function release_range_short(ref) {
    return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}

;// CONCATENATED MODULE: ./src/context/resolve.ts
/**
 * Resolves the workflow-context variables a prompt uses. `planContext` is
 * pure and runs with the other input checks (a missing pull request or token
 * fails before any network call); `resolveContext` makes only the GitHub API
 * calls the plan needs, and none when the prompt uses no such variable.
 */






function planContext(used, facts, config) {
    const plan = { used, api: needsApi(used) };
    const names = [...used].map((n) => `{{${n}}}`).join(', ');
    if (needsPullRequest(used))
        plan.pullRequest = requirePullRequest(facts, config, `The prompt uses ${names}, which`);
    if (plan.api) {
        plan.repository = requireRepository(facts, `The prompt uses ${names}, which`);
        if (!config.githubToken) {
            throw new src_errors/* InputError */.dz('github-token', `is empty, and the prompt uses ${names}, which read the GitHub API. Leave github-token at its default (\${{ github.token }}) or pass a token.`);
        }
    }
    return plan;
}
async function resolveContext(plan, facts, config, client, log) {
    const used = plan.used;
    const resolved = { values: {} };
    const values = resolved.values;
    if (used.has('repo'))
        values.repo = facts.repository ? `${facts.repository.owner}/${facts.repository.repo}` : '';
    if (used.has('ref'))
        values.ref = facts.ref;
    if (used.has('sha'))
        values.sha = facts.sha;
    if (used.has('event'))
        values.event = facts.name;
    if (plan.pullRequest !== undefined && used.has('pr.number'))
        values['pr.number'] = String(plan.pullRequest);
    if (!plan.api)
        return resolved;
    const repo = plan.repository;
    if (!repo)
        return resolved; // planContext sets it whenever the API is needed
    const gh = await client();
    if (plan.pullRequest !== undefined && needsPullRequest(used)) {
        const needs = {
            meta: ['pr.title', 'pr.body', 'pr.author', 'pr.base', 'pr.head'].some((n) => used.has(n)),
            diff: used.has('pr.diff'),
            files: used.has('pr.files'),
            commits: used.has('pr.commits'),
        };
        const pr = await fetchPullRequest(gh, repo, plan.pullRequest, needs, log);
        if (used.has('pr.title'))
            values['pr.title'] = pr.title ?? '';
        if (used.has('pr.body'))
            values['pr.body'] = pr.body ?? '';
        if (used.has('pr.author'))
            values['pr.author'] = pr.author ?? '';
        if (used.has('pr.base'))
            values['pr.base'] = pr.base ?? '';
        if (used.has('pr.head'))
            values['pr.head'] = pr.head ?? '';
        if (used.has('pr.files'))
            values['pr.files'] = fileLines(pr.files ?? []);
        if (used.has('pr.commits')) {
            const listed = pr.commits ?? [];
            const more = (pr.commitsTotal ?? listed.length) - listed.length;
            values['pr.commits'] = commitLines(listed) + (more > 0 ? `\n(${more} more commits not listed: GitHub lists at most 250)` : '');
        }
        if (used.has('pr.diff')) {
            resolved.diffFiles = pr.files ?? [];
            if (pr.diffSource)
                resolved.diffSource = pr.diffSource;
        }
    }
    if (needsRange(used)) {
        const range = await fetchRange(gh, repo, {
            sha: facts.sha,
            ...(config.fromRef ? { fromRef: config.fromRef } : {}),
            ...(config.toRef ? { toRef: config.toRef } : {}),
            ...(facts.releaseTag ? { releaseTag: facts.releaseTag } : {}),
        }, log);
        resolved.range = { to: range.to, fromSource: range.fromSource, ...(range.from ? { from: range.from } : {}) };
        const more = range.totalCommits - range.commits.length;
        if (used.has('commits'))
            values.commits = commitLines(range.commits) + (more > 0 ? `\n(${more} older commits not listed: GitHub lists at most 250)` : '');
        if (used.has('changes'))
            values.changes = fileLines(range.files.map(fileFromRow));
    }
    return resolved;
}

;// CONCATENATED MODULE: ./src/report/expect.ts
/** `expect`: the response must match a regular expression (smoke tests). Pure. */

const EXCERPT_CHARACTERS = 500;
function checkExpect(expect, response) {
    return { passed: expect.test(response), pattern: String(expect) };
}
function expectFailure(outcome, response, model) {
    const trimmed = response.trim();
    const excerpt = trimmed.length > EXCERPT_CHARACTERS ? `${trimmed.slice(0, EXCERPT_CHARACTERS)}\u2026` : trimmed;
    return new src_errors/* ActionFailure */.dR([
        `The response does not match expect ${outcome.pattern}.`,
        `The deployment answered (model ${model || 'unknown'}), so identity, role and network work; the answer is not what the smoke test expects.`,
        `Response (${trimmed.length} characters${trimmed.length > EXCERPT_CHARACTERS ? `, first ${EXCERPT_CHARACTERS} shown` : ''}):`,
        excerpt === '' ? '(empty)' : excerpt,
    ].join('\n'));
}

;// CONCATENATED MODULE: ./src/report/pr-comment.ts

/** GitHub refuses issue and pull request comments longer than this (422). */
const MAX_COMMENT_CHARACTERS = 65_536;
function commentMarker(tag) {
    // Nothing in the tag may close the HTML comment early.
    const safe = tag.replace(/--+/g, '-').replace(/>/g, '');
    return `<!-- azure-openai-keyless: ${safe} -->`;
}
/** The comment body, cut cleanly under GitHub's limit when the response is too long. */
function buildCommentBody(parts, limit = MAX_COMMENT_CHARACTERS) {
    const whole = `${parts.marker}\n${parts.response.trimEnd()}\n\n${parts.footer}\n`;
    // UTF-16 length is at least the character count GitHub checks, so fitting it fits GitHub.
    if (whole.length <= limit)
        return { body: whole, cut: false };
    const notice = `\n\n> [!NOTE]\n> This response is longer than a comment can hold (${limit.toLocaleString('en-US')} characters) and was cut here. [Read it whole in the run's job summary](${parts.runUrl}).\n\n${parts.footer}\n`;
    const closing = '\n```';
    const room = limit - parts.marker.length - 1 - notice.length - closing.length - 8;
    let text = parts.response.slice(0, Math.max(0, room));
    // Do not split a surrogate pair, then back up to the end of a line.
    if (/[\uD800-\uDBFF]$/.test(text))
        text = text.slice(0, -1);
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak > room / 2)
        text = text.slice(0, lastBreak);
    const fence = openFence(text);
    if (fence)
        text += `\n${fence}`;
    return { body: `${parts.marker}\n${text}${notice}`, cut: true };
}
/** The fence (``` or ~~~) left open at the end of `text`, if any. */
function openFence(text) {
    let open;
    for (const line of text.split('\n')) {
        const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
        const fence = m?.[1];
        if (!fence)
            continue;
        if (open === undefined)
            open = fence;
        else if (fence.startsWith(open.charAt(0)) && fence.length >= open.length && line.trim() === fence)
            open = undefined;
    }
    return open;
}
const WRITE_PERMISSION = 'pull-requests: write';
async function upsertComment(gh, repo, number, body, marker, context) {
    const target = `pull request #${number} of ${repo.owner}/${repo.repo}`;
    let existing;
    try {
        for await (const page of gh.octokit.paginate.iterator(gh.octokit.rest.issues.listComments, {
            ...repo,
            issue_number: number,
            per_page: 100,
        })) {
            existing = page.data.find((c) => c.body?.includes(marker) && isTrustedAuthor(c));
            if (existing)
                break;
        }
    }
    catch (error) {
        throw githubFailure(`read the comments of ${target}`, error, gh.apiUrl, { permission: WRITE_PERMISSION });
    }
    const hints = {
        permission: WRITE_PERMISSION,
        extra: context.fromFork
            ? [
                "This run is for a pull request from a fork: GitHub gives such runs a read-only token whatever the workflow asks for. Comment from a workflow on pull_request_target or workflow_run instead (and never check out or run the fork's code there).",
            ]
            : [],
    };
    try {
        if (existing) {
            const response = await gh.octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
            return { action: 'updated', id: response.data.id, url: response.data.html_url };
        }
        const response = await gh.octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
        return { action: 'created', id: response.data.id, url: response.data.html_url };
    }
    catch (error) {
        throw githubFailure(`${existing ? 'update the comment on' : 'comment on'} ${target}`, error, gh.apiUrl, hints);
    }
}
/**
 * Anyone can paste the marker into a comment; only a bot's comment (the
 * action's own, with GITHUB_TOKEN or an app token) or one by a person with
 * write access (a personal access token) is taken over and updated.
 */
function isTrustedAuthor(comment) {
    return comment.user?.type === 'Bot' || ['OWNER', 'MEMBER', 'COLLABORATOR'].includes(comment.author_association ?? '');
}
/** The run's page: where the job summary holds the whole response. */
function runUrl(env) {
    const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1') > 1 ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    return `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}${attempt}`;
}
/** Posts (or updates) the answer as this step's comment on the pull request, cut to GitHub's limit. */
async function commentOnPullRequest(input) {
    const { answer, log } = input;
    const url = runUrl(input.env);
    const marker = commentMarker(input.tag);
    const footer = `<sub>Azure OpenAI deployment \`${input.deployment}\`${answer.model ? ` (model \`${answer.model}\`)` : ''} \u00b7 [workflow run](${url})</sub>`;
    const { body, cut } = buildCommentBody({ marker, response: answer.text, footer, runUrl: url });
    if (cut) {
        log.notice(`The response (${answer.text.length} characters) is longer than a pull request comment can hold; the comment was cut and links to this run's summary.`);
    }
    const posted = await upsertComment(input.gh, input.repo, input.number, body, marker, { fromFork: input.fromFork });
    log.info(`${posted.action === 'created' ? 'Commented' : 'Updated the comment'} on pull request #${input.number}: ${posted.url}`);
    return { ...posted, cut };
}

;// CONCATENATED MODULE: ./src/workflow/workflow-config.ts
/**
 * Inputs of the workflow features (context variables, input budget, PR
 * comments, smoke-test expectations, fork handling), read and validated
 * before any network call like the rest of the inputs.
 */


const COMMENT_MODES = ['pr', 'none'];
const MISSING_IDENTITY_MODES = ['fail', 'skip'];
/**
 * Fits the 128k-token context of gpt-4o and gpt-4.1-class deployments with
 * room left for the answer; a large diff is trimmed to it, not sent whole.
 */
const DEFAULT_MAX_INPUT_TOKENS = 100_000;
const MAX_INPUT_TOKENS_LIMIT = 2_000_000;
const MIN_INPUT_TOKENS = 100;
const MAX_INPUT_TOKENS_RULE = { integer: true, min: MIN_INPUT_TOKENS, max: MAX_INPUT_TOKENS_LIMIT };
function readWorkflowConfig(input, env) {
    const get = (name) => input(name).trim();
    const config = {
        githubToken: get('github-token'),
        maxInputTokens: readMaxInputTokens(get('max-input-tokens')),
        comment: readChoice(get, 'comment', COMMENT_MODES, 'none', {
            pr: 'post the response on the pull request',
            none: 'no comment, the default',
        }),
        commentTag: get('comment-tag') || defaultCommentTag(env),
        onMissingIdentity: readChoice(get, 'on-missing-identity', MISSING_IDENTITY_MODES, 'fail', {
            fail: 'fail the step, the default',
            skip: 'end successfully with skipped=true',
        }),
    };
    const pr = get('pull-request');
    if (pr) {
        if (!/^#?\d+$/.test(pr) || Number(pr.replace('#', '')) < 1) {
            throw new src_errors/* InputError */.dz('pull-request', `'${pr}' is not a pull request number: use the number, like 42 or \${{ github.event.pull_request.number }}.`);
        }
        config.pullRequest = Number(pr.replace('#', ''));
    }
    const fromRef = get('from-ref');
    const toRef = get('to-ref');
    if (fromRef)
        config.fromRef = readRef('from-ref', fromRef);
    if (toRef)
        config.toRef = readRef('to-ref', toRef);
    const expect = input('expect');
    if (expect.trim())
        config.expect = parseExpect(expect.trim());
    return config;
}
function readMaxInputTokens(text) {
    if (text === '')
        return DEFAULT_MAX_INPUT_TOKENS;
    // Digits only, with '_' allowed as a separator (100_000); any problem gets the one message below.
    const value = /^\d[\d_]*$/.test(text) ? parseNumberText(text.replace(/_/g, ''), MAX_INPUT_TOKENS_RULE) : undefined;
    if (typeof value !== 'number') {
        throw new src_errors/* InputError */.dz('max-input-tokens', `'${text}' is not accepted: use a whole number of tokens from ${MIN_INPUT_TOKENS} to ${MAX_INPUT_TOKENS_LIMIT} (default ${DEFAULT_MAX_INPUT_TOKENS}).`);
    }
    return value;
}
function readChoice(get, name, choices, fallback, meaning) {
    const text = get(name);
    if (text === '')
        return fallback;
    const lower = text.toLowerCase();
    if (choices.includes(lower))
        return lower;
    throw new src_errors/* InputError */.dz(name, `'${text}' is not supported: use ${choices.map((c) => `${c} (${meaning[c]})`).join(' or ')}.`);
}
/** A git ref as the compare API takes it: a sha, a tag or a branch name. */
function readRef(name, text) {
    if (/\s|\.\.|[~^:?*[\\]/.test(text) || text.startsWith('-')) {
        throw new src_errors/* InputError */.dz(name, `'${text}' is not a git ref: use a tag (v1.2.0), a branch or a commit sha.`);
    }
    return text.replace(/^refs\/(tags|heads)\//, '');
}
/**
 * The step's identity across runs: workflow, job and step (GITHUB_ACTION is
 * the step id, or a stable name for a step without one).
 */
function defaultCommentTag(env) {
    return [env.GITHUB_WORKFLOW, env.GITHUB_JOB, env.GITHUB_ACTION].filter(Boolean).join('/') || 'azure-openai-keyless';
}
/**
 * `expect` is a JavaScript regular expression: the pattern alone
 * (`^OK\b`), or `/pattern/flags` for flags (`/ready/i`).
 */
function parseExpect(text) {
    const literal = /^\/(.+)\/([dgimsuvy]*)$/s.exec(text);
    const source = literal?.[1] ?? text;
    const flags = (literal?.[2] ?? '').replace(/[gy]/g, '');
    try {
        return new RegExp(source, flags);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
        throw new src_errors/* InputError */.dz('expect', `'${text}' is not a valid regular expression (${reason}). Give a JavaScript pattern such as ^OK\\b, or /pattern/i for flags.`);
    }
}

;// CONCATENATED MODULE: ./src/workflow/workflow.ts










function prepareWorkflow(input, env, prompt) {
    const config = readWorkflowConfig(input, env);
    const facts = readEventFacts(env);
    const names = prompt.messages.flatMap((m) => placeholders(m.content));
    const used = contextVariablesUsed(names, new Set(Object.keys(prompt.variables ?? {})));
    const plan = planContext(used, facts, config);
    const run = { config, facts, plan, env };
    if (config.comment === 'pr') {
        run.commentTarget = requirePullRequest(facts, config, 'comment: pr');
        requireRepository(facts, 'comment: pr');
        if (!config.githubToken) {
            throw new src_errors/* InputError */.dz('github-token', 'is empty, and comment: pr posts the comment with it. Leave github-token at its default (${{ github.token }}) and give the job `permissions: pull-requests: write`.');
        }
    }
    return run;
}
/** The chat messages: context variables resolved (GitHub API only if used) and fitted into max-input-tokens. */
async function buildWorkflowMessages(run, prompt, deployment, log, 
/** The messages as prepared without context variables: used as they are when the prompt has none. */
prepared) {
    const userVariables = prompt.variables ?? {};
    if (run.plan.used.size === 0)
        return prepared;
    log.info(`Context variables used: ${[...run.plan.used].map((n) => `{{${n}}}`).join(', ')}.`);
    const resolved = await resolveContext(run.plan, run.facts, run.config, () => githubClient(run, log), (message) => log.info(message));
    if (run.client)
        log.info(`GitHub API: ${run.client.requests} request${run.client.requests === 1 ? '' : 's'} to ${run.client.apiUrl}.`);
    const { chooseEncoding, loadTokenCounter } = await __webpack_require__.e(/* import() */ 248).then(__webpack_require__.bind(__webpack_require__, 4248));
    const { fitToBudget } = await __webpack_require__.e(/* import() */ 450).then(__webpack_require__.bind(__webpack_require__, 9069));
    const encoding = chooseEncoding(deployment);
    const count = await loadTokenCounter(encoding.encoding);
    const fit = fitToBudget({
        // User-defined variables win over context variables of the same name.
        render: (values) => renderMessages(prompt, { ...values, ...userVariables }).messages,
        values: resolved.values,
        ...(resolved.diffFiles ? { diffFiles: resolved.diffFiles } : {}),
        maxTokens: run.config.maxInputTokens,
        count,
    });
    run.budget = {
        encoding: encoding.encoding,
        tokens: fit.tokens,
        maxTokens: run.config.maxInputTokens,
        omitted: fit.omitted,
        ...(resolved.diffSource ? { diffSource: resolved.diffSource } : {}),
        ...(resolved.diffFiles ? { diffFiles: resolved.diffFiles.length } : {}),
        ...(resolved.range ? { range: resolved.range } : {}),
    };
    log.info(`Input: ${fit.tokens} tokens (${encoding.encoding}: ${encoding.reason}); max-input-tokens ${run.config.maxInputTokens}.`);
    if (fit.omitted.length) {
        log.notice(`Left ${fit.omitted.length} of ${resolved.diffFiles?.length ?? 0} changed files out of {{pr.diff}} to fit max-input-tokens (${run.config.maxInputTokens}): ${fit.omitted.map((o) => o.path).join(', ')}.`);
    }
    return fit.messages;
}
async function githubClient(run, log) {
    run.client ??= await createGithubClient(run.config.githubToken, run.env, (secret) => log.setSecret(secret));
    return run.client;
}
/** After the answer: expect, then the PR comment (only for an answer that passed). */
async function finishWorkflow(run, result, details, log) {
    const outcome = { outputs: {} };
    if (run.plan.used.size > 0 && run.budget) {
        outcome.outputs.truncated = String(run.budget.omitted.length > 0);
        outcome.outputs['omitted-files'] = run.budget.omitted.map((o) => o.path).join('\n');
    }
    if (run.config.expect) {
        outcome.expect = checkExpect(run.config.expect, result.text);
        outcome.outputs.passed = String(outcome.expect.passed);
        if (!outcome.expect.passed) {
            outcome.failure = expectFailure(outcome.expect, result.text, result.model);
            return outcome;
        }
        log.info(`The response matches expect ${outcome.expect.pattern}.`);
    }
    if (run.config.comment === 'pr' && run.commentTarget !== undefined) {
        const comment = await commentOnPullRequest({
            gh: await githubClient(run, log),
            repo: requireRepository(run.facts, 'comment: pr'),
            number: run.commentTarget,
            tag: run.config.commentTag,
            env: run.env,
            fromFork: run.facts.fromFork,
            deployment: details.deployment,
            answer: result,
            log,
        });
        outcome.comment = comment;
        outcome.outputs['comment-url'] = comment.url;
    }
    return outcome;
}
/**
 * Placeholder values for the context variables, for checks made before they
 * are fetched (so {{pr.diff}} is not reported as a variable nothing sets).
 */
function contextStubs(run) {
    return Object.fromEntries([...run.plan.used].map((name) => [name, '']));
}
function workflowSummaryFacts(run, result, outcome) {
    return {
        result,
        used: [...run.plan.used],
        ...(run.budget ? { budget: run.budget } : {}),
        ...(run.client ? { apiRequests: run.client.requests } : {}),
        ...(outcome.expect ? { expect: outcome.expect } : {}),
        ...(outcome.comment ? { comment: outcome.comment } : {}),
    };
}

;// CONCATENATED MODULE: ./src/report/notices.ts

function noticesFor(result, options) {
    const warnings = [];
    let cut;
    if (result.finishReason === 'length') {
        cut = `The answer was cut at the token limit (finish reason length, ${result.completionTokens} completion tokens).`;
        warnings.push(`${cut} Raise max-tokens, or ask for a shorter answer; the outputs hold the partial text.`);
    }
    else if (result.finishReason === 'content_filter') {
        const categories = result.filtered?.length ? `: ${result.filtered.join(', ')}` : '';
        cut = `Azure OpenAI's content filter cut the answer (finish reason content_filter${categories}).`;
        warnings.push(`${cut} The outputs hold the ${result.text.length} characters that passed the filter. Filter levels are set per deployment in the Azure AI Foundry portal.`);
    }
    if (cut && options.failOnTruncation) {
        return { warnings: [], failure: `${cut} fail-on-truncation is true, so the step fails and writes no outputs.` };
    }
    if (responseOutput(result.text).cut) {
        warnings.push(`The answer has ${result.text.length} characters, more than GitHub lets a step output carry: the response output holds the first ${RESPONSE_OUTPUT_LIMIT_CHARS} or so and a notice; the whole text is in the file named by response-file.`);
    }
    return { warnings };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/report/outputs.ts
/**
 * Step outputs, written together and only after a successful call: a failed
 * step leaves none half-written.
 */



function buildOutputs(result, authMethod, responseFile) {
    return {
        // Cut to GitHub's output limit when needed; response-file always holds the whole text.
        response: responseOutput(result.text).text,
        'response-file': responseFile,
        'finish-reason': result.finishReason,
        'prompt-tokens': String(result.promptTokens),
        'completion-tokens': String(result.completionTokens),
        'total-tokens': String(result.totalTokens),
        model: result.model,
        'request-id': result.requestId,
        'latency-ms': String(result.latencyMs),
        'auth-method': authMethod,
    };
}
/** Writes the whole response to a file of its own under RUNNER_TEMP; returns its path. */
function writeResponseFile(text, directory) {
    const folder = (0,external_node_path_.join)(directory, 'azure-openai-keyless');
    (0,external_node_fs_.mkdirSync)(folder, { recursive: true });
    const path = (0,external_node_path_.join)(folder, `response-${process.pid}-${Date.now()}.md`);
    (0,external_node_fs_.writeFileSync)(path, text, 'utf8');
    return path;
}

;// CONCATENATED MODULE: ./src/report/summary.ts

/** Kept free below GitHub's 1 MiB, for the runner's own framing. */
const SUMMARY_MARGIN_BYTES = 8 * 1024;
/** The most of each prompt message the folded prompt shows (a prompt file may hold 4 MiB). */
const PROMPT_SHOWN_BYTES = 16 * 1024;
function renderSummary(facts) {
    const { result } = facts;
    const rows = [
        ['Deployment', code(facts.deployment)],
        ['Endpoint', code(facts.endpointHost)],
        ['Model', code(result.model || 'unknown')],
        ['Auth method', code(facts.authMethod)],
        ['Tokens', `${result.promptTokens} prompt + ${result.completionTokens} completion = ${result.totalTokens}`],
        ['Latency', `${result.latencyMs} ms${result.attempts > 1 ? ` (${result.attempts} attempts${retried(result.retryReasons)})` : ''}`],
        ['Finish reason', code(result.finishReason)],
    ];
    if (facts.parameters)
        rows.push(['Parameters', facts.parameters.replace(/\|/g, '\\|')]);
    if (result.filtered?.length)
        rows.push(['Content filter', result.filtered.join(', ')]);
    if (result.requestId)
        rows.push(['Request id', code(result.requestId)]);
    const table = ['| | |', '| --- | --- |', ...rows.map(([key, value]) => `| ${key} | ${value} |`)].join('\n');
    const prompt = facts.messages.map((m) => `**${m.role}**\n\n${fenced(fitUtf8(m.content, PROMPT_SHOWN_BYTES).text)}`).join('\n\n');
    const page = (response) => [
        '### Azure OpenAI',
        '',
        table,
        '',
        '#### Response',
        '',
        response,
        '',
        '<details><summary>Prompt</summary>',
        '',
        prompt,
        '',
        '</details>',
        '',
    ].join('\n');
    // The response gets whatever the rest leaves of GitHub's limit.
    const room = SUMMARY_LIMIT_BYTES - SUMMARY_MARGIN_BYTES - Buffer.byteLength(page(''));
    return page(result.text.trim() === '' ? '_(empty response)_' : fitUtf8(result.text, room).text);
}
function retried(reasons) {
    return reasons?.length ? `: ${reasons.join(', ')}` : '';
}
/** Inline code that survives backticks and pipes inside a table cell. */
function code(text) {
    const safe = text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const ticks = '`'.repeat(longestRun(safe, '`') + 1);
    // CommonMark strips one space on each side; without it a leading or trailing backtick would join the fence.
    const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
    return `${ticks}${pad}${safe}${pad}${ticks}`;
}
/** A fence longer than any backtick run in the text, so the text cannot close it. */
function fenced(text) {
    const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
    return `${fence}text\n${text}\n${fence}`;
}
function longestRun(text, char) {
    let longest = 0;
    let run = 0;
    for (const c of text) {
        run = c === char ? run + 1 : 0;
        longest = Math.max(longest, run);
    }
    return longest;
}

;// CONCATENATED MODULE: ./src/report/workflow-summary.ts
function renderWorkflowSummary(facts) {
    const parts = [];
    if (facts.expect) {
        const { result, expect } = facts;
        parts.push(`#### Smoke test: ${expect.passed ? 'passed' : 'FAILED'}`, '', '| | |', '| --- | --- |', `| Expect | \`${cell(expect.pattern)}\` ${expect.passed ? 'matched' : 'did not match'} |`, `| Model version | \`${cell(result.model || 'unknown')}\` |`, `| Latency | ${result.latencyMs} ms${result.attempts > 1 ? ` (${result.attempts} attempts)` : ''} |`, `| Checked at | ${new Date().toISOString()} |`, '');
    }
    if (facts.used.length > 0) {
        parts.push('#### Context', '', `Variables: ${facts.used.map((n) => `\`{{${n}}}\``).join(', ')}${facts.apiRequests !== undefined ? ` (${facts.apiRequests} GitHub API request${facts.apiRequests === 1 ? '' : 's'})` : ''}.`);
        const b = facts.budget;
        if (b) {
            parts.push('', `Input: ${b.tokens.toLocaleString('en-US')} of ${b.maxTokens.toLocaleString('en-US')} tokens (max-input-tokens, counted with ${b.encoding}).`);
            if (b.diffSource === 'patches')
                parts.push('', "GitHub refused the pull request's diff as too large; it was rebuilt from the per-file patches.");
            if (b.range)
                parts.push('', `Range: \`${cell(b.range.from ?? '(start)')}...${cell(b.range.to)}\` (from: ${b.range.fromSource}).`);
            if (b.omitted.length > 0) {
                parts.push('', `<details><summary>${b.omitted.length} of ${b.diffFiles ?? b.omitted.length} changed files left out of {{pr.diff}} to fit the budget</summary>`, '', '| File | Why | Tokens |', '| --- | --- | --- |', ...b.omitted.map((o) => `| \`${cell(o.path)}\` | ${o.kind === 'source' ? 'large' : o.kind} | ${o.tokens.toLocaleString('en-US')} |`), '', '</details>');
            }
        }
        parts.push('');
    }
    if (facts.comment) {
        parts.push(`Pull request comment ${facts.comment.action}: ${facts.comment.url}${facts.comment.cut ? " (cut to GitHub's 65,536-character limit; the whole response is above)" : ''}`, '');
    }
    return parts.length ? `${parts.join('\n')}\n` : '';
}
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

;// CONCATENATED MODULE: ./src/report/report.ts








async function report(run, deps) {
    const { config, result } = run;
    const notices = noticesFor(result, { failOnTruncation: config.failOnTruncation });
    if (notices.failure)
        throw new src_errors/* ActionFailure */.dR(notices.failure);
    for (const warning of notices.warnings)
        deps.warning(warning);
    const responseFile = writeResponseFile(result.text, deps.tempDirectory);
    const json = readJsonOutput(run.prepared, result, {
        deployment: config.deployment,
        responseFile,
        setOutput: deps.setOutput,
        warning: deps.warning,
    });
    const finished = await finishWorkflow(run.workflow, result, { deployment: config.deployment }, deps);
    const outputs = { ...buildOutputs(result, run.authMethod, responseFile), ...(json !== undefined ? { json } : {}), ...finished.outputs };
    for (const [name, value] of Object.entries(outputs))
        deps.setOutput(name, value);
    if (config.summary) {
        const markdown = renderSummary({
            deployment: config.deployment,
            endpointHost: config.endpoint.host,
            authMethod: run.authMethod,
            result,
            messages: run.messages,
            parameters: describeParameters(config),
        }) + renderWorkflowSummary(workflowSummaryFacts(run.workflow, result, finished));
        // The call succeeded and the outputs are written: a summary that cannot be written is worth a warning, not a red step.
        try {
            deps.writeSummary(markdown);
        }
        catch (error) {
            deps.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
        }
    }
    // A failed expect fails the step after its outputs (passed=false) and summary are written.
    if (finished.failure)
        throw finished.failure;
}

;// CONCATENATED MODULE: ./src/report/summary-file.ts
/**
 * Appends to the job summary file (GITHUB_STEP_SUMMARY) synchronously. The
 * asynchronous write of core.summary.write() would be the run's only use of
 * libuv's thread pool, whose start costs about 5 ms of a 145 ms run (npm run
 * bench). The error messages are @actions/core's, so they read the same.
 */

function appendJobSummary(markdown, env) {
    const path = env.GITHUB_STEP_SUMMARY;
    if (!path) {
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
    }
    try {
        (0,external_node_fs_.appendFileSync)(path, markdown, 'utf8');
    }
    catch {
        throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`);
    }
}

;// CONCATENATED MODULE: ./src/diagnose/run-context.ts
/** Facts about the workflow run that explain identity failures (fork pull requests, Dependabot). */


function readRunContext(env) {
    const context = { event: { forkPullRequest: false } };
    if (env.GITHUB_EVENT_NAME)
        context.event.name = env.GITHUB_EVENT_NAME;
    if (env.GITHUB_ACTOR)
        context.event.actor = env.GITHUB_ACTOR;
    if (!env.GITHUB_EVENT_PATH)
        return context;
    try {
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(env.GITHUB_EVENT_PATH, 'utf8'));
        if (payload.pull_request)
            context.event.forkPullRequest = isForkPullRequest(payload.pull_request.head?.repo, payload.pull_request.base?.repo);
    }
    catch {
        // An unreadable event file only costs us the fork hint.
    }
    return context;
}

;// CONCATENATED MODULE: ./src/inputs/stray-env.ts
/**
 * This action never uses an API key. Settings that would make a client use
 * one (or send the request elsewhere) are masked, reported and removed from
 * the process environment so no library can pick them up.
 */
/** Variables whose value is a secret: masked before the warning names them. */
const KEY_VARIABLES = ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY'];
/** Variables that would redirect or reshape the request. */
const ROUTING_VARIABLES = ['OPENAI_BASE_URL', 'OPENAI_API_VERSION', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];
function removeStraySettings(env, mask, warn) {
    const removed = [];
    for (const name of [...KEY_VARIABLES, ...ROUTING_VARIABLES]) {
        const value = env[name];
        if (value === undefined)
            continue;
        if (KEY_VARIABLES.includes(name) && value)
            mask(value);
        delete env[name];
        removed.push(name);
    }
    if (removed.length > 0) {
        warn(`Ignoring ${removed.join(', ')} from the environment: this action authenticates with Microsoft Entra ID only and never sends an API key. ` +
            'Remove the variable from the workflow (and delete the key secret if nothing else uses it).');
    }
    return { removed };
}

;// CONCATENATED MODULE: ./src/main.ts
/**
 * The run, in order: inputs are read and validated (no network yet); an
 * identity yields the run's one token; the messages get their context
 * variables; the deployment is called; the result is reported. Any failure
 * ends in one diagnosed error annotation and exit code 1.
 */
















async function run() {
    const env = process.env;
    const context = readRunContext(env);
    let workflow;
    try {
        removeStraySettings(env, core.setSecret, core.warning);
        const input = (name) => core.getInput(name);
        const config = await readConfig({ input, env });
        context.config = config;
        workflow = prepareWorkflow(input, env, config.prompt);
        const prepared = await prepareChat(config, core, contextStubs(workflow));
        const route = chatRoute(config.endpoint, config.deployment, config.apiVersion);
        context.url = route.url;
        const authenticating = authenticate(config, context, {
            env,
            getIdToken: (audience) => core.getIDToken(audience),
            setSecret: core.setSecret,
            info: core.info,
            debug: core.debug,
        });
        loadClient().catch(() => undefined); // the call reports a failure to load
        const { token, authMethod } = await authenticating;
        // Context variables are fetched only now, with an identity in hand: a fork's skipped run costs no API call.
        const messages = await buildWorkflowMessages(workflow, config.prompt, config.deployment, core, prepared.messages);
        const streaming = streamDecision(config.stream, config.apiVersion);
        if (streaming.note)
            core.info(streaming.note);
        core.info(`Calling POST ${route.url} (deployment ${config.deployment}).`);
        const result = await callDeployment({ route, deployment: config.deployment, messages, stream: streaming.stream, ...prepared.parameters }, {
            token,
            timeoutMs: config.timeoutMs,
            maxRetries: config.maxRetries,
            maxRetryWaitMs: config.maxRetryWaitMs,
            log: core.info,
            debug: core.debug,
        });
        core.info(describeResult(result));
        await report({ config, prepared, workflow, messages, result, authMethod }, {
            info: core.info,
            notice: core.notice,
            warning: core.warning,
            setSecret: core.setSecret,
            setOutput: core.setOutput,
            writeSummary: (markdown) => appendJobSummary(markdown, env),
            tempDirectory: env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(),
        });
    }
    catch (error) {
        if (skipsMissingIdentity(workflow, error, canMintGithubIdToken(env))) {
            core.notice(skipNotice(workflow));
            core.setOutput('skipped', 'true');
            return;
        }
        core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
        core.setFailed(diagnose(error, context));
    }
}
function describeResult(result) {
    const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
    const retried = result.retryReasons?.length ? `; retried after ${result.retryReasons.join(', ')}` : '';
    return `Model ${result.model} answered in ${result.latencyMs} ms (${attempts}${retried}): finish reason ${result.finishReason}, ${result.promptTokens} prompt + ${result.completionTokens} completion tokens, request id ${result.requestId || 'none'}.`;
}


/***/ }),

/***/ 9556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ getExecOutput)
/* harmony export */ });
/* unused harmony export exec */
const load = () => __webpack_require__.e(/* import() */ 260).then(__webpack_require__.bind(__webpack_require__, 1260));
const exec = async (...args) => (await load()).exec(...args);
const getExecOutput = async (...args) => (await load()).getExecOutput(...args);


/***/ }),

/***/ 2383:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b7: () => (/* binding */ loadUndici),
/* harmony export */   hd: () => (/* binding */ fetch),
/* harmony export */   kT: () => (/* binding */ ProxyAgent)
/* harmony export */ });
let loaded;
/** Loads undici (its own chunk in the bundle); later calls return the same module. */
async function loadUndici() {
    // The deep path is not the bare 'undici' mapped to this file.
    loaded ??= await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    return loaded;
}
const fetch = async (...args) => (await loadUndici()).fetch(...args);
/** Called with `new` by @actions/http-client: returns the real ProxyAgent, which `new` then yields. */
function ProxyAgent(...args) {
    if (!loaded)
        throw new Error('on-demand undici: a ProxyAgent was constructed before loadUndici() finished.');
    return new loaded.ProxyAgent(...args);
}


/***/ })

};
