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
import { checkTotalTokens } from './budget/total-tokens.ts';
import { checkMaxCost } from './budget/max-cost.ts';
import { reviewAnsweredRun } from './cost/after-call.ts';
import { loadClient } from './call/call-deployment.ts';
import { describeResult } from './call/describe-result.ts';
import type { Config } from './config.ts';
import type { EventFacts } from './github-context/event.ts';
import { fetchContext } from './github-context/fetch-context.ts';
import { type SharedGithubClient, sharedGithubClient } from './github-context/github-client.ts';
import type { Authenticated } from './identity/authenticate.ts';
import { signIn } from './identity/sign-in.ts';
import { skipNotice, skipsMissingIdentity } from './identity/skip-without-identity.ts';
import { canMintGithubIdToken } from './identity/choose.ts';
import { answerValidator } from './judge/json-answer.ts';
import { checkPrompt, describePrompt } from './prompt/check-prompt.ts';
import { requestFingerprint } from './prompt/fingerprint.ts';
import { type Publication, publish } from './publish/publish.ts';
import { readRunFacts } from './github-context/run-facts.ts';
import { reportUnchangedReview, reviewPoster } from './review/review-step.ts';
import { runLog, type RunLog } from './run-log.ts';
import { scrub, scrubAnswer, secretKeeper } from './secrets.ts';
import { fitContext, promptSplit } from './budget/fit-context.ts';
import { formatUsd } from './cost/estimate.ts';
import { failoverTargets } from './call/failover.ts';
import { askModel, withPartOutcomes } from './split/ask-model.ts';
import { planContext } from './github-context/plan.ts';
import { judgeAnswer } from './judge/judge.ts';
import { renderPrompt, withContext } from './prompt/render.ts';
import { commentTarget } from './publish/comment-target.ts';
import { prepareReview } from './review/prepare-review.ts';
import { readInputs } from './inputs/read-inputs.ts';
import { type CommentLookup, lookUpComment, reusedResult } from './publish/unchanged-answer.ts';
import type { FinalRequest, Prepared, PublicationFacts, RunAnswer } from './run-state.ts';

