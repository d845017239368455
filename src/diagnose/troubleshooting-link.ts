/**
 * Ends every diagnosis with a link to its heading in docs/troubleshooting.md,
 * where the cause and fix are told at more length than an annotation allows.
 * The heading is the diagnosis's topic (failure-topics.ts), carried as data
 * from where the failure was worded, never read back from the wording.
 */
import { type Diagnosis, TOPICS } from '../failure-topics.ts';

/** The one place the repository's address is written: the v1 tag's docs match the v1 action a user runs. */
export const TROUBLESHOOTING_URL =
  'https://github.com/azure-openai-keyless-action/azure-openai-keyless-action/blob/v1/docs/troubleshooting.md';

export function withTroubleshootingLink(diagnosis: Diagnosis): string {
  return `${diagnosis.text}\nSee ${TROUBLESHOOTING_URL}#${TOPICS[diagnosis.topic]}`;
}
