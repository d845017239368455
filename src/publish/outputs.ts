/**
 * Step outputs, written together and only after a successful call: a failed
 * step leaves none half-written.
 */
import { chmodSync, closeSync, constants, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { ServedTarget } from '../call/failover-outcome.ts';
import { responseOutput } from '../github-limits.ts';

export interface Outputs {
  response: string;
  'response-file': string;
  'finish-reason': string;
  'prompt-tokens': string;
  'completion-tokens': string;
  'total-tokens': string;
  'cached-tokens': string;
  /** Prompt tokens written to the prompt cache, where the service reports them (0 otherwise). */
  'cache-write-tokens': string;
  /** USD, from the price table or the prices input; empty when the model has no price. */
  'estimated-cost': string;
  /** The tier the service says processed the call; empty when it does not say. */
  'service-tier': string;
  'reasoning-tokens': string;
  model: string;
  'request-id': string;
  'latency-ms': string;
  'auth-method': string;
  'token-scope': string;
  api: string;
  /** true when the answer was reused from the PR comment (skip-unchanged) and nothing was called. */
  'cache-hit': string;
  'served-deployment': string;
  'served-endpoint': string;
  /** How many tool calls the model made (refused ones included); 0 without tools. */
  'tool-calls': string;
}

export function buildOutputs(
  result: ModelAnswer,
  authMethod: string,
  responseFile: string,
  served: ServedTarget,
  cacheHit = false,
  costUsd?: number,
): Outputs {
  return {
    // Cut to GitHub's output limit when needed; response-file always holds the whole text.
    response: responseOutput(result.text).text,
    'response-file': responseFile,
    'finish-reason': result.finishReason,
    'prompt-tokens': String(result.promptTokens),
    'completion-tokens': String(result.completionTokens),
    'total-tokens': String(result.totalTokens),
    'cached-tokens': String(result.cachedTokens),
    'cache-write-tokens': String(result.cacheWriteTokens ?? 0),
    // Nothing was spent when the answer was reused.
    'estimated-cost': cacheHit ? '0' : costUsd !== undefined ? costUsd.toFixed(6) : '',
    'service-tier': result.serviceTier ?? '',
    'reasoning-tokens': String(result.reasoningTokens),
    model: result.model,
    'request-id': result.requestId,
    'latency-ms': String(result.latencyMs),
    'auth-method': authMethod,
    'token-scope': result.tokenScope ?? '',
    api: result.api ?? '',
    'cache-hit': String(cacheHit),
    // Nothing was served when the answer was reused.
    'served-deployment': cacheHit ? '' : served.deployment,
    'served-endpoint': cacheHit ? '' : served.endpoint,
    'tool-calls': String(result.toolRecords?.length ?? 0),
  };
}

/**
 * Writes the whole response to a file of its own under RUNNER_TEMP; returns its path. The folder is new
 * (mkdtemp), and the file is created, never opened through a link: an earlier step that planted a symlink
 * in RUNNER_TEMP cannot send the answer elsewhere.
 */
export function writeResponseFile(text: string, directory: string): string {
  mkdirSync(directory, { recursive: true });
  const folder = mkdtempSync(join(directory, 'azure-openai-keyless-'));
  // Readable by later steps as before, whoever they run as (a container action's user, say).
  chmodSync(folder, 0o755);
  const path = join(folder, `response-${process.pid}-${Date.now()}.md`);
  const fd = openSync(path, CREATE_NEW, 0o644);
  try {
    writeFileSync(fd, text, 'utf8');
  } finally {
    closeSync(fd);
  }
  return path;
}

// O_NOFOLLOW does not exist on Windows.
const optional: Partial<typeof constants> = constants;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (optional.O_NOFOLLOW ?? 0);
