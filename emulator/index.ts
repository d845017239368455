// Local cloud emulator for the keyless Azure OpenAI action: Entra ID (https), GitHub OIDC, IMDS,
// a fake Azure CLI and Azure OpenAI, all on 127.0.0.1. Start it in-process with startEmulator()
// (tests) or as a process with emulator/cli.ts (workflows, demos).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, mergeConfig } from './config.ts';
import type { AzSession, DeepPartial, EmulatorConfig } from './config.ts';
import { dispatcher } from './dispatch.ts';
import { FaultQueue } from './faults.ts';
import type { Fault, FaultService } from './faults.ts';
import { Lifecycle } from './http.ts';
import type { EmulatorState, RecordedRequest, Route } from './http.ts';
import type { Claims } from './jwt.ts';
import { type Listeners, openListeners } from './listeners.ts';
import { azureCliRoutes } from './services/azure-cli.ts';
import { openaiRoutes, requestedDeployment, requestHost } from './services/azure-openai.ts';
import { controlRoutes } from './services/control.ts';
import { entraRoutes } from './services/entra.ts';
import { githubApiRoutes } from './services/github-api.ts';
import { githubOidcRoutes } from './services/github-oidc.ts';
import { imdsRoutes } from './services/imds.ts';
import { AZ_BIN_DIR, CA_CERT_PATH, createState } from './state.ts';

export type { AzSession, DeepPartial, EmulatorConfig } from './config.ts';
export type { Fault, FaultService, FaultTarget } from './faults.ts';
export type { RecordedRequest } from './http.ts';

export interface StartOptions {
  config?: DeepPartial<EmulatorConfig>;
  port?: number; // http listener (default 0: any free port)
  httpsPort?: number; // https listener for Entra (default 0)
  onRequest?: (request: RecordedRequest) => void; // called when each response is done (or the socket dies)
}

export interface Emulator {
  httpUrl: string;
  authorityHost: string;
  caCertPath: string;
  azBinDir: string;
  azureConfigDir: string;
  config: EmulatorConfig;
  requests: RecordedRequest[];
  count(service: RecordedRequest['service']): number;
  /** Chat requests that named this deployment, sent to this host name (any host when omitted), whatever their answer. */
  deploymentCalls(deployment: string, host?: string): number;
  injectFaults(service: FaultService, faults: Fault[]): void;
  azLogin(session?: Partial<AzSession>): void;
  azLogout(): void;
  env(): Record<string, string>;
  mintGithubIdToken(claims?: Claims): string;
  mintAccessToken(claims?: Claims): string;
  /** Every token minted since start (GitHub ID tokens, Entra and az access tokens); reset() keeps them. */
  issuedTokens(): string[];
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const startConfig = mergeConfig(defaultConfig(), options.config ?? {});
  const config = structuredClone(startConfig);
  const lifecycle = new Lifecycle();
  const requests: RecordedRequest[] = [];
  const azureConfigDir = mkdtempSync(join(tmpdir(), 'aoai-emulator-az-'));
  const state = createState({ config, startConfig, faults: new FaultQueue(), lifecycle, requests, azureConfigDir });
  const routes: Route[] = [
    ...controlRoutes(),
    ...entraRoutes(),
    ...githubOidcRoutes(),
    ...imdsRoutes(),
    ...azureCliRoutes(),
    ...openaiRoutes(),
    ...githubApiRoutes(),
  ];
  let listeners: Listeners;
  try {
    listeners = await openListeners(dispatcher(routes, state, options.onRequest), {
      http: options.port ?? 0,
      https: options.httpsPort ?? 0,
    });
  } catch (err) {
    rmSync(azureConfigDir, { recursive: true, force: true });
    throw err;
  }
  state.httpUrl = `http://127.0.0.1:${listeners.httpPort}`;
  state.authorityHost = `https://127.0.0.1:${listeners.httpsPort}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      lifecycle.stop(); // wakes every delay/stall
      await listeners.close();
      rmSync(azureConfigDir, { recursive: true, force: true });
    })());
  return emulatorApi(state, azureConfigDir, stop);
}

function emulatorApi(state: EmulatorState, azureConfigDir: string, stop: () => Promise<void>): Emulator {
  const { requests } = state;
  return {
    httpUrl: state.httpUrl,
    authorityHost: state.authorityHost,
    caCertPath: CA_CERT_PATH,
    azBinDir: AZ_BIN_DIR,
    azureConfigDir,
    config: state.config,
    requests,
    count: (service) => requests.filter((r) => r.service === service).length,
    deploymentCalls: (deployment, host) =>
      requests.filter(
        (r) => r.service === 'openai' && requestedDeployment(r) === deployment && (host === undefined || requestHost(r) === host),
      ).length,
    injectFaults: (service, list) => state.faults.push(service, list),
    azLogin: (session) => state.azLogin(session),
    azLogout: () => state.azLogout(),
    env: () => state.env(),
    mintGithubIdToken: (claims) => state.mintGithubIdToken(claims),
    mintAccessToken: (claims) => state.mintAccessToken(claims),
    issuedTokens: () => [...state.githubSigner.issued, ...state.entraSigner.issued],
    reset: () => state.reset(),
    stop,
  };
}
