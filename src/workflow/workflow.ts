/**
 * The workflow features around the model call, in the order a run needs
 * them: `prepareWorkflow` (pure: inputs, event, which context variables the
 * prompt uses; bad input fails here, before any network call),
 * `buildWorkflowMessages` (GitHub API calls for those variables only, then
 * the input budget), and `finishWorkflow` (expect, the PR comment, extra
 * outputs and the summary section). main.ts calls these; each phase's work
 * lives in its own module.
 */
import type { ChatResult } from '../call/call-deployment.ts';
import type { PromptConfig } from '../config.ts';
import type { ChangedFile } from '../context/diff.ts';
import { type EventFacts, readEventFacts, requirePullRequest, requireRepository } from '../context/event.ts';
import { createGithubClient, type GithubClient } from '../context/github-client.ts';
import { type ContextVariable, contextVariablesUsed } from '../context/names.ts';
import { type ContextPlan, planContext, resolveContext } from '../context/resolve.ts';
import type { OmittedFile } from '../budget/fit.ts';
import { renderMessages, type ChatMessage } from '../prompt/messages.ts';
import { placeholders } from '../prompt/template.ts';
import { checkExpect, type ExpectOutcome, expectFailure } from '../report/expect.ts';
import { commentOnPullRequest, type PostedComment } from '../report/pr-comment.ts';
import { readWorkflowConfig, type WorkflowConfig } from './workflow-config.ts';
import type { WorkflowSummaryFacts } from '../report/workflow-summary.ts';
import { type ActionFailure, InputError } from '../errors.ts';

export interface WorkflowRun {
  config: WorkflowConfig;
  facts: EventFacts;
  plan: ContextPlan;
  /** The pull request a comment goes to (comment: pr). */
  commentTarget?: number;
  env: Record<string, string | undefined>;
  client?: GithubClient;
  /** Filled by buildWorkflowMessages. */
  budget?: BudgetFacts;
}

export interface BudgetFacts {
  encoding: string;
  tokens: number;
  maxTokens: number;
  omitted: OmittedFile[];
  diffSource?: 'diff' | 'patches';
  diffFiles?: number;
  range?: { from?: string; to: string; fromSource: string };
}

export interface Logger {
  info(message: string): void;
  notice(message: string): void;
  setSecret(secret: string): void;
}

export function prepareWorkflow(
  input: (name: string) => string,
  env: Record<string, string | undefined>,
  prompt: PromptConfig,
): WorkflowRun {
  const config = readWorkflowConfig(input, env);
  const facts = readEventFacts(env);
  const names = prompt.messages.flatMap((m) => placeholders(m.content));
  const used = contextVariablesUsed(names, new Set(Object.keys(prompt.variables ?? {})));
  const plan = planContext(used, facts, config);
  const run: WorkflowRun = { config, facts, plan, env };
  if (config.comment === 'pr') {
    run.commentTarget = requirePullRequest(facts, config, 'comment: pr');
    requireRepository(facts, 'comment: pr');
    if (!config.githubToken) {
      throw new InputError(
        'github-token',
        'is empty, and comment: pr posts the comment with it. Leave github-token at its default (${{ github.token }}) and give the job `permissions: pull-requests: write`.',
      );
    }
  }
  return run;
}

/** The chat messages: context variables resolved (GitHub API only if used) and fitted into max-input-tokens. */
export async function buildWorkflowMessages(
  run: WorkflowRun,
  prompt: PromptConfig,
  deployment: string,
  log: Logger,
  /** The messages as prepared without context variables: used as they are when the prompt has none. */
  prepared: ChatMessage[],
): Promise<ChatMessage[]> {
  const userVariables = prompt.variables ?? {};
  if (run.plan.used.size === 0) return prepared;

  log.info(`Context variables used: ${[...run.plan.used].map((n) => `{{${n}}}`).join(', ')}.`);
  const resolved = await resolveContext(
    run.plan,
    run.facts,
    run.config,
    () => githubClient(run, log),
    (message) => log.info(message),
  );
  if (run.client) log.info(`GitHub API: ${run.client.requests} request${run.client.requests === 1 ? '' : 's'} to ${run.client.apiUrl}.`);

  const { chooseEncoding, loadTokenCounter } = await import('../budget/tokenizer.ts');
  const { fitToBudget } = await import('../budget/fit.ts');
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
    log.notice(
      `Left ${fit.omitted.length} of ${resolved.diffFiles?.length ?? 0} changed files out of {{pr.diff}} to fit max-input-tokens (${run.config.maxInputTokens}): ${fit.omitted.map((o) => o.path).join(', ')}.`,
    );
  }
  return fit.messages as ChatMessage[];
}

async function githubClient(run: WorkflowRun, log: Logger): Promise<GithubClient> {
  run.client ??= await createGithubClient(run.config.githubToken, run.env, (secret) => log.setSecret(secret));
  return run.client;
}

export interface WorkflowOutcome {
  outputs: Record<string, string>;
  expect?: ExpectOutcome;
  comment?: PostedComment & { cut: boolean };
  /** Set when expect failed: the step fails after the outputs and the summary are written. */
  failure?: ActionFailure;
}

/** After the answer: expect, then the PR comment (only for an answer that passed). */
export async function finishWorkflow(
  run: WorkflowRun,
  result: ChatResult,
  details: { deployment: string },
  log: Logger,
): Promise<WorkflowOutcome> {
  const outcome: WorkflowOutcome = { outputs: {} };
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
export function contextStubs(run: WorkflowRun): Record<string, string> {
  return Object.fromEntries([...run.plan.used].map((name) => [name, '']));
}

export function workflowSummaryFacts(run: WorkflowRun, result: ChatResult, outcome: WorkflowOutcome): WorkflowSummaryFacts {
  return {
    result,
    used: [...run.plan.used],
    ...(run.budget ? { budget: run.budget } : {}),
    ...(run.client ? { apiRequests: run.client.requests } : {}),
    ...(outcome.expect ? { expect: outcome.expect } : {}),
    ...(outcome.comment ? { comment: outcome.comment } : {}),
  };
}

export type { ContextVariable, ChangedFile };
