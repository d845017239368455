/**
 * Inputs of the workflow features (context variables, input budget, PR
 * comments, smoke-test expectations, fork handling), read and validated
 * before any network call like the rest of the inputs.
 */
import {
  COMMENT_MODES,
  type Config,
  LARGE_DIFF_MODES,
  MISSING_IDENTITY_MODES,
  REVIEW_SCOPES,
  type WorkflowFeatureConfig,
} from '../config.ts';
import { REVIEW_FORMAT } from '../review/review-schema.ts';
import { InputError } from '../errors.ts';
import { type NumberRule, parseNumberText } from './model-parameters.ts';

/**
 * Fits the 128k-token context of gpt-4o and gpt-4.1-class deployments with
 * room left for the answer; a large diff is trimmed to it, not sent whole.
 */
export const DEFAULT_MAX_INPUT_TOKENS = 100_000;
const MAX_INPUT_TOKENS_LIMIT = 2_000_000;
const MIN_INPUT_TOKENS = 100;
const MAX_INPUT_TOKENS_RULE: NumberRule = { integer: true, min: MIN_INPUT_TOKENS, max: MAX_INPUT_TOKENS_LIMIT };

const MAX_TOTAL_TOKENS_RULE: NumberRule = { integer: true, min: 1, max: 10_000_000 };

export async function readWorkflowFeatureInputs(
  input: (name: string) => string,
  env: Record<string, string | undefined>,
  /** The answer's token limit, from max-tokens or the prompt file: max-total-tokens needs one. */
  maxTokens?: number,
): Promise<WorkflowFeatureConfig> {
  const get = (name: string) => input(name).trim();
  const comment = readChoice(get, 'comment', COMMENT_MODES, 'none', {
    pr: 'post the response on the pull request',
    review: 'post a pull request review with inline comments',
    none: 'no comment, the default',
  });
  const config: WorkflowFeatureConfig = {
    githubToken: get('github-token'),
    maxInputTokens: readMaxInputTokens(get('max-input-tokens')),
    // A review of a big pull request should see every file; a comment keeps today's trim unless asked.
    largeDiff: readChoice(get, 'large-diff', LARGE_DIFF_MODES, comment === 'review' ? 'split' : 'trim', {
      trim: 'leave files out until the prompt fits, the default for comment: pr and plain prompts',
      split: 'ask the diff in parts that each fit, then combine their answers, the default for comment: review',
    }),
    comment,
    // The answer is kept in the PR comment or review: without one there is nothing to reuse.
    skipUnchanged: readBoolean(get, 'skip-unchanged', comment !== 'none') && comment !== 'none',
    maxReviewComments: readMaxReviewComments(get('max-review-comments')),
    reviewScope: readChoice(get, 'review-scope', REVIEW_SCOPES, 'changes', {
      changes: "only what changed since this step's earlier review, the default",
      full: 'always the whole pull request',
    }),
    commentTag: get('comment-tag') || defaultCommentTag(env),
    onMissingIdentity: readChoice(get, 'on-missing-identity', MISSING_IDENTITY_MODES, 'fail', {
      fail: 'fail the step, the default',
      skip: 'end successfully with skipped=true',
    }),
  };
  const maxTotal = readMaxTotalTokens(get('max-total-tokens').replace(/_/g, ''), maxTokens);
  if (maxTotal !== undefined) config.maxTotalTokens = maxTotal;
  const pr = get('pull-request');
  if (pr) {
    if (!/^#?\d+$/.test(pr) || Number(pr.replace('#', '')) < 1) {
      throw new InputError(
        'pull-request',
        `'${pr}' is not a pull request number: use the number, like 42 or \${{ github.event.pull_request.number }}.`,
      );
    }
    config.pullRequest = Number(pr.replace('#', ''));
  }
  const fromRef = get('from-ref');
  const toRef = get('to-ref');
  if (fromRef) config.fromRef = readRef('from-ref', fromRef);
  if (toRef) config.toRef = readRef('to-ref', toRef);
  const expect = input('expect');
  // The regex engine is loaded only for a run that has a pattern to compile.
  if (expect.trim()) config.expect = (await import('../bounded-regex.ts')).parseExpect(expect.trim());
  return config;
}

