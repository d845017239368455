/**
 * Judges the answer before anything is published: an answer cut short
 * (fails under fail-on-truncation), the JSON asked for, and `expect`. A
 * failed expect does not throw here: the step fails after its outputs
 * (passed=false) and the summary are written.
 */
import type { ModelAnswer } from '../call/call-outcome.ts';
import { flaggedAnswerMessage } from '../call/flagged-answer.ts';
import type { Config } from '../config.ts';
import { ActionFailure } from '../errors.ts';
import { checkExpect, type ExpectOutcome, expectFailure } from './expect.ts';
import { JSON_OUTPUT_LIMIT_CHARS, readStructuredAnswer, type SchemaValidator } from './json-answer.ts';
import { truncationNotices } from './truncation.ts';

export interface Verdict {
  /** The `json` output: a JSON response format's answer, when valid and small enough for an output. */
  json?: string;
  /** The parsed JSON answer, valid against the schema (whatever its size). */
  value?: unknown;
  /** Why the answer is not the JSON asked for: the step fails with only response-file written. */
  notJson?: string;
  expect?: ExpectOutcome;
  /** Set when expect failed. */
  failure?: ActionFailure;
}

export interface JudgeLog {
  info(message: string): void;
  warning(message: string): void;
}

export async function judgeAnswer(
  result: ModelAnswer,
  config: Pick<Config, 'failOnTruncation' | 'expect'>,
  validate: SchemaValidator | undefined,
  log: JudgeLog,
): Promise<Verdict> {
  // A flagged answer is a filtered one: nothing of it is published, whatever fail-on-truncation says.
  if (result.flagged) throw new ActionFailure(flaggedAnswerMessage(result.flagged, result.text.length), { topic: 'filterFlaggedAnswer' });
  const notices = truncationNotices(result, { failOnTruncation: config.failOnTruncation });
  if (notices.failure) throw new ActionFailure(notices.failure.text, { topic: notices.failure.topic });
  for (const warning of notices.warnings) log.warning(warning);

  const verdict: Verdict = {};
  if (validate) {
    const answer = await readStructuredAnswer(result.text, validate);
    if (!answer.ok) return { notJson: answer.problem + cutReason(result.finishReason) };
    verdict.value = answer.value;
    if (answer.json.length > JSON_OUTPUT_LIMIT_CHARS) {
      log.warning(
        `The JSON answer (${answer.json.length} characters) is too large for the json output (GitHub allows about 1 MB of outputs per job): read it from response-file.`,
      );
    } else {
      verdict.json = answer.json;
    }
  }
  if (config.expect) {
    verdict.expect = checkExpect(config.expect, result.text);
    if (verdict.expect.passed) log.info(`The response matches expect ${verdict.expect.pattern}.`);
    else verdict.failure = expectFailure(verdict.expect, result.text, result.model);
  }
  return verdict;
}

/** Why a JSON answer may be incomplete. */
function cutReason(finishReason: string): string {
  if (finishReason === 'length') {
    return '\nThe answer was cut at the token limit (finish reason length), so the JSON is incomplete: raise max-tokens.';
  }
  return finishReason === 'content_filter' ? '\nThe content filter cut the answer (finish reason content_filter).' : '';
}
