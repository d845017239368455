/**
 * The call layer's tool options for a run, or none: the session is made only
 * for a run with tools, and holds nothing loaded until the model calls one.
 */
import type { ToolLoopOptions } from '../call/tool-loop.ts';
import type { Config } from '../config.ts';
import { ToolSession } from './tool-session.ts';

export function toolLoop(
  config: Pick<Config, 'tools' | 'maxToolCalls' | 'mcpServers' | 'maxTotalTokens' | 'maxTokens' | 'maxCostUsd' | 'prices'>,
  env: Record<string, string | undefined>,
  log: (message: string) => void,
): (ToolLoopOptions & { runner: ToolSession }) | undefined {
  if (config.tools === 'none' && config.mcpServers.length === 0) return undefined;
  return {
    runner: new ToolSession({ config, env, log }),
    maxTotalTokens: config.maxTotalTokens,
    maxTokens: config.maxTokens,
    ...(config.maxCostUsd === undefined
      ? {}
      : {
          maxCost: {
            maxUsd: config.maxCostUsd,
            ...(config.prices ? { prices: config.prices } : {}),
            ...(config.maxTokens === undefined ? {} : { maxTokens: config.maxTokens }),
          },
        }),
  };
}
