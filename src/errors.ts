/**
 * Error types that carry what the diagnosis needs. Each phase of a run wraps
 * what it throws in one of these, so `diagnose` can say which step failed.
 */
import { causeChain } from './cause-chain.ts';
import type { Topic } from './failure-topics.ts';

/** A bad input: reported before any network call, naming the input and what it accepts. */
export class InputError extends Error {
  readonly input: string;
  /** Its heading in docs/troubleshooting.md: a malformed input's, unless it is one with a heading of its own. */
  readonly topic: Topic;
  constructor(input: string, message: string, topic: Topic = 'inputMalformed') {
    super(`Input '${input}': ${message}`);
    this.name = 'InputError';
    this.input = input;
    this.topic = topic;
  }
}

/** A diagnosed failure: the text is final and goes to the log as one annotation, linked to its topic's heading. */
export class ActionFailure extends Error {
  readonly topic: Topic;
  constructor(message: string, options: { cause?: unknown; topic: Topic }) {
    super(message, { cause: options.cause });
    this.name = 'ActionFailure';
    this.topic = options.topic;
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The first Node system error code in an error's cause chain. */
export function networkCode(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
  }
  return undefined;
}

/** The first error of the given class in a cause chain. */
export function findInChain<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  return causeChain(error).find((link): link is T => link instanceof type);
}
