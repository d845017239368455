// Shapes the real services send that their documentation does not show, reproduced from recordings so the
// emulator can disagree with the action as they do:
// - 429s that state their wait only in words or in a reset header (Azure's quota wordings as users pasted them:
//   Azure/azure-rest-api-specs#26884, alex-wolf-ps/dbchatprov2#2, jasonacox/TinyLLM#17; the header in
//   openai/openai-python#937; API Management's gateway wording "Rate limit is exceeded. Try again in N seconds.").
// - Asynchronous content filtering: the answer streamed whole, finish_reason "stop", then annotation chunks with
//   content_filter_offsets, as in Azure/azure-sdk-assets, the .NET tests' AsyncContentFilterWorksStreaming session;
//   on the Responses API, the response's content_filters entries (vercel/ai's recorded Azure Responses stream).
import type { Fault } from '../faults.ts';

type StatusFault = Extract<Fault, { kind: 'status' }>;

/** Whose words: Azure's per-minute quota, Azure's daily quota, an API Management gateway. */
export type RateLimitWording = 'quota' | 'daily' | 'gateway';

const plural = (n: number): string => `${n} second${n === 1 ? '' : 's'}`;

/** The 429's body in the chosen wording, stating `seconds`. */
function rateLimitBody(wording: RateLimitWording, seconds: number, apiVersion: string, operation: string): unknown {
  const requests = `Requests to the ${operation} Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current`;
  if (wording === 'gateway') return { statusCode: 429, message: `Rate limit is exceeded. Try again in ${plural(seconds)}.` };
  if (wording === 'daily') {
    return {
      error: {
        code: '429',
        message: `${requests} AIServices S0 pricing tier. Please retry after ${plural(seconds)}. Please contact Azure support service if you would like to further increase the default rate limit.`,
      },
    };
  }
  return {
    error: {
      code: '429',
      message: `${requests} OpenAI S0 pricing tier. Please retry after ${plural(seconds)}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
    },
  };
}

/** A 429 fault's headers and body: where its wait is stated follows `waitIn` (default: both retry headers). */
export function rateLimitAnswer(
  fault: StatusFault,
  seconds: number,
  apiVersion: string,
  operation: string,
): { headers: Record<string, string>; body: unknown } {
  const waitIn = fault.waitIn ?? 'headers';
  const wording =
    fault.wording ?? (waitIn === 'headers' ? 'quota' : fault.waitSeconds !== undefined && fault.waitSeconds >= 43_200 ? 'daily' : 'quota');
  const stated = fault.waitSeconds ?? seconds;
  const body = rateLimitBody(wording, stated, apiVersion, operation);
  if (waitIn === 'message') return { headers: {}, body };
  if (waitIn === 'reset-tokens') return { headers: { 'x-ratelimit-reset-tokens': String(stated) }, body };
  const defaults = fault.retryAfter === undefined && fault.retryAfterMs === undefined;
  return { headers: defaults ? { 'retry-after': String(stated), 'retry-after-ms': String(stated * 1000) } : {}, body };
}

const SAFE = { filtered: false, severity: 'safe' };

/** A choice's results when `flag` (a category name) is filtered; the recorded blocklist names its list. */
export function flaggedResults(flag: string): Record<string, unknown> {
  const verdict =
    flag === 'custom_blocklists'
      ? { details: [{ filtered: true, id: 'EmulatedBlocklist' }], filtered: true }
      : { filtered: true, severity: 'medium' };
  return { custom_blocklists: { filtered: false }, hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE, [flag]: verdict };
}

/**
 * The asynchronous filter's trailing annotation chunks, as recorded: two chunks after the finish, both with
 * content_filter_offsets, the first with the harm categories and blocklists, the second with protected material.
 */
export function asyncFilterTail(contentLength: number, flag: string | undefined): unknown[] {
  const offsets = { check_offset: 0, start_offset: 0, end_offset: contentLength };
  const annotation = (results: Record<string, unknown>) => ({
    choices: [{ content_filter_offsets: offsets, content_filter_results: results, finish_reason: null, index: 0 }],
    created: 0,
    id: '',
    model: '',
    object: '',
  });
  const harms = flag
    ? flaggedResults(flag)
    : { custom_blocklists: { filtered: false }, hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
  return [
    annotation(harms),
    annotation({
      protected_material_code: { filtered: false, detected: false },
      protected_material_text: { filtered: false, detected: false },
    }),
  ];
}

/** A Responses answer's content_filters: the prompt's verdict, then the completion's (flagged or not). */
export function responsesContentFilters(promptLength: number, textLength: number, flag: string | undefined): unknown[] {
  const safe = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
  return [
    {
      blocked: false,
      source_type: 'prompt',
      content_filter_raw: null,
      content_filter_results: { ...safe, jailbreak: { filtered: false, detected: false } },
      content_filter_offsets: { start_offset: 0, end_offset: promptLength, check_offset: 0 },
    },
    {
      blocked: flag !== undefined,
      source_type: 'completion',
      content_filter_raw: null,
      content_filter_results: flag ? flaggedResults(flag) : safe,
      content_filter_offsets: { start_offset: 0, end_offset: textLength, check_offset: 0 },
    },
  ];
}

/** The data action the Responses route needs, as Azure names it when refusing (401 PermissionDenied). */
export const RESPONSES_DATA_ACTION = 'Microsoft.CognitiveServices/accounts/OpenAI/responses/write';
