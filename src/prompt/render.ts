/**
 * The prompt rendered once: each message's `{{variables}}` from `input` /
 * `file-input` filled in, and a slot left for each context variable, whose
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
  /** Placeholder names that neither a variable nor a context variable sets, each once. */
  unknown: string[];
}

export function renderPrompt(prompt: PromptConfig, contextVariables: ReadonlySet<string>): RenderedPrompt {
  const unknown = new Set<string>();
  const variables = prompt.variables ?? {};
  const messages = prompt.messages.map((message) => {
    const rendered = substituteParts(message.content, variables, contextVariables);
    for (const name of rendered.unknown) unknown.add(name);
    return { role: message.role, parts: rendered.parts };
  });
  return { messages, unknown: [...unknown] };
}

/** The chat messages as sent: the context variables' values in their slots. */
export function withContext(rendered: RenderedPrompt, values: Record<string, string>): PromptMessage[] {
  return rendered.messages.map((message) => ({ role: message.role, content: fillSlots(message.parts, values) }));
}

/** What each message says before the context variables are fetched. */
export function fixedContents(rendered: RenderedPrompt): string[] {
  return rendered.messages.map((message) => fixedText(message.parts));
}
