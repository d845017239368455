/**
 * Libraries write to the console on their own: the `openai` client prints a
 * stream event named `thread.*` whose data does not parse to stderr as it
 * came, whatever its log level, and a gateway's `::stop-commands::` line
 * there would end the runner's masking for the rest of the job. Every
 * console method is routed to the one sanitising writer instead, before
 * anything else runs.
 */
import { formatWithOptions } from 'node:util';

/** A library's message is kept for the debug log, cut short: it may quote a whole hostile body. */
export const CONSOLE_MESSAGE_MAX_CHARS = 4000;

/** The console methods that print; the others (count, table, group, assert, time) print through these. */
const PRINTING = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'dirxml'] as const;

export function routeConsole(write: (message: string) => void, target: Console = console): void {
  const route = (...args: unknown[]): void => {
    const text = formatWithOptions({ colors: false, depth: 2 }, ...args);
    write(text.length > CONSOLE_MESSAGE_MAX_CHARS ? `${text.slice(0, CONSOLE_MESSAGE_MAX_CHARS)}…` : text);
  };
  for (const method of PRINTING) target[method] = route;
}
