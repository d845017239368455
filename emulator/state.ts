// The state every service handler shares: the configuration, the signers, the fault queue, the
// recorded requests, and the fake Azure CLI's session files.

import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEDERATION_AUDIENCE, replaceConfig } from './config.ts';
import type { EmulatorConfig } from './config.ts';
import type { FaultQueue } from './faults.ts';
import type { EmulatorState, Lifecycle, RecordedRequest } from './http.ts';
import { JwtSigner, withOverrides } from './jwt.ts';
import { AZ_PROFILE_FILE, AZ_SESSION_FILE, azureProfile } from './services/azure-cli.ts';
import type { AzSessionFile } from './services/azure-cli.ts';
import { accessTokenClaims } from './services/entra.ts';
import { GITHUB_API_PREFIX } from './services/github-api.ts';
import { githubIdTokenClaims } from './services/github-oidc.ts';
import { PromptCache } from './services/openai/prompt-cache.ts';

export const CA_CERT_PATH = fileURLToPath(new URL('./tls/cert.pem', import.meta.url));
export const TLS_KEY_PATH = fileURLToPath(new URL('./tls/key.pem', import.meta.url));
export const AZ_BIN_DIR = fileURLToPath(new URL('./bin', import.meta.url));

export interface StateParts {
  config: EmulatorConfig;
  startConfig: EmulatorConfig;
  faults: FaultQueue;
  lifecycle: Lifecycle;
  requests: RecordedRequest[];
  azureConfigDir: string;
}

export function createState(parts: StateParts): EmulatorState {
  const { config, startConfig, faults, requests, azureConfigDir } = parts;
  const sessionPath = join(azureConfigDir, AZ_SESSION_FILE);
  const profilePath = join(azureConfigDir, AZ_PROFILE_FILE);
  const state: EmulatorState = {
    config,
    httpUrl: '',
    authorityHost: '',
    githubSigner: new JwtSigner(),
    entraSigner: new JwtSigner(),
    faults,
    lifecycle: parts.lifecycle,
    requests,
    promptCache: new PromptCache(),
    reset() {
      requests.length = 0;
      state.promptCache.clear();
      faults.clear();
      replaceConfig(config, startConfig);
      state.azLogout();
    },
    env: () => runnerEnvironment(state, azureConfigDir),
    azLogin(session = {}) {
      const file: AzSessionFile = { ...config.azSession, ...session, emulatorUrl: state.httpUrl, loggedInAt: Date.now() };
      writeFileSync(sessionPath, `${JSON.stringify(file, null, 2)}\n`);
      // What the real `az login` leaves for later steps: the profile, BOM first, as the CLI writes it.
      writeFileSync(profilePath, `\uFEFF${JSON.stringify(azureProfile(file, config.tenantDisplayName))}`);
      const loggedInAt = new Date(Date.now() - (file.loggedInSecondsAgo ?? 0) * 1000);
      utimesSync(profilePath, loggedInAt, loggedInAt);
    },
    azLogout() {
      rmSync(sessionPath, { force: true });
      rmSync(profilePath, { force: true });
    },
    mintGithubIdToken(claims = {}) {
      return state.githubSigner.sign(githubIdTokenClaims(state, FEDERATION_AUDIENCE, claims));
    },
    mintAccessToken(claims = {}) {
      const app = config.apps[0];
      const base = accessTokenClaims(config, { oid: app?.objectId ?? '', appid: app?.clientId ?? '', aud: config.openai.audience });
      return state.entraSigner.sign(withOverrides(base, claims));
    },
  };
  return state;
}

/** The variables a runner would give the action, every one pointing at this emulator. */
function runnerEnvironment(state: EmulatorState, azureConfigDir: string): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${state.httpUrl}/github/oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: state.config.github.requestToken,
    AZURE_AUTHORITY_HOST: state.authorityHost,
    NODE_EXTRA_CA_CERTS: CA_CERT_PATH,
    AZURE_POD_IDENTITY_AUTHORITY_HOST: state.httpUrl,
    AZURE_CONFIG_DIR: azureConfigDir,
    AZURE_OPENAI_EMULATOR_URL: state.httpUrl,
    AZURE_OPENAI_EMULATOR_AZ_BIN_DIR: AZ_BIN_DIR,
    // GitHub Enterprise Server's shape (a path prefix), so the prefix is honoured on every run.
    GITHUB_API_URL: `${state.httpUrl}${GITHUB_API_PREFIX}`,
  };
}
