/**
 * The prompt rendered once: each message's `{{variables}}` from `input` /
 * `file-input` filled in, and a slot left for every other placeholder (the
 * context variables among them, and names nothing sets), whose
 * value is fetched after sign-in and put in without scanning the text again
 * (see template.ts). Pure.
 */
import type { PromptMessage } from '../model-call.ts';
import type { PromptConfig } from '../config.ts';
import { fillSlots, fixedText, substituteParts, type TemplatePart } from './template.ts';

export interface RenderedMessage {
  role: PromptMessage['role'];
  parts: TemplatePart[];
}

export interface RenderedPrompt {
  messages: RenderedMessage[];
  /** The placeholder names no variable sets, each once: the context variables among them are fetched later. */
  slots: string[];
}

export function renderPrompt(prompt: PromptConfig): RenderedPrompt {
  const slots = new Set<string>();
  const variables = prompt.variables ?? {};
  const messages = prompt.messages.map((message) => {
    const rendered = substituteParts(message.content, variables);
    for (const name of rendered.slots) slots.add(name);
    return { role: message.role, parts: rendered.parts };
  });
  return { messages, slots: [...slots] };
}

/** The chat messages as sent: the context variables' values in their slots. */
export function withContext(rendered: RenderedPrompt, values: Record<string, string>): PromptMessage[] {
  return rendered.messages.map((message) => ({ role: message.role, content: fillSlots(message.parts, values) }));
}

/** What each message says before the context variables are fetched. */
export function fixedContents(rendered: RenderedPrompt, contextVariables: ReadonlySet<string>): string[] {
  return rendered.messages.map((message) => fixedText(message.parts, contextVariables));
}
