/** The Chat Completions request body for the action's messages and parameters. Pure. */
import type { PromptMessage, GenerationParameters, ToolUse } from '../model-call.ts';
import { type TokenLimitParam, tokenLimitField } from './token-limit.ts';

export interface BodyOptions {
  /** Leave temperature and top_p out: the deployment refused them (refused-request.ts). */
  dropSampling: boolean;
  /** The token limit's name the deployment accepts, as the run has learnt it (token-limit.ts). */
  tokenLimit: TokenLimitParam;
}

export function chatBody(
  deployment: string,
  messages: PromptMessage[],
  parameters: GenerationParameters,
  options: BodyOptions,
  toolUse?: ToolUse,
) {
  const sampling = !options.dropSampling;
  return {
    model: deployment,
    messages: [...messages, ...(toolUse?.turns ?? []).flatMap(chatTurn)],
    ...chatTools(toolUse),
    ...(parameters.maxTokens !== undefined ? tokenLimitField(parameters.maxTokens, options.tokenLimit) : {}),
    ...(sampling && parameters.temperature !== undefined ? { temperature: parameters.temperature } : {}),
    ...(sampling && parameters.topP !== undefined ? { top_p: parameters.topP } : {}),
    ...(parameters.reasoningEffort !== undefined ? { reasoning_effort: parameters.reasoningEffort } : {}),
    ...(parameters.verbosity !== undefined ? { verbosity: parameters.verbosity } : {}),
    ...(parameters.responseFormat !== undefined ? { response_format: parameters.responseFormat } : {}),
    ...(parameters.serviceTier !== undefined ? { service_tier: parameters.serviceTier } : {}),
    ...(parameters.promptCacheKey !== undefined ? { prompt_cache_key: parameters.promptCacheKey } : {}),
  };
}

export type ChatBody = ReturnType<typeof chatBody>;

/** A round of tool use as chat messages: the assistant's calls, then one `tool` message per result. */
function chatTurn(turn: ToolUse['turns'][number]) {
  return [
    {
      role: 'assistant' as const,
      content: null,
      tool_calls: turn.calls.map((call) => ({
        id: call.id,
        type: 'function' as const,
        function: { name: call.name, arguments: call.arguments },
      })),
    },
    ...turn.results.map((result) => ({ role: 'tool' as const, tool_call_id: result.id, content: result.output })),
  ];
}

function chatTools(toolUse: ToolUse | undefined) {
  if (!toolUse) return {};
  return {
    tools: toolUse.definitions.map((tool) => ({
      type: 'function' as const,
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    })),
    tool_choice: toolUse.choice,
  };
}
