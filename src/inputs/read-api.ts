/**
 * Reads the API choice (`api`) and the parameters only one API takes
 * (verbosity, reasoning-summary), refusing a combination that cannot be
 * sent: reasoning-summary exists only in the Responses API, so `api: chat`
 * with it is a bad input. Pure apart from reading inputs.
 */
import { API_CHOICES, type ApiChoice, REASONING_SUMMARIES, type ReasoningSummary, VERBOSITIES, type Verbosity } from '../model-call.ts';
import { InputError } from '../errors.ts';

type Get = (name: string) => string;

export interface ApiParameters {
  api: ApiChoice;
  verbosity?: Verbosity;
  reasoningSummary?: ReasoningSummary;
}

export function readApiParameters(get: Get): ApiParameters {
  const api =
    readWord(get, 'api', API_CHOICES, ' (auto calls Chat Completions and switches to Responses for a model without it)') ?? 'auto';
  const verbosity = readWord(get, 'verbosity', VERBOSITIES, ' (it applies to gpt-5 and later models)');
  const reasoningSummary = readWord(
    get,
    'reasoning-summary',
    REASONING_SUMMARIES,
    ' (the Responses API returns a summary of the reasoning)',
  );
  if (reasoningSummary !== undefined && api === 'chat') {
    throw new InputError(
      'reasoning-summary',
      'is sent only by the Responses API, and api is chat: remove reasoning-summary, or set api to responses (or auto).',
    );
  }
  return {
    api,
    ...(verbosity !== undefined ? { verbosity } : {}),
    ...(reasoningSummary !== undefined ? { reasoningSummary } : {}),
  };
}

/** One of `words`, or undefined when the input is empty; anything else fails naming the input and the words. */
function readWord<T extends string>(get: Get, name: string, words: readonly T[], hint: string): T | undefined {
  const text = get(name);
  if (text === '') return undefined;
  if (!(words as readonly string[]).includes(text)) throw new InputError(name, `'${text}' is not one of ${words.join(', ')}${hint}.`);
  return text as T;
}
