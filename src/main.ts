/**
 * The run, in order, each step entered once: every input read into one
 * Config; the context variables planned, the PR comment's target decided and
 * the prompt rendered and checked (all before any network call); an identity
 * yields the run's one token; the context is fetched and fitted to the input
 * budget, and the run's most tokens checked against max-total-tokens; this
 * step's PR comment is read, and reused when it answers this very request;
 * otherwise the deployment is called (then each fallback in turn, while one
 * cannot answer); the answer is judged, then published.
 * Any failure ends in one diagnosed error annotation and exit code 1.
 */
import * as core from '@actions/core';
import { tmpdir } from 'node:os';
import { fitContext } from './budget/fit-context.ts';
import { checkTotalTokens } from './budget/total-tokens.ts';
import { checkMaxCost } from './budget/max-cost.ts';
import { reviewAnsweredRun } from './cost/after-call.ts';
import { formatUsd, type RunCost } from './cost/estimate.ts';
import { loadClient } from './call/call-deployment.ts';
import { callWithFailover, type FailoverResult, failoverTargets } from './call/failover.ts';
import type { ModelAnswer } from './call/call-outcome.ts';
import type { Config } from './config.ts';
import { fetchContext } from './github-context/fetch-context.ts';
import { sharedGithubClient } from './github-context/github-client.ts';
import { planContext } from './github-context/plan.ts';
import { authenticate } from './identity/authenticate.ts';
import { skipNotice, skipsMissingIdentity } from './identity/skip-without-identity.ts';
import { canMintGithubIdToken } from './identity/choose.ts';
import { runnerIdTokenFetcher } from './identity/runner-id-token.ts';
import { readConfig } from './inputs/read-config.ts';
import { answerValidator } from './judge/json-answer.ts';
import { judgeAnswer } from './judge/judge.ts';
import { checkPrompt, describePrompt } from './prompt/check-prompt.ts';
import { requestFingerprint } from './prompt/fingerprint.ts';
import { generationParameters } from './prompt/parameters.ts';
import { renderPrompt, withContext } from './prompt/render.ts';
import { commentTarget } from './publish/comment-target.ts';
import { publish } from './publish/publish.ts';
import { type CommentLookup, lookUpComment, reusedResult } from './publish/unchanged-answer.ts';
import { readRunFacts } from './github-context/run-facts.ts';
import { prepareReview } from './review/prepare-review.ts';
import { reportUnchangedReview, reviewPoster } from './review/review-step.ts';
import { removeStraySettings } from './inputs/stray-env.ts';
import { logText, oneLine, scrub, scrubAnswer, secretKeeper } from './secrets.ts';
import { toolLoop } from './tools/tool-loop-options.ts';

