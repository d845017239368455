/**
 * What the bundle gives `@actions/core` for `@actions/exec` (tsconfig.json
 * `paths`, which ncc follows): the real module, loaded on the first call.
 *
 * Why: `@actions/core` imports it only for `platform.getDetails()`, which this
 * action never calls, and its tool runner loads child_process at the top.
 * The relative path reaches the real module: the bare name is mapped to this
 * file, and the package exports no deeper path.
 */
import type * as Exec from '../../node_modules/@actions/exec/lib/exec.js';

const load = (): Promise<typeof Exec> => import('../../node_modules/@actions/exec/lib/exec.js');

export const exec: typeof Exec.exec = async (...args) => (await load()).exec(...args);

export const getExecOutput: typeof Exec.getExecOutput = async (...args) => (await load()).getExecOutput(...args);