export async function run(): Promise<void> {
  const env = process.env;
  // Read once, before anything can fail: a failure at any step is diagnosed with the run's facts,
  // and the steps that need the event get the same facts.
  const runFacts = readRunFacts(env);
  const canMintOidc = canMintGithubIdToken(env);
  // Everything written or posted is scrubbed of the secrets held (secrets.ts); each is held before it is used.
  const log = runLog(secretKeeper(core.setSecret));
  let config: Config | undefined;
  try {
    config = await readInputs(env, runFacts.event, log);
    const prepared = await prepare(config, runFacts.event, log);
    const signingIn = signIn(config, env, canMintOidc, log);
    loadClient().catch(() => undefined); // the call reports a failure to load, while the token request travels
    const signedIn = await signingIn;
    // Context variables are fetched only now, with an identity in hand: a fork's skipped run costs no API call.
    // Rate limits are waited out no longer than the model call's waits may be (max-retry-wait).
    const github = sharedGithubClient(config.githubToken, env, log.setSecret, { maxRetryWaitMs: config.maxRetryWaitMs, log: log.info });
    const request = await finalRequest(prepared, github, runFacts.event, log);
    if (!request) return;
    const answer = await answerRequest(prepared, request, signedIn, github, log);
    const verdict = await judgeAnswer(answer.result, config, prepared.validate, log);
    const facts = { verdict, authMethod: signedIn.authMethod, github, env, fromFork: runFacts.event.fromFork, log };
    await publish(publication(prepared, request, answer, facts), {
      ...log,
      // @actions/core's: appended to GITHUB_STEP_SUMMARY, its errors worded as core words them.
      writeSummary: async (markdown) => core.summary.addRaw(scrub(markdown)).write(),
      tempDirectory: env.RUNNER_TEMP || tmpdir(),
      env,
    });
    // A failed expect fails the step after its outputs (passed=false) and summary are written.
    if (verdict.failure) throw verdict.failure;
  } catch (error) {
    const skipFacts = config && { config, facts: runFacts.event, env };
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

/** Everything decided before any network call: a run that could never succeed fails here as a bad input. */
async function prepare(config: Config, event: EventFacts, log: RunLog): Promise<Prepared> {
  // The prompt's placeholders are scanned once, here: the plan and the checks read the slots it left.
  const rendered = renderPrompt(config.prompt);
  const plan = planContext(config, event, rendered);
  const target = commentTarget(config, plan);
  checkPrompt(config, rendered, plan.used, log);
  // Compiled now, so that a broken schema fails as a bad input before any network call.
  const validate = await answerValidator(config.responseFormat);
  log.info(describePrompt(config, rendered));
  return { config, rendered, plan, target, targets: failoverTargets(config), validate };
}

/**
 * The messages as sent: the context fetched and fitted to the input budget (comment: review adds the numbered
 * diff), then the run's most tokens and dollars checked. Undefined when this head is already reviewed.
 */
async function finalRequest(
  prepared: Prepared,
  github: SharedGithubClient,
  event: EventFacts,
  log: RunLog,
): Promise<FinalRequest | undefined> {
  const { config, plan, rendered, target } = prepared;
  const fitted =
    plan.used.size > 0
      ? await fitContext({
          resolved: await fetchContext(plan, event, config, github.get, log.info),
          deployment: config.deployment,
          maxInputTokens: config.maxInputTokens,
          render: (values) => withContext(rendered, values),
          log,
          split: promptSplit(config),
        })
      : undefined;
  const messages = withContext(rendered, fitted?.values ?? {});
  const url = prepared.targets[0].routes.first.url;
  const reviewPlan =
    target && config.comment === 'review'
      ? await prepareReview({ gh: await github.get(), target, config, facts: event, messages, url, log })
      : undefined;
  if (reviewPlan && 'unchanged' in reviewPlan) {
    reportUnchangedReview(reviewPlan.unchanged, log);
    return undefined;
  }
  const review = reviewPlan?.review;
  const budget = review?.budget ?? fitted?.budget;
  // large-diff: split: the parts asked on their own, then one call combining their answers.
  const split = review ? review.split : fitted?.split;
  const final = { messages: review?.messages ?? messages, config, budget, split, log };
  await checkTotalTokens(final);
  // The run's budget in dollars, passed on to each call that may spend it (max-cost.ts).
  await checkMaxCost({ ...final, targets: prepared.targets });
  return { messages: final.messages, fitted, review, split };
}

/**
 * The answer: this step's comment when it answers this very request (stamped with the request's fingerprint,
 * read back before the call so an unchanged request is not paid twice), else the model's.
 */
async function answerRequest(
  prepared: Prepared,
  request: FinalRequest,
  signedIn: Authenticated,
  github: SharedGithubClient,
  log: RunLog,
): Promise<RunAnswer> {
  const { config } = prepared;
  const commentOn = config.comment === 'pr' ? prepared.target : undefined;
  const url = prepared.targets[0].routes.first.url;
  const fingerprint = commentOn && requestFingerprint({ messages: request.split?.parts.flat() ?? request.messages, url, config });
  const lookup: CommentLookup =
    commentOn && fingerprint && config.skipUnchanged
      ? await lookUpComment({ github, target: commentOn, tag: config.commentTag, fingerprint, log })
      : {};
  const found = { commentOn, fingerprint, lookup };
  if (lookup.reuse) return { ...found, result: scrubAnswer(reusedResult(lookup.reuse)), cost: {} };
  const answered = await askModel({ config, targets: prepared.targets, asked: request.split ?? request.messages, signedIn, log });
  const result = scrubAnswer(answered.result);
  log.info(describeResult(result));
  const calls = 'calls' in answered ? answered.calls : [result];
  return { ...found, result, answered, cost: reviewAnsweredRun(calls, config.prices, new Date(), log) };
}

/** What publish needs of the run: the answer, where it goes, and what it was asked. */
function publication(prepared: Prepared, request: FinalRequest, answer: RunAnswer, facts: PublicationFacts): Publication {
  const { config, target } = prepared;
  const { result, answered, lookup } = answer;
  const { review } = request;
  return {
    config,
    result,
    verdict: facts.verdict,
    messages: request.messages,
    authMethod: facts.authMethod,
    context: { used: [...prepared.plan.used], budget: withPartOutcomes(review?.budget ?? request.fitted?.budget, answered) },
    commentTarget: answer.commentOn,
    fingerprint: answer.fingerprint,
    comment: lookup.comment,
    reused: lookup.reuse !== undefined,
    cost: answer.cost,
    // A reused answer names the deployment it was asked of; the outputs say nothing was served.
    served: answered?.served ?? {
      deployment: config.deployment,
      endpoint: `${config.endpoint.origin}${config.endpoint.pathPrefix}`,
      host: config.endpoint.host,
    },
    tried: answered?.tried ?? [],
    github: facts.github,
    fromFork: facts.fromFork,
    postReview:
      review && target
        ? reviewPoster({
            github: facts.github,
            target,
            config,
            env: facts.env,
            deployment: answered?.served.deployment ?? config.deployment,
            result,
            review,
            cost: answer.cost.usd === undefined ? undefined : formatUsd(answer.cost.usd),
            log: facts.log,
          })
        : undefined,
  };
}
