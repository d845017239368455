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

export const PUBLIC_CLOUD: Cloud = {
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
 * Audiences of Cognitive Services tokens in every cloud, and the Azure AI audience Microsoft documents
 * (public cloud only); any other scope needs allow-custom-endpoint.
 */
const AI_SCOPES = new Set(
  ['cognitiveservices.azure.com', 'cognitiveservices.azure.us', 'cognitiveservices.azure.cn', 'ai.azure.com'].map(
    (host) => `https://${host}/.default`,
  ),
);

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
