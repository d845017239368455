/**
 * What a diagnosis may say about the run itself: its event (read once, when
 * the run starts) and who triggered it. Immutable: fixed before any step runs.
 */
import { type EventFacts, readEventFacts } from './event.ts';

export interface RunFacts {
  readonly event: Readonly<EventFacts>;
  /** GITHUB_ACTOR: Dependabot's runs get no OIDC token. */
  readonly actor: string | undefined;
}

/** Never throws: an event file that cannot be made sense of leaves the facts the environment gives. */
export function readRunFacts(env: Record<string, string | undefined>): RunFacts {
  let event: EventFacts;
  try {
    event = readEventFacts(env);
  } catch {
    event = readEventFacts({ ...env, GITHUB_EVENT_PATH: undefined });
  }
  return { event, actor: env.GITHUB_ACTOR };
}
