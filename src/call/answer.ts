/**
 * The model's answer as the action reports it, read from a whole chat
 * completion or assembled from a stream (read-stream.ts): both paths yield
 * the same shape, so the outputs do not depend on how the answer arrived.
 * Pure.
 */

export interface Answer {
  text: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  model: string;
  /** Completion filter categories Azure flagged as filtered, e.g. "violence (severity medium)". */
  filtered: string[];
}

/** A 200 that carries no usable answer: what was wrong, and whether another attempt may help. */
export class MalformedAnswerError extends Error {
  readonly retryable: boolean;
  /** A few words for the log ("no choices", "HTML instead of JSON"). */
  readonly label: string;
  constructor(label: string, message: string, retryable: boolean) {
    super(message);
    this.name = 'MalformedAnswerError';
    this.label = label;
    this.retryable = retryable;
  }
}

export const NO_CHOICES = (): MalformedAnswerError =>
  new MalformedAnswerError('no choices', 'the service answered 200 with no choices', true);

type FilterResults = Record<string, { filtered?: boolean; severity?: string; detected?: boolean } | undefined>;

interface CompletionLike {
  model?: string | null;
  choices?: Array<{ message?: { content?: string | null } | null; finish_reason?: string | null; content_filter_results?: unknown }> | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
}

export function answerFromCompletion(data: CompletionLike): Answer {
  const choice = data.choices?.[0];
  if (!choice) throw NO_CHOICES();
  return {
    text: choice.message?.content ?? '',
    finishReason: choice.finish_reason ?? 'unknown',
    promptTokens: data.usage?.prompt_tokens ?? 0,
    completionTokens: data.usage?.completion_tokens ?? 0,
    totalTokens: data.usage?.total_tokens ?? 0,
    model: data.model ?? '',
    filtered: filteredCategories(choice.content_filter_results),
  };
}

/** "violence (severity medium)", "protected_material_code (detected)" for each category marked filtered. */
export function filteredCategories(results: unknown): string[] {
  if (!results || typeof results !== 'object') return [];
  return Object.entries(results as FilterResults)
    .filter(([, value]) => value?.filtered === true)
    .map(([name, value]) => (value?.severity ? `${name} (severity ${value.severity})` : `${name} (detected)`));
}
