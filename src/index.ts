/** The action's entry point: the runner executes the bundle of this file. */
import * as core from '@actions/core';
import { routeConsole } from './console-route.ts';
import { run } from './main.ts';
import { logText } from './secrets.ts';

// A library's console output is a service's text as often as not: it reaches the log only scrubbed, as debug.
routeConsole((message) => core.debug(logText(`A library wrote: ${message}`)));
await run();
const { endLingeringRequests } = await import('./exit-watchdog.ts');
endLingeringRequests(core.warning);
