/**
 * This action never uses an API key. Settings that would make a client use
 * one (or send the request elsewhere) are masked, reported and removed from
 * the process environment so no library can pick them up.
 */

/** Variables whose value is a secret: masked before the warning names them. */
const KEY_VARIABLES = ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY'];
/** Variables that would redirect or reshape the request. */
const ROUTING_VARIABLES = ['OPENAI_BASE_URL', 'OPENAI_API_VERSION', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];

export interface StrayReport {
  removed: string[];
}

export function removeStraySettings(
  env: Record<string, string | undefined>,
  mask: (secret: string) => void,
  warn: (message: string) => void,
): StrayReport {
  const removed: string[] = [];
  for (const name of [...KEY_VARIABLES, ...ROUTING_VARIABLES]) {
    const value = env[name];
    if (value === undefined) continue;
    if (KEY_VARIABLES.includes(name) && value) mask(value);
    delete env[name];
    removed.push(name);
  }
  if (removed.length > 0) {
    warn(
      `Ignoring ${removed.join(', ')} from the environment: this action authenticates with Microsoft Entra ID only and never sends an API key. ` +
        'Remove the variable from the workflow (and delete the key secret if nothing else uses it).',
    );
  }
  return { removed };
}
