/** The run's one identity, with the runner's ID token fetcher; each token is held as a secret the moment it arrives. */
import type { Config } from '../config.ts';
import { type Authenticated, authenticate } from './authenticate.ts';
import { runnerIdTokenFetcher } from './runner-id-token.ts';

export function signIn(
  config: Config,
  env: Record<string, string | undefined>,
  canMintOidc: boolean,
  log: { setSecret: (secret: string) => void; info: (message: string) => void; debug: (message: string) => void },
): Promise<Authenticated> {
  const fetchIdToken = runnerIdTokenFetcher(env);
  return authenticate(config, {
    env,
    canMintOidc,
    getIdToken: async (audience) => {
      const idToken = await fetchIdToken(audience);
      log.setSecret(idToken);
      return idToken;
    },
    setSecret: log.setSecret,
    info: log.info,
    debug: log.debug,
  });
}
