/** The Chat Completions request body for the action's messages and parameters. Pure. */
import type { ChatMessage, ChatParameters } from '../chat.ts';
import { tokenLimitField } from './token-limit.ts';

export interface BodyOptions {
  /** Leave temperature and top_p out: the deployment refused them (refused-request.ts). */
  dropSampling: boolean;
}

export function chatBody(deployment: string, messages: ChatMessage[], parameters: ChatParameters, options: BodyOptions) {
  const sampling = !options.dropSampling;
  return {
    model: deployment,
    messages,
    // The name the deployment accepts, as this run has learnt it (token-limit.ts).
    ...(parameters.maxTokens !== undefined ? tokenLimitField(parameters.maxTokens) : {}),
    ...(sampling && parameters.temperature !== undefined ? { temperature: parameters.temperature } : {}),
    ...(sampling && parameters.topP !== undefined ? { top_p: parameters.topP } : {}),
    ...(parameters.reasoningEffort !== undefined ? { reasoning_effort: parameters.reasoningEffort } : {}),
    ...(parameters.verbosity !== undefined ? { verbosity: parameters.verbosity } : {}),
    ...(parameters.responseFormat !== undefined ? { response_format: parameters.responseFormat } : {}),
  };
}

export type ChatBody = ReturnType<typeof chatBody>;
