/**
 * A recording of the replay suite (recordings/*.json): an answer nobody on this project wrote, naming its
 * source (repository, path, commit) and which part is real, served verbatim by the emulator (a `recorded`
 * fault) to the first request of its service, or of the route `when` names.
 */
import { readFileSync } from 'node:fs';
import type { Fault, FaultService, FaultTarget } from '../../emulator/index.ts';

export interface Recording {
  source: { repository: string; path: string; commit: string | null; real: string };
  service?: FaultService;
  /** The GitHub route it answers (github-api recordings). */
  when?: FaultTarget;
  route?: 'chat' | 'responses';
  stream?: boolean;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  events?: string[];
}

export function recording(name: string): Recording {
  return JSON.parse(readFileSync(new URL(`recordings/${name}.json`, import.meta.url), 'utf8')) as Recording;
}

/** The recorded body as the service sent it: the events joined, the text, or the JSON. */
function recordedBody(r: Recording): string {
  if (r.events) return r.events.join('');
  if (r.bodyText !== undefined) return r.bodyText;
  return JSON.stringify(r.body);
}

/** The `recorded` fault that serves it. */
export function recordedFault(r: Recording): Fault {
  return { kind: 'recorded', status: r.status, headers: r.headers, body: recordedBody(r), ...(r.when ? { when: r.when } : {}) };
}
