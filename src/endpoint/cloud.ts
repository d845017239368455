/**
 * Which Azure cloud an endpoint host belongs to, and what that implies for
 * the Entra authority and the token scope.
 */

export type CloudName = 'AzurePublic' | 'AzureUSGovernment' | 'AzureChina';

export interface Cloud {
  name: CloudName;
  authorityHost: string;
  scope: string;
}

const PUBLIC_CLOUD: Cloud = {
  name: 'AzurePublic',
  authorityHost: 'https://login.microsoftonline.com',
  scope: 'https://cognitiveservices.azure.com/.default',
};

const US_GOVERNMENT_CLOUD: Cloud = {
  name: 'AzureUSGovernment',
  authorityHost: 'https://login.microsoftonline.us',
  scope: 'https://cognitiveservices.azure.us/.default',
};

const CHINA_CLOUD: Cloud = {
  name: 'AzureChina',
  authorityHost: 'https://login.chinacloudapi.cn',
  scope: 'https://cognitiveservices.azure.cn/.default',
};

/** Hosts of Entra that MSAL knows; any other authority needs instance discovery off. */
const MICROSOFT_LOGIN_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

export function cloudForHost(host: string): Cloud {
  const h = host.toLowerCase();
  if (h.endsWith('.azure.us') || h.endsWith('.azure-api.us') || h.endsWith('.usgovcloudapi.net')) return US_GOVERNMENT_CLOUD;
  if (h.endsWith('.azure.cn') || h.endsWith('.azure-api.cn') || h.endsWith('.chinacloudapi.cn')) return CHINA_CLOUD;
  return PUBLIC_CLOUD;
}

/**
 * The two Azure AI audiences of a cloud, each the other's alternate: Microsoft's pages use either, and a
 * resource that wants the other one answers 401 "audience is incorrect". Foundry in Azure Government takes
 * https://ai.azure.us/.default (learn.microsoft.com/azure/foundry/agents/concepts/azure-government);
 * Microsoft documents no ai.azure.cn audience (Foundry is not offered in Azure China), so a China
 * endpoint has no alternate and is never negotiated.
 */
const AUDIENCE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['https://cognitiveservices.azure.com/.default', 'https://ai.azure.com/.default'],
  ['https://cognitiveservices.azure.us/.default', 'https://ai.azure.us/.default'],
];

/** The other Azure AI audience's scope of the same cloud, or undefined when there is none. Pure. */
export function alternateScope(scope: string): string | undefined {
  const wanted = scope.toLowerCase();
  for (const [a, b] of AUDIENCE_PAIRS) {
    if (wanted === a) return b;
    if (wanted === b) return a;
  }
  return undefined;
}

/** Audiences of Cognitive Services tokens in every cloud, and the Azure AI audiences; any other scope needs allow-custom-endpoint. */
const AI_SCOPES = new Set([...AUDIENCE_PAIRS.flat(), 'https://cognitiveservices.azure.cn/.default']);

export function isAiScope(scope: string): boolean {
  return AI_SCOPES.has(scope.toLowerCase());
}

export function isMicrosoftLoginHostname(hostname: string): boolean {
  return MICROSOFT_LOGIN_HOSTS.has(hostname.toLowerCase());
}

export function isMicrosoftLoginHost(authorityHost: string): boolean {
  try {
    return MICROSOFT_LOGIN_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
  } catch {
    return false;
  }
}
