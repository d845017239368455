/** The step's inputs read into one Config, every secret among them (and the runner's) held before anything uses it. */
import * as core from '@actions/core';
import type { Config } from '../config.ts';
import type { EventFacts } from '../github-context/event.ts';
import { readConfig } from './read-config.ts';
import { removeStraySettings } from './stray-env.ts';

export async function readInputs(
  env: Record<string, string | undefined>,
  event: EventFacts,
  log: { setSecret: (secret: string) => void; warning: (message: string) => void },
): Promise<Config> {
  // The runner's tokens, and the secrets a host-local managed identity endpoint is asked with.
  for (const name of ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'IDENTITY_HEADER', 'MSI_SECRET'])
    log.setSecret(env[name] ?? '');
  log.setSecret(core.getInput('github-token'));
  removeStraySettings(env, log.setSecret, log.warning);
  const config = await readConfig({ input: (name) => core.getInput(name), env, event });
  // An MCP server's token (token-env=) is masked like the others before anything can print it.
  for (const server of config.mcpServers) for (const value of Object.values(server.headers)) log.setSecret(value.replace(/^Bearer /, ''));
  return config;
}
