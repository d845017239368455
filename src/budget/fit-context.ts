/**
 * The input budget step: the fetched context values fitted into
 * max-input-tokens with the deployment's tokenizer, leaving files out of
 * {{pr.diff}} when needed (fit.ts), and what the log and summary say of it.
 * The tokenizer is loaded only for a prompt with context variables.
 */
import type { PromptMessage } from '../model-call.ts';
import type { ResolvedContext } from '../github-context/fetch-context.ts';
import type { OmittedFile } from './fit.ts';

export interface BudgetFacts {
  encoding: string;
  tokens: number;
  maxTokens: number;
  omitted: OmittedFile[];
  diffSource?: 'diff' | 'patches';
  diffFiles?: number;
  range?: { from?: string; to: string; fromSource: string };
}

export interface FittedContext {
  /** The context values that fit, pr.diff trimmed. */
  values: Record<string, string>;
  budget: BudgetFacts;
}

export interface BudgetRequest {
  resolved: ResolvedContext;
  deployment: string;
  maxInputTokens: number;
  /** The messages with these context values, as they would be sent. */
  render: (values: Record<string, string>) => PromptMessage[];
  log: { info(message: string): void; notice(message: string): void };
}

export async function fitContext(request: BudgetRequest): Promise<FittedContext> {
  const { resolved, maxInputTokens, log } = request;
  const [{ chooseEncoding, loadTokenCounter }, { fitToBudget }] = await Promise.all([import('./tokenizer.ts'), import('./fit.ts')]);
  const encoding = chooseEncoding(request.deployment);
  const count = await loadTokenCounter(encoding.encoding);
  const fit = fitToBudget({
    render: request.render,
    values: resolved.values,
    ...(resolved.diffFiles ? { diffFiles: resolved.diffFiles } : {}),
    maxTokens: maxInputTokens,
    count,
  });
  const budget: BudgetFacts = {
    encoding: encoding.encoding,
    tokens: fit.tokens,
    maxTokens: maxInputTokens,
    omitted: fit.omitted,
    ...(resolved.diffSource ? { diffSource: resolved.diffSource } : {}),
    ...(resolved.diffFiles ? { diffFiles: resolved.diffFiles.length } : {}),
    ...(resolved.range ? { range: resolved.range } : {}),
  };
  log.info(`Input: ${fit.tokens} tokens (${encoding.encoding}: ${encoding.reason}); max-input-tokens ${maxInputTokens}.`);
  if (fit.omitted.length) {
    log.notice(
      `Left ${fit.omitted.length} of ${resolved.diffFiles?.length ?? 0} changed files out of {{pr.diff}} to fit max-input-tokens (${maxInputTokens}): ${fit.omitted.map((o) => o.path).join(', ')}.`,
    );
  }
  return { values: fit.values, budget };
}
