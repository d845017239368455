/**
 * The workflow-context template variables and which of them a prompt uses.
 * Pure: deciding what to fetch is done from the placeholders alone, so a
 * prompt without context variables costs no GitHub API call.
 */

export const PULL_REQUEST_VARIABLES = [
  'pr.number',
  'pr.title',
  'pr.body',
  'pr.author',
  'pr.base',
  'pr.head',
  'pr.diff',
  'pr.files',
  'pr.commits',
] as const;
export const RANGE_VARIABLES = ['commits', 'changes'] as const;
export const RUN_VARIABLES = ['repo', 'ref', 'sha', 'event'] as const;

export type PullRequestVariable = (typeof PULL_REQUEST_VARIABLES)[number];
export type RangeVariable = (typeof RANGE_VARIABLES)[number];
export type RunVariable = (typeof RUN_VARIABLES)[number];
export type ContextVariable = PullRequestVariable | RangeVariable | RunVariable;

const ALL: ReadonlySet<string> = new Set<string>([...PULL_REQUEST_VARIABLES, ...RANGE_VARIABLES, ...RUN_VARIABLES]);

function isContextVariable(name: string): name is ContextVariable {
  return ALL.has(name);
}

/**
 * The context variables among a rendered prompt's slots: a name the user defined through `input` /
 * `file-input` was filled in when the prompt was rendered, so an explicit value wins and is not fetched.
 */
export function contextVariablesUsed(slots: Iterable<string>): Set<ContextVariable> {
  const used = new Set<ContextVariable>();
  for (const name of slots) if (isContextVariable(name)) used.add(name);
  return used;
}

export function needsPullRequest(used: ReadonlySet<ContextVariable>): boolean {
  return PULL_REQUEST_VARIABLES.some((name) => used.has(name));
}

export function needsRange(used: ReadonlySet<ContextVariable>): boolean {
  return RANGE_VARIABLES.some((name) => used.has(name));
}

/** Variables that need the GitHub API (everything except pr.number and the run facts). */
export function needsApi(used: ReadonlySet<ContextVariable>): boolean {
  return needsRange(used) || PULL_REQUEST_VARIABLES.some((name) => name !== 'pr.number' && used.has(name));
}
