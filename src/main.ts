/**
 * The run, in order: inputs are read and validated (no network yet); an
 * identity yields the run's one token; the messages get their context
 * variables; the deployment is called; the result is reported. Any failure
 * ends in one diagnosed error annotation and exit code 1.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { callDeployment, type ChatResult, loadClient } from './call/call-deployment.ts';
import { diagnose } from './diagnose/diagnose.ts';
import { chatRoute } from './endpoint/endpoint.ts';
import { authenticate } from './identity/authenticate.ts';
import { skipNotice, skipsMissingIdentity } from './identity/missing.ts';
import { canMintGithubIdToken } from './identity/choose.ts';
import { readConfig } from './inputs/read-config.ts';
import { prepareChat } from './prompt/prepare-chat.ts';
import { streamDecision } from './call/read-stream.ts';
import { report } from './report/report.ts';
import { appendJobSummary } from './report/summary-file.ts';
import { readRunFacts } from './diagnose/run-facts.ts';
import { removeStraySettings } from './inputs/stray-env.ts';
import { oneLine, scrub, scrubAnswer, secretKeeper } from './secrets.ts';
import { buildWorkflowMessages, contextStubs, prepareWorkflow, type WorkflowRun } from './workflow/workflow.ts';

export async function run(): Promise<void> {
  const env = process.env;
  // Read once, before anything can fail: a failure at any step is diagnosed with the run's facts.
  const runFacts = readRunFacts(env);
  let workflow: WorkflowRun | undefined;
  // Everything written or posted is scrubbed of the secrets held (secrets.ts); each is held before it is used.
  const setSecret = secretKeeper(core.setSecret);
  const log = {
    info: (message: string) => core.info(scrub(message)),
    debug: (message: string) => core.debug(scrub(message)),
    warning: (message: string) => core.warning(scrub(message)),
    notice: (message: string) => core.notice(scrub(message)),
    setOutput: (name: string, value: string) => core.setOutput(name, scrub(value)),
    setSecret,
  };
  try {
    for (const name of ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN']) setSecret(env[name] ?? '');
    setSecret(core.getInput('github-token'));
    removeStraySettings(env, setSecret, log.warning);
    const input = (name: string): string => core.getInput(name);
    const config = await readConfig({ input, env });
    workflow = prepareWorkflow(input, env, config.prompt);
    const prepared = await prepareChat(config, log, contextStubs(workflow));
    const route = chatRoute(config.endpoint, config.deployment, config.apiVersion);

    const authenticating = authenticate(config, {
      env,
      getIdToken: async (audience) => {
        const idToken = await core.getIDToken(audience);
        setSecret(idToken);
        return idToken;
      },
      setSecret,
      info: log.info,
      debug: log.debug,
    });
    loadClient().catch(() => undefined); // the call reports a failure to load
    const { token, tokenFacts, authMethod } = await authenticating;
    // Context variables are fetched only now, with an identity in hand: a fork's skipped run costs no API call.
    const messages = await buildWorkflowMessages(workflow, config.prompt, config.deployment, log, prepared.messages);

    const streaming = streamDecision(config.stream, config.apiVersion);
    if (streaming.note) log.info(streaming.note);
    log.info(`Calling POST ${route.url} (deployment ${config.deployment}).`);
    const result = scrubAnswer(
      await callDeployment(
        { route, deployment: config.deployment, messages, stream: streaming.stream, ...prepared.parameters },
        {
          token,
          tokenFacts,
          timeoutMs: config.timeoutMs,
          maxRetries: config.maxRetries,
          maxRetryWaitMs: config.maxRetryWaitMs,
          log: log.info,
          debug: log.debug,
        },
      ),
    );
    log.info(describeResult(result));

    await report(
      { config, prepared, workflow, messages, result, authMethod },
      {
        ...log,
        writeSummary: (markdown) => appendJobSummary(scrub(markdown), env),
        tempDirectory: env.RUNNER_TEMP || tmpdir(),
      },
    );
  } catch (error) {
    if (skipsMissingIdentity(workflow, error, canMintGithubIdToken(env))) {
      log.notice(skipNotice(workflow));
      log.setOutput('skipped', 'true');
      return;
    }
    log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    core.setFailed(scrub(diagnose(error, runFacts)));
  }
}

function describeResult(result: ChatResult): string {
  const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  const retried = result.retryReasons?.length ? `; retried after ${oneLine(result.retryReasons.join(', '))}` : '';
  // Service strings: a hostile gateway's model name must not become a workflow command line.
  return `Model ${oneLine(result.model, 100)} answered in ${result.latencyMs} ms (${attempts}${retried}): finish reason ${oneLine(result.finishReason, 60)}, ${result.promptTokens} prompt + ${result.completionTokens} completion tokens, request id ${oneLine(result.requestId, 100) || 'none'}.`;
}
