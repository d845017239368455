/** The action's entry point: the runner executes the bundle of this file. */
import { run } from './main.ts';

await run();
const [{ endLingeringRequests }, core] = await Promise.all([import('./exit-watchdog.ts'), import('@actions/core')]);
endLingeringRequests(core.warning);
