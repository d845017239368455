/** Turns the configured prompt into chat messages. Pure. */
import type { PromptConfig } from './config.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export function buildMessages(prompt: PromptConfig): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (prompt.system !== undefined) messages.push({ role: 'system', content: prompt.system });
  messages.push({ role: 'user', content: prompt.user });
  return messages;
}
