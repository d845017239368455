// Local cloud emulator for the keyless Azure OpenAI action: Entra ID (https), GitHub OIDC, IMDS,
// a fake Azure CLI and Azure OpenAI, all on 127.0.0.1. Start it in-process with startEmulator()
// (tests) or as a process with emulator/cli.ts (workflows, demos).

import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEDERATION_AUDIENCE, defaultConfig, mergeConfig, replaceConfig } from './config.ts';
import type { AzSession, DeepPartial, EmulatorConfig } from './config.ts';
import { FaultQueue } from './faults.ts';
import type { Fault, FaultService } from './faults.ts';
import { Lifecycle, parseBody, readBody, sendJson, splitUrl } from './http.ts';
import type { EmulatorState, RecordedRequest, RequestContext, Route } from './http.ts';
import { JwtSigner, withOverrides } from './jwt.ts';
import type { Claims } from './jwt.ts';
import { AZ_PROFILE_FILE, AZ_SESSION_FILE, azureCliRoutes, azureProfile } from './services/azure-cli.ts';
import type { AzSessionFile } from './services/azure-cli.ts';
import { openaiRoutes, requestedDeployment, requestHost, resourceNotFound } from './services/azure-openai.ts';
import { controlRoutes } from './services/control.ts';
import { accessTokenClaims, entraRoutes } from './services/entra.ts';
import { GITHUB_API_PREFIX, githubApiRoutes } from './services/github-api.ts';
import { githubIdTokenClaims, githubOidcRoutes } from './services/github-oidc.ts';
import { imdsRoutes } from './services/imds.ts';

export type { AzSession, DeepPartial, EmulatorConfig } from './config.ts';
export type { Fault, FaultService } from './faults.ts';
export type { RecordedRequest, ServiceName } from './http.ts';
export { defaultConfig } from './config.ts';

export interface StartOptions {
  config?: DeepPartial<EmulatorConfig>;
  port?: number; // http listener (default 0: any free port)
  httpsPort?: number; // https listener for Entra (default 0)
  onRequest?: (r: RecordedRequest) => void; // called when each response is done (or the socket dies)
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

const CA_CERT_PATH = fileURLToPath(new URL('./tls/cert.pem', import.meta.url));
const TLS_KEY_PATH = fileURLToPath(new URL('./tls/key.pem', import.meta.url));
const AZ_BIN_DIR = fileURLToPath(new URL('./bin', import.meta.url));

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, always.
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const startConfig = mergeConfig(defaultConfig(), options.config ?? {});
  const config = structuredClone(startConfig);
  const lifecycle = new Lifecycle();
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const azureConfigDir = mkdtempSync(join(tmpdir(), 'aoai-emulator-az-'));
  const sessionPath = join(azureConfigDir, AZ_SESSION_FILE);
  const profilePath = join(azureConfigDir, AZ_PROFILE_FILE);

  const routes: Route[] = [
    ...controlRoutes(),
    ...entraRoutes(),
    ...githubOidcRoutes(),
    ...imdsRoutes(),
    ...azureCliRoutes(),
    ...openaiRoutes(),
    ...githubApiRoutes(),
  ];

