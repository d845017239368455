/** `expect`: the response must match a regular expression (smoke tests). Pure. */
import { ActionFailure } from '../errors.ts';
import type { BoundedRegExp } from '../bounded-regex.ts';

const EXCERPT_CHARACTERS = 500;

export interface ExpectOutcome {
  passed: boolean;
  pattern: string;
}

export function checkExpect(expect: BoundedRegExp, response: string): ExpectOutcome {
  return { passed: expect.test(response), pattern: String(expect) };
}

export function expectFailure(outcome: ExpectOutcome, response: string, model: string): ActionFailure {
  const trimmed = response.trim();
  const excerpt = trimmed.length > EXCERPT_CHARACTERS ? `${trimmed.slice(0, EXCERPT_CHARACTERS)}…` : trimmed;
  return new ActionFailure(
    [
      `The response does not match expect ${outcome.pattern}.`,
      `The deployment answered (model ${model || 'unknown'}), so identity, role and network work; the answer is not what the smoke test expects.`,
      `Response (${trimmed.length} characters${trimmed.length > EXCERPT_CHARACTERS ? `, first ${EXCERPT_CHARACTERS} shown` : ''}):`,
      excerpt === '' ? '(empty)' : excerpt,
    ].join('\n'),
    { topic: 'expectNotMet' },
  );
}