function readMaxInputTokens(text: string): number {
  if (text === '') return DEFAULT_MAX_INPUT_TOKENS;
  // Digits only, with '_' allowed as a separator (100_000); any problem gets the one message below.
  const value = /^\d[\d_]*$/.test(text) ? parseNumberText(text.replace(/_/g, ''), MAX_INPUT_TOKENS_RULE) : undefined;
  if (typeof value !== 'number') {
    throw new InputError(
      'max-input-tokens',
      `'${text}' is not accepted: use a whole number of tokens from ${MIN_INPUT_TOKENS} to ${MAX_INPUT_TOKENS_LIMIT} (default ${DEFAULT_MAX_INPUT_TOKENS}).`,
    );
  }
  return value;
}

/**
 * `comment: review` asks for its own JSON shape (review-schema.ts): a response format or schema of the
 * user's would be a second one, so it is refused before any request.
 */
export function withReviewFormat(config: Config): Config {
  if (config.responseFormat) {
    const from =
      config.responseFormat.schema?.input ?? ('input' in config.responseFormat ? config.responseFormat.input : 'response-format');
    throw new InputError(
      from,
      'asks for a response format, and comment: review asks for its own (a summary and findings, the json output): leave response-format, json-schema and json-schema-file unset, or use comment: pr.',
    );
  }
  return { ...config, responseFormat: REVIEW_FORMAT };
}

/** GitHub takes many comments in one review; a review with more than a few dozen is read by no one. */
const MAX_REVIEW_COMMENTS_RULE: NumberRule = { integer: true, min: 0, max: 100 };
const DEFAULT_MAX_REVIEW_COMMENTS = 25;

function readMaxReviewComments(text: string): number {
  if (text === '') return DEFAULT_MAX_REVIEW_COMMENTS;
  const value = parseNumberText(text, MAX_REVIEW_COMMENTS_RULE);
  if (typeof value === 'string') throw new InputError('max-review-comments', value);
  return value;
}

function readMaxTotalTokens(text: string, maxTokens: number | undefined): number | undefined {
  if (text === '') return undefined;
  const value = parseNumberText(text, MAX_TOTAL_TOKENS_RULE);
  if (typeof value === 'string') throw new InputError('max-total-tokens', value);
  if (maxTokens === undefined) {
    throw new InputError(
      'max-total-tokens',
      "needs a limit on the answer to count: set max-tokens (or max-completion-tokens, or maxTokens in the prompt file's modelParameters).",
    );
  }
  return value;
}

/**
 * Every boolean input, with the words @actions/core's getBooleanInput accepts (YAML 1.2 core schema). Not
 * getBooleanInput itself: it reads process.env, where every input here comes through the one source readConfig
 * is given (tests and the stray-setting rules use it); it fails an empty input, where the input's default applies
 * (skip-unchanged's depends on comment); and its TypeError names neither the value given nor the words accepted.
 */
export function readBoolean(get: (name: string) => string, name: string, fallback: boolean): boolean {
  const text = get(name);
  if (text === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(text)) return true;
  if (['false', 'False', 'FALSE'].includes(text)) return false;
  throw new InputError(name, `'${text}' is not a boolean: use true or false.`);
}

function readChoice<T extends string>(
  get: (name: string) => string,
  name: string,
  choices: readonly T[],
  fallback: T,
  meaning: Record<T, string>,
): T {
  const text = get(name);
  if (text === '') return fallback;
  const lower = text.toLowerCase();
  if ((choices as readonly string[]).includes(lower)) return lower as T;
  throw new InputError(name, `'${text}' is not supported: use ${choices.map((c) => `${c} (${meaning[c]})`).join(' or ')}.`);
}

/** A git ref as the compare API takes it: a sha, a tag or a branch name. */
function readRef(name: string, text: string): string {
  if (/\s|\.\.|[~^:?*[\\]/.test(text) || text.startsWith('-')) {
    throw new InputError(name, `'${text}' is not a git ref: use a tag (v1.2.0), a branch or a commit sha.`);
  }
  return text.replace(/^refs\/(tags|heads)\//, '');
}

/**
 * The step's identity across runs: workflow, job and step (GITHUB_ACTION is
 * the step id, or a stable name for a step without one).
 */
function defaultCommentTag(env: Record<string, string | undefined>): string {
  return [env.GITHUB_WORKFLOW, env.GITHUB_JOB, env.GITHUB_ACTION].filter(Boolean).join('/') || 'azure-openai-keyless';
}
