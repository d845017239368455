/**
 * The `scope` input: a resource scope ending in /.default, by default the
 * endpoint's cloud's; an Azure AI scope unless allow-custom-endpoint is set.
 * Whether the scope came from the input decides whether the call may switch
 * audience (call/failover.ts): a scope the user chose is used as given.
 */
import type { IdentityConfig } from '../config.ts';
import { isAiScope } from '../endpoint/cloud.ts';
import { InputError } from '../errors.ts';

export function readScope(
  text: string,
  cloudScope: string,
  custom: { allowed: boolean; optIn: string },
): Pick<IdentityConfig, 'scope' | 'scopeFromInput'> {
  const scopeFromInput = text !== '';
  const scope = text || cloudScope;
  if (/\s/.test(scope) || !/^[a-z][a-z0-9+.-]*:\/\/?\S+\/\.default$|^api:\/\/\S+\/\.default$/i.test(scope)) {
    throw new InputError(
      'scope',
      `'${scope}' is not a resource scope: use a URI ending in /.default, such as https://cognitiveservices.azure.com/.default.`,
    );
  }
  if (!custom.allowed && !isAiScope(scope)) {
    throw new InputError(
      'scope',
      `'${scope}' is not a Cognitive Services / Azure AI scope (https://cognitiveservices.azure.com/.default, its .us / .cn forms, https://ai.azure.com/.default or https://ai.azure.us/.default), so a token for another resource would be sent to the endpoint: set ${custom.optIn}: true if the endpoint needs it.`,
    );
  }
  return { scope, scopeFromInput };
}
