/**
 * Generation parameters: the limits every source shares (inputs and prompt
 * files), and how a number is checked against them. Pure.
 */
import type { ReasoningEffort, ReasoningSummary, ResponseFormat, Verbosity } from '../model-call.ts';

export interface ModelParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: ReasoningEffort;
  verbosity?: Verbosity;
  reasoningSummary?: ReasoningSummary;
  /** Absent for plain text, which needs no `response_format`. */
  responseFormat?: ResponseFormat;
}

export interface NumberRule {
  integer: boolean;
  min: number;
  max: number;
}

export const MAX_TOKENS_RULE: NumberRule = { integer: true, min: 1, max: 1_000_000 };
/** Azure OpenAI accepts 0 to 2 (GitHub Models documented 0 to 1). */
export const TEMPERATURE_RULE: NumberRule = { integer: false, min: 0, max: 2 };
export const TOP_P_RULE: NumberRule = { integer: false, min: 0, max: 1 };

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Checks a number typed as text (an input): every numeric input goes through
 * this. Returns the number, or what is wrong with it.
 */
export function parseNumberText(text: string, rule: NumberRule): number | string {
  const value = Number(text);
  const kind = describeKind(rule);
  if (!DECIMAL.test(text) || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    return `'${text}' is not ${kind}: use ${kind} from ${rule.min} to ${rule.max}.`;
  }
  return checkRange(value, text, rule) ?? value;
}

/** Checks a number read from YAML. Returns the number, or what is wrong with it. */
export function checkNumberValue(value: unknown, rule: NumberRule): number | string {
  const kind = describeKind(rule);
  if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    return `${JSON.stringify(value)} is not ${kind}: use ${kind} from ${rule.min} to ${rule.max}.`;
  }
  return checkRange(value, String(value), rule) ?? value;
}

function checkRange(value: number, text: string, rule: NumberRule): string | undefined {
  if (value < rule.min || value > rule.max) return `${text} is out of range: use ${describeKind(rule)} from ${rule.min} to ${rule.max}.`;
  return undefined;
}

function describeKind(rule: NumberRule): string {
  return rule.integer ? 'a whole number' : 'a number';
}