export async function run(): Promise<void> {
  const env = process.env;
  // Read once, before anything can fail: a failure at any step is diagnosed with the run's facts,
  // and the steps that need the event get the same facts.
  const runFacts = readRunFacts(env);
  const eventFacts = runFacts.event;
  const canMintOidc = canMintGithubIdToken(env);
  let config: Config | undefined;
  // Everything written or posted is scrubbed of the secrets held (secrets.ts); each is held before it is used.
  const setSecret = secretKeeper(core.setSecret);
  const log = {
    info: (message: string) => core.info(logText(message)),
    debug: (message: string) => core.debug(scrub(message)),
    warning: (message: string) => core.warning(scrub(message)),
    notice: (message: string) => core.notice(scrub(message)),
    setOutput: (name: string, value: string) => core.setOutput(name, scrub(value)),
    setSecret,
  };
  try {
    // The runner's tokens, and the secrets a host-local managed identity endpoint is asked with.
    for (const name of ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'IDENTITY_HEADER', 'MSI_SECRET'])
      setSecret(env[name] ?? '');
    setSecret(core.getInput('github-token'));
    removeStraySettings(env, setSecret, log.warning);
    const input = (name: string): string => core.getInput(name);
    config = await readConfig({ input, env, event: eventFacts });
    // An MCP server's token (token-env=) is masked like the others before anything can print it.
    for (const server of config.mcpServers) for (const value of Object.values(server.headers)) setSecret(value.replace(/^Bearer /, ''));
    // The prompt's placeholders are scanned once, here: the plan and the checks read the slots it left.
    const rendered = renderPrompt(config.prompt);
    const plan = planContext(config, eventFacts, rendered);
    const target = commentTarget(config, plan);
    checkPrompt(config, rendered, plan.used, log);
    const targets = failoverTargets(config);
    // Compiled now, so that a broken schema fails as a bad input before any network call.
    const validate = await answerValidator(config.responseFormat);
    log.info(describePrompt(config, rendered));

    const fetchIdToken = runnerIdTokenFetcher(env);
    const authenticating = authenticate(config, {
      env,
      canMintOidc,
      getIdToken: async (audience) => {
        const idToken = await fetchIdToken(audience);
        setSecret(idToken);
        return idToken;
      },
      setSecret,
      info: log.info,
      debug: log.debug,
    });
    loadClient().catch(() => undefined); // the call reports a failure to load
    const { token, tokenFacts, authMethod, tokenFor } = await authenticating;

    // Context variables are fetched only now, with an identity in hand: a fork's skipped run costs no API call.
    // Rate limits are waited out no longer than the model call's waits may be (max-retry-wait).
    const github = sharedGithubClient(config.githubToken, env, setSecret, { maxRetryWaitMs: config.maxRetryWaitMs, log: log.info });
    const fitted =
      plan.used.size > 0
        ? await fitContext({
            resolved: await fetchContext(plan, eventFacts, config, github.get, log.info),
            deployment: config.deployment,
            maxInputTokens: config.maxInputTokens,
            render: (values) => withContext(rendered, values),
            log,
          })
        : undefined;
    const firstRoute = targets[0].routes.first;
    // comment: review adds the numbered diff after the prompt, or finds this head already reviewed with this request.
    const reviewPlan =
      target && config.comment === 'review'
        ? await prepareReview({
            gh: await github.get(),
            target,
            config,
            facts: eventFacts,
            messages: withContext(rendered, fitted?.values ?? {}),
            url: firstRoute.url,
            log,
          })
        : undefined;
    if (reviewPlan && 'unchanged' in reviewPlan) {
      reportUnchangedReview(reviewPlan.unchanged, log);
      return;
    }
    const review = reviewPlan?.review;
    const messages = review?.messages ?? withContext(rendered, fitted?.values ?? {});

    const inputBudget = review?.budget ?? fitted?.budget;
    await checkTotalTokens({ messages, config, ...(inputBudget ? { budget: inputBudget } : {}), log });
    // The run's budget in dollars, passed on to each call that may spend it (max-cost.ts).
    await checkMaxCost({ messages, config, targets, ...(inputBudget ? { budget: inputBudget } : {}), log });
    // Stamped into the comment; read back here, with the messages final and before the call, so an unchanged request is not paid twice.
    const commentOn = config.comment === 'pr' ? target : undefined;
    const fingerprint = commentOn && requestFingerprint({ messages, url: firstRoute.url, config });
    const lookup: CommentLookup =
      commentOn && fingerprint && config.skipUnchanged
        ? await lookUpComment({ github, target: commentOn, tag: config.commentTag, fingerprint, log })
        : {};

    let result: ModelAnswer;
    let answered: FailoverResult | undefined;
    let cost: RunCost = {};
    if (lookup.reuse) {
      result = scrubAnswer(reusedResult(lookup.reuse));
    } else {
      // The deployment input first, then each fallback in turn; one deadline for all (failover.ts). Without a
      // scope input, a 401 "audience is incorrect" gets one more try with the other Azure AI audience (tokenFor).
      // Without tools nothing of theirs is loaded; with them, their code loads when the model first calls one.
      const tools = toolLoop(config, env, log.info);
      answered = await callWithFailover(
        { messages, api: config.api, stream: config.stream, ...generationParameters(config), promptCache: config.promptCache },
        targets,
        {
          tools,
          firstToken: { scope: config.identity.scope, token, tokenFacts },
          tokenFor,
          timeoutMs: config.timeoutMs,
          maxRetries: config.maxRetries,
          maxRetryWaitMs: config.maxRetryWaitMs,
          deadlineMs: config.deadlineMs,
          log: log.info,
          debug: log.debug,
          warn: log.warning,
        },
      ).finally(() => tools?.runner.close());
      result = scrubAnswer(answered.result);
      log.info(describeResult(result));
      cost = reviewAnsweredRun([result], config.prices, new Date(), log);
    }

    const verdict = await judgeAnswer(result, config, validate, log);
    await publish(
      {
        config,
        result,
        verdict,
        messages,
        authMethod,
        context: { used: [...plan.used], ...(fitted ? { budget: fitted.budget } : {}) },
        ...(commentOn ? { commentTarget: commentOn } : {}),
        ...(fingerprint ? { fingerprint } : {}),
        ...(lookup.comment ? { comment: lookup.comment } : {}),
        reused: lookup.reuse !== undefined,
        cost,
        // A reused answer names the deployment it was asked of; the outputs say nothing was served.
        served: answered?.served ?? {
          deployment: config.deployment,
          endpoint: `${config.endpoint.origin}${config.endpoint.pathPrefix}`,
          host: config.endpoint.host,
        },
        tried: answered?.tried ?? [],
        github,
        fromFork: eventFacts.fromFork,
        ...(review && target
          ? {
              postReview: reviewPoster({
                github,
                target,
                config,
                env,
                deployment: answered?.served.deployment ?? config.deployment,
                result,
                review,
                ...(cost.usd !== undefined ? { cost: formatUsd(cost.usd) } : {}),
                log,
              }),
            }
          : {}),
      },
      {
        ...log,
        // @actions/core's: appended to GITHUB_STEP_SUMMARY, its errors worded as core words them.
        writeSummary: async (markdown) => core.summary.addRaw(scrub(markdown)).write(),
        tempDirectory: env.RUNNER_TEMP || tmpdir(),
        env,
      },
    );
    // A failed expect fails the step after its outputs (passed=false) and summary are written.
    if (verdict.failure) throw verdict.failure;
  } catch (error) {
    const skipFacts = config && { config, facts: eventFacts, env };
    if (skipsMissingIdentity(skipFacts, error, canMintOidc)) {
      log.notice(skipNotice(skipFacts));
      log.setOutput('skipped', 'true');
      return;
    }
    log.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
    // The catalogue of causes is loaded only by a run that failed.
    const { diagnose } = await import('./diagnose/diagnose.ts');
    core.setFailed(scrub(diagnose(error, runFacts, new Date())));
  }
}

function describeResult(result: ModelAnswer): string {
  const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  const retried = result.retryReasons?.length ? `; retried after ${oneLine(result.retryReasons.join(', '))}` : '';
  // Service strings: a hostile gateway's model name must not become a workflow command line.
  return `Model ${oneLine(result.model, 100)} answered in ${result.latencyMs} ms (${attempts}${retried}): finish reason ${oneLine(result.finishReason, 60)}, ${result.promptTokens} prompt${result.cachedTokens ? ` (${result.cachedTokens} cached)` : ''} + ${result.completionTokens} completion${result.reasoningTokens ? ` (${result.reasoningTokens} reasoning)` : ''} tokens, request id ${oneLine(result.requestId, 100) || 'none'}${result.api === 'responses' ? ', through the Responses API' : ''}.`;
}