  const state: EmulatorState = {
    config,
    httpUrl: '',
    authorityHost: '',
    githubSigner: new JwtSigner(),
    entraSigner: new JwtSigner(),
    faults,
    lifecycle,
    requests,
    reset() {
      requests.length = 0;
      faults.clear();
      replaceConfig(config, startConfig);
      state.azLogout();
    },
    env() {
      return {
        ACTIONS_ID_TOKEN_REQUEST_URL: `${state.httpUrl}/github/oidc/token?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: config.github.requestToken,
        AZURE_AUTHORITY_HOST: state.authorityHost,
        NODE_EXTRA_CA_CERTS: CA_CERT_PATH,
        AZURE_POD_IDENTITY_AUTHORITY_HOST: state.httpUrl,
        AZURE_CONFIG_DIR: azureConfigDir,
        AZURE_OPENAI_EMULATOR_URL: state.httpUrl,
        AZURE_OPENAI_EMULATOR_AZ_BIN_DIR: AZ_BIN_DIR,
        // GitHub Enterprise Server's shape (a path prefix), so the prefix is honoured on every run.
        GITHUB_API_URL: `${state.httpUrl}${GITHUB_API_PREFIX}`,
      };
    },
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

  const openByService = new Map<RecordedRequest['service'], number>();
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path, rawPath, query } = splitUrl(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of routes) {
      if (r.method !== '*' && r.method !== method) continue;
      match = r.path.exec(path);
      if (match) {
        route = r;
        break;
      }
    }
    const service = route?.service ?? 'unknown';
    const open = (openByService.get(service) ?? 0) + 1;
    openByService.set(service, open);
    const record: RecordedRequest = {
      service,
      method,
      path: rawPath,
      query,
      headers: { ...req.headers },
      body: undefined,
      status: 0,
      at: Date.now(),
      concurrent: open,
    };
    requests.push(record);
    res.on('close', () => {
      openByService.set(service, (openByService.get(service) ?? 1) - 1);
      record.status = res.headersSent ? res.statusCode : 0;
      options.onRequest?.(record);
    });
    const raw = await readBody(req).catch(() => Buffer.alloc(0));
    record.body = parseBody(raw, req.headers['content-type']);
    const ctx: RequestContext = { req, res, method, path, query, rawBody: raw, body: record.body, record, state };
    if (!route || !match) return resourceNotFound(ctx);
    try {
      await route.handle(ctx, match);
    } catch (err) {
      if (!res.headersSent) sendJson(ctx, 500, { error: { code: 'EmulatorError', message: (err as Error).message } });
      else res.destroy();
    }
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const httpServer = createHttpServer(onRequest);
  const httpsServer = createHttpsServer({ key: readFileSync(TLS_KEY_PATH), cert: readFileSync(CA_CERT_PATH) }, onRequest);
  const sockets = new Set<Socket>();
  for (const s of [httpServer, httpsServer] as Server[]) {
    s.on('connection', (sock: Socket) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
  }

  let httpPort: number;
  let httpsPort: number;
  try {
    httpPort = await listen(httpServer, options.port ?? 0);
    httpsPort = await listen(httpsServer, options.httpsPort ?? 0);
  } catch (err) {
    httpServer.close();
    httpsServer.close();
    rmSync(azureConfigDir, { recursive: true, force: true });
    throw err;
  }
  state.httpUrl = `http://127.0.0.1:${httpPort}`;
  state.authorityHost = `https://127.0.0.1:${httpsPort}`;

  let stopping: Promise<void> | undefined;
  const emulator: Emulator = {
    httpUrl: state.httpUrl,
    authorityHost: state.authorityHost,
    caCertPath: CA_CERT_PATH,
    azBinDir: AZ_BIN_DIR,
    azureConfigDir,
    config,
    requests,
    count: (service) => requests.filter((r) => r.service === service).length,
    deploymentCalls: (deployment, host) =>
      requests.filter(
        (r) => r.service === 'openai' && requestedDeployment(r) === deployment && (host === undefined || requestHost(r) === host),
      ).length,
    injectFaults: (service, list) => faults.push(service, list),
    azLogin: (session) => state.azLogin(session),
    azLogout: () => state.azLogout(),
    env: () => state.env(),
    mintGithubIdToken: (claims) => state.mintGithubIdToken(claims),
    mintAccessToken: (claims) => state.mintAccessToken(claims),
    issuedTokens: () => [...state.githubSigner.issued, ...state.entraSigner.issued],
    reset: () => state.reset(),
    stop() {
      stopping ??= (async () => {
        lifecycle.stop(); // wakes every delay/stall
        const closed = Promise.all(
          [httpServer, httpsServer].map((s) => new Promise<void>((resolve) => (s as Server).close(() => resolve()))),
        );
        httpServer.closeAllConnections();
        httpsServer.closeAllConnections();
        for (const sock of sockets) sock.destroy();
        await closed;
        rmSync(azureConfigDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  return emulator;
}
