/** Turns the configured prompt into chat messages, filling in `{{variables}}`. Pure. */
import type { PromptConfig } from '../config.ts';
import { substitute } from './template.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The messages to send: each content with its placeholders replaced, in one
 * pass (see template.ts), and the placeholder names no variable matched.
 * `variables` defaults to those of `input` / `file-input`.
 */
export function renderMessages(
  prompt: PromptConfig,
  variables: Record<string, string> = prompt.variables ?? {},
): { messages: ChatMessage[]; unknown: string[] } {
  const unknown = new Set<string>();
  const messages = prompt.messages.map((message) => {
    const rendered = substitute(message.content, variables);
    for (const name of rendered.unknown) unknown.add(name);
    return { role: message.role, content: rendered.text };
  });
  return { messages, unknown: [...unknown] };
}
