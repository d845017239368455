/** What main's steps hand each other during one run (main.ts). Types only. */
import type { FittedContext } from './budget/fit-context.ts';
import type { RunCost } from './cost/estimate.ts';
import type { ModelAnswer } from './call/call-outcome.ts';
import type { FailoverTarget } from './call/failover.ts';
import type { SplitContext } from './budget/split-context.ts';
import type { CalledAnswer } from './split/ask-model.ts';
import type { PromptMessage } from './model-call.ts';
import type { Config } from './config.ts';
import type { SharedGithubClient } from './github-context/github-client.ts';
import type { ContextPlan } from './github-context/plan.ts';
import type { SchemaValidator } from './judge/json-answer.ts';
import type { Verdict } from './judge/judge.ts';
import type { RenderedPrompt } from './prompt/render.ts';
import type { CommentTarget } from './publish/comment-target.ts';
import type { CommentLookup } from './publish/unchanged-answer.ts';
import type { PreparedReview } from './review/prepare-review.ts';
import type { RunLog } from './run-log.ts';

/** What is known before any network call. */
export interface Prepared {
  config: Config;
  rendered: RenderedPrompt;
  plan: ContextPlan;
  target: CommentTarget | undefined;
  targets: [FailoverTarget, ...FailoverTarget[]];
  validate: SchemaValidator | undefined;
}
/** The messages as sent, with the context fitted into them and the review they ask for. */
export interface FinalRequest {
  messages: PromptMessage[];
  fitted: FittedContext | undefined;
  review: PreparedReview | undefined;
  /** large-diff: split: the parts asked instead of the messages. */
  split: SplitContext | undefined;
}
/** The answer, reused or called for, with what the comment lookup found. */
export interface RunAnswer {
  result: ModelAnswer;
  answered?: CalledAnswer;
  cost: RunCost;
  commentOn: CommentTarget | undefined;
  fingerprint: string | undefined;
  lookup: CommentLookup;
}
/** What publish needs of the run besides the request and its answer. */
export interface PublicationFacts {
  verdict: Verdict;
  authMethod: string;
  github: SharedGithubClient;
  env: Record<string, string | undefined>;
  fromFork: boolean;
  log: RunLog;
}
