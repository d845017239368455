/**
 * The run, in order: inputs are read and validated (no network yet); an
 * identity yields the run's one token; the messages get their context
 * variables; the deployment is called; the result is reported. Any failure
 * ends in one diagnosed error annotation and exit code 1.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { callDeployment, type ChatResult, loadClient } from './call/call-deployment.ts';
import { diagnose, type DiagnosisContext } from './diagnose/diagnose.ts';
import { chatRoute } from './endpoint/endpoint.ts';
import { authenticate } from './identity/authenticate.ts';
import { skipNotice, skipsMissingIdentity } from './identity/missing.ts';
import { canMintGithubIdToken } from './identity/choose.ts';
import { readConfig } from './inputs/read-config.ts';
import { prepareChat } from './prompt/prepare-chat.ts';
import { streamDecision } from './call/read-stream.ts';
import { report } from './report/report.ts';
import { appendJobSummary } from './report/summary-file.ts';
import { readRunContext } from './diagnose/run-context.ts';
import { removeStraySettings } from './inputs/stray-env.ts';
import { buildWorkflowMessages, contextStubs, prepareWorkflow, type WorkflowRun } from './workflow/workflow.ts';

export async function run(): Promise<void> {
  const env = process.env;
  const context: DiagnosisContext = readRunContext(env);
  let workflow: WorkflowRun | undefined;
  try {
    removeStraySettings(env, core.setSecret, core.warning);
    const input = (name: string): string => core.getInput(name);
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
    if (streaming.note) core.info(streaming.note);
    core.info(`Calling POST ${route.url} (deployment ${config.deployment}).`);
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

    await report(
      { config, prepared, workflow, messages, result, authMethod },
      {
        info: core.info,
        notice: core.notice,
        warning: core.warning,
        setSecret: core.setSecret,
        setOutput: core.setOutput,
        writeSummary: (markdown) => appendJobSummary(markdown, env),
        tempDirectory: env.RUNNER_TEMP || tmpdir(),
      },
    );
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

function describeResult(result: ChatResult): string {
  const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  const retried = result.retryReasons?.length ? `; retried after ${result.retryReasons.join(', ')}` : '';
  return `Model ${result.model} answered in ${result.latencyMs} ms (${attempts}${retried}): finish reason ${result.finishReason}, ${result.promptTokens} prompt + ${result.completionTokens} completion tokens, request id ${result.requestId || 'none'}.`;
}
