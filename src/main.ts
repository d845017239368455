/**
 * The run, in order: read and validate inputs; choose an identity; get one
 * token; build the messages; call the deployment; report. Any failure ends
 * in one diagnosed error annotation and exit code 1, with no outputs written.
 */
import * as core from '@actions/core';
import { callDeployment, type ChatResult } from './call-deployment.ts';
import type { Config } from './config.ts';
import { diagnose, type DiagnosisContext, MissingIdTokenError } from './diagnose.ts';
import { chatRoute } from './endpoint.ts';
import { ActionFailure, IdentityError } from './errors.ts';
import { createAccessTokenCache } from './identity/access-token.ts';
import { canMintGithubIdToken, chooseIdentity } from './identity/choose.ts';
import { buildCredential } from './identity/credential.ts';
import { retryingIdTokenFetcher } from './identity/retry-id-token.ts';
import { readConfig } from './inputs.ts';
import { describeParameters, prepareChat, readJsonOutput } from './prepare-chat.ts';
import { noticesFor } from './report/notices.ts';
import { buildOutputs, writeResponseFile } from './report/outputs.ts';
import { renderSummary } from './report/summary.ts';
import { streamDecision } from './read-stream.ts';
import { readRunContext } from './run-context.ts';
import { removeStraySettings } from './stray-env.ts';
import { renderWorkflowSummary } from './report/workflow-summary.ts';
import {
  buildWorkflowMessages,
  contextStubs,
  finishWorkflow,
  prepareWorkflow,
  skipNotice,
  skipsMissingIdentity,
  workflowSummaryFacts,
  type WorkflowRun,
} from './workflow.ts';
import { tmpdir } from 'node:os';

export async function run(): Promise<void> {
  const env = process.env;
  const context: DiagnosisContext = readRunContext(env);
  let workflow: WorkflowRun | undefined;
  try {
    removeStraySettings(env, core.setSecret, core.warning);
    const config = readConfig({ input: (name) => core.getInput(name), env });
    context.config = config;
    workflow = prepareWorkflow((name) => core.getInput(name), env, config.prompt);
    const prepared = await prepareChat(config, core, contextStubs(workflow));

    const choice = chooseIdentity(config.identity, env);
    context.identity = choice;
    core.info(`Identity: ${choice.method} (${choice.reason}).`);

    const route = chatRoute(config.endpoint, config.deployment, config.apiVersion);
    context.url = route.url;

    const { token, authMethod } = await obtainToken(config, choice.method, context);
    // Context variables are fetched only now, with an identity in hand: a fork's skipped run costs no API call.
    const messages = await buildWorkflowMessages(workflow, config.prompt, config.deployment, core, prepared.messages);

    core.info(`Calling POST ${route.url} (deployment ${config.deployment}).`);
    const streaming = streamDecision(config.stream, config.apiVersion);
    if (streaming.note) core.info(streaming.note);
    const result = await callDeployment(
      { route, deployment: config.deployment, messages, stream: streaming.stream, ...prepared.parameters },
      {
        token,
        timeoutMs: config.timeoutMs,
        maxRetries: config.maxRetries,
        maxRetryWaitMs: config.maxRetryWaitMs,
        log: core.info,
        debug: core.debug,
      },
    );
    core.info(describeResult(result));
    const notices = noticesFor(result, { failOnTruncation: config.failOnTruncation });
    if (notices.failure) throw new ActionFailure(notices.failure);
    for (const warning of notices.warnings) core.warning(warning);

    const responseFile = writeResponseFile(result.text, env.RUNNER_TEMP || tmpdir());
    const json = readJsonOutput(prepared, result, {
      deployment: config.deployment,
      responseFile,
      setOutput: core.setOutput,
      warning: core.warning,
    });
    const finished = await finishWorkflow(workflow, result, { deployment: config.deployment }, core);
    const outputs = { ...buildOutputs(result, authMethod, responseFile), ...(json !== undefined ? { json } : {}), ...finished.outputs };
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    if (config.summary) {
      // The call succeeded and the outputs are written: a summary that cannot be written is worth a warning, not a red step.
      try {
        await core.summary
          .addRaw(
            renderSummary({
              deployment: config.deployment,
              endpointHost: config.endpoint.host,
              authMethod,
              result,
              messages,
              parameters: describeParameters(config),
            }),
          )
          .addRaw(renderWorkflowSummary(workflowSummaryFacts(workflow, result, finished)))
          .write();
      } catch (error) {
        core.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    // A failed expect fails the step after its outputs (passed=false) and summary are written.
    if (finished.failure) throw finished.failure;
  } catch (error) {
    if (skipsMissingIdentity(workflow, error, canMintGithubIdToken(env))) {
      core.notice(skipNotice(workflow));
      core.setOutput('skipped', 'true');
      return;
    }
    core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    core.setFailed(diagnose(error, context));
  }
}

/** Gets the run's one access token up front, so an identity failure is reported as such. */
async function obtainToken(
  config: Config,
  method: ReturnType<typeof chooseIdentity>['method'],
  context: DiagnosisContext,
): Promise<{ token: () => Promise<string>; authMethod: string }> {
  if (method === 'github-oidc' && !canMintGithubIdToken(process.env)) {
    throw new IdentityError(method, new MissingIdTokenError());
  }
  const built = await buildCredential(method, config.identity, {
    fetchIdToken: retryingIdTokenFetcher((audience) => core.getIDToken(audience), { log: core.info }),
    debug: core.debug,
    log: core.info,
    processTimeoutMs: config.timeoutMs,
  });
  const cache = createAccessTokenCache({ credential: built.credential, scope: config.identity.scope, mask: core.setSecret });
  try {
    await cache.get();
  } catch (error) {
    if (built.assertion?.claims) context.idTokenClaims = built.assertion.claims;
    throw new IdentityError(method, error);
  }
  if (built.assertion?.claims) context.idTokenClaims = built.assertion.claims;
  if (cache.claims) context.accessTokenClaims = cache.claims;
  const authMethod = built.resolvedMethod();
  core.info(`Got a Microsoft Entra token for ${config.identity.scope} with ${authMethod}.`);
  return { token: () => cache.get(), authMethod };
}

function describeResult(result: ChatResult): string {
  return `Model ${result.model} answered in ${result.latencyMs} ms (${result.attempts} attempt${result.attempts === 1 ? '' : 's'}${result.retryReasons?.length ? `; retried after ${result.retryReasons.join(', ')}` : ''}): finish reason ${result.finishReason}, ${result.promptTokens} prompt + ${result.completionTokens} completion tokens, request id ${result.requestId || 'none'}.`;
}
