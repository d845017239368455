/**
 * The Azure CLI profile azure/login leaves for later steps (azureProfile.json
 * in AZURE_CONFIG_DIR, else ~/.azure): its default account names who signed
 * in. A service principal's client id and tenant let this action federate a
 * fresh GitHub ID token itself instead of asking the CLI, whose stored one
 * expires minutes after login. Read from nowhere else, capped, and trusted
 * only for ids of the right shape (Entra decides the rest).
 */
import { readCappedFile } from '../bounded-file.ts';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A profile listing even hundreds of subscriptions stays far below this. */
export const CLI_PROFILE_MAX_BYTES = 1024 * 1024;
const PROFILE_FILE = 'azureProfile.json';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CliSession {
  /** The default account's user type: servicePrincipal, user, or what the file says. */
  userType: string;
  /** For a service principal, its client id (the CLI's `user.name`); present only when it is a GUID. */
  clientId?: string;
  /** The default account's tenant; present only when it is a GUID. */
  tenantId?: string;
  /** When the profile was last written (az login writes it): ms since the epoch. */
  writtenAtMs?: number;
  /** Where it was read. */
  path: string;
}

export function cliProfilePath(env: Record<string, string | undefined>): string {
  return join(env.AZURE_CONFIG_DIR || join(homedir(), '.azure'), PROFILE_FILE);
}

/** The session azure/login left, or undefined when there is no profile (or it is unreadable, too large, or has no default account). */
export function readCliSession(env: Record<string, string | undefined>, debug: (message: string) => void): Promise<CliSession | undefined> {
  const path = cliProfilePath(env);
  let read;
  try {
    read = readCappedFile(path, CLI_PROFILE_MAX_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') debug(`Ignoring ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return Promise.resolve(undefined);
  }
  const session = parseCliProfile(read.bytes.toString('utf8'));
  return Promise.resolve(session ? { ...session, writtenAtMs: read.stat.mtimeMs, path } : undefined);
}

/** The default account of a profile's text (a leading BOM allowed, as the CLI writes one). Pure. */
export function parseCliProfile(text: string): Omit<CliSession, 'path' | 'writtenAtMs'> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const subscriptions = (parsed as { subscriptions?: unknown } | null)?.subscriptions;
  if (!Array.isArray(subscriptions)) return undefined;
  const account = subscriptions.find((s: unknown) => (s as { isDefault?: unknown } | null)?.isDefault === true) as
    { user?: { name?: unknown; type?: unknown }; tenantId?: unknown } | undefined;
  if (!account || typeof account.user?.type !== 'string') return undefined;
  const userType = account.user.type;
  const name = account.user.name;
  const tenant = account.tenantId;
  return {
    userType,
    ...(userType === 'servicePrincipal' && typeof name === 'string' && GUID.test(name) ? { clientId: name } : {}),
    ...(typeof tenant === 'string' && GUID.test(tenant) ? { tenantId: tenant } : {}),
  };
}
