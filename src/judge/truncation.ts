/**
 * What a successful answer still needs to tell the user: an answer cut at the
 * token limit or by the content filter, and an answer too long for a step
 * output. With fail-on-truncation, a cut answer fails the step instead. Pure.
 */
import type { ModelAnswer } from '../call/call-outcome.ts';
import { RESPONSE_OUTPUT_LIMIT_CHARS, responseOutput } from '../github-limits.ts';
import { type Diagnosis, type Topic, told } from '../failure-topics.ts';

export interface Notices {
  warnings: string[];
  /** Set when the step must fail (fail-on-truncation and a cut answer). */
  failure?: Diagnosis;
}

export function truncationNotices(result: ModelAnswer, options: { failOnTruncation: boolean }): Notices {
  const warnings: string[] = [];
  let cut: string | undefined;
  let topic: Topic = 'answerCut';
  if (result.finishReason === 'length') {
    cut = `The answer was cut at the token limit (finish reason length, ${result.completionTokens} completion tokens).`;
    warnings.push(`${cut} Raise max-tokens, or ask for a shorter answer; the outputs hold the partial text.`);
  } else if (result.finishReason === 'content_filter') {
    const categories = result.filtered?.length ? `: ${result.filtered.join(', ')}` : '';
    topic = 'filterCutAnswer';
    cut = `Azure OpenAI's content filter cut the answer (finish reason content_filter${categories}).`;
    warnings.push(
      `${cut} The outputs hold the ${result.text.length} characters that passed the filter. Filter levels are set per deployment in the Azure AI Foundry portal.`,
    );
  }
  if (cut && options.failOnTruncation) {
    return { warnings: [], failure: told(topic, `${cut} fail-on-truncation is true, so the step fails and writes no outputs.`) };
  }
  if (responseOutput(result.text).cut) {
    warnings.push(
      `The answer has ${result.text.length} characters, more than GitHub lets a step output carry: the response output holds the first ${RESPONSE_OUTPUT_LIMIT_CHARS} or so and a notice; the whole text is in the file named by response-file.`,
    );
  }
  return { warnings };
}
