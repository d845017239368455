/** The run's log, outputs and masks, each text scrubbed of the secrets held before it is written (secrets.ts). */
import * as core from '@actions/core';
import { logText, scrub } from './secrets.ts';

export interface RunLog {
  info: (message: string) => void;
  debug: (message: string) => void;
  warning: (message: string) => void;
  notice: (message: string) => void;
  setOutput: (name: string, value: string) => void;
  /** Holds and masks a secret the moment it is obtained, before any work uses it. */
  setSecret: (secret: string) => void;
}

export function runLog(setSecret: (secret: string) => void): RunLog {
  return {
    info: (message) => core.info(logText(message)),
    debug: (message) => core.debug(scrub(message)),
    warning: (message) => core.warning(scrub(message)),
    notice: (message) => core.notice(scrub(message)),
    setOutput: (name, value) => core.setOutput(name, scrub(value)),
    setSecret,
  };
}
