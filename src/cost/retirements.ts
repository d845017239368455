/**
 * Microsoft's published retirement dates per model version, for Global
 * Standard deployments, with the replacement Microsoft suggests. Source:
 * "Azure OpenAI in Microsoft Foundry model deprecations and retirements"
 * (MicrosoftDocs/azure-ai-docs, articles/foundry/openai/includes/retirement/models.md,
 * text generation table) and Microsoft's schedule of 2026-07-07 (gpt-4o and
 * gpt-4o-mini on 2026-10-01, the gpt-4.1 family on 2026-10-14, o3 and o4-mini
 * on 2026-10-16, o3-pro on 2026-12-10, gpt-5.2 on 2026-12-12). A model the
 * table does not know gets no warning. Checked against the table on 2026-12-07. The clock is passed in. Pure.
 */
import { modelFamily } from './prices.ts';

/** Microsoft notifies at least 60 days before a GA model retires; the action warns from the same day. */
const WARN_DAYS = 60;
const DAY_MS = 86_400_000;

export interface Retirement {
  family: string;
  /** The dated version; absent: every version of the family retires that day. */
  version?: string;
  /** YYYY-MM-DD. */
  date: string;
  replacement?: string;
}

const RETIREMENT_TABLE: readonly Retirement[] = [
  { family: 'gpt-4o', date: '2026-10-01', replacement: 'gpt-5.1' },
  { family: 'gpt-4o-mini', date: '2026-10-01', replacement: 'gpt-4.1-mini' },
  { family: 'gpt-4.1', date: '2026-10-14', replacement: 'gpt-5' },
  { family: 'gpt-4.1-mini', date: '2026-10-14', replacement: 'gpt-5-mini' },
  { family: 'gpt-4.1-nano', date: '2026-10-14', replacement: 'gpt-5-nano' },
  { family: 'o1', date: '2026-07-15', replacement: 'o3' },
  { family: 'o1-pro', date: '2026-09-18', replacement: 'o3-pro' },
  { family: 'o3-mini', date: '2026-08-02', replacement: 'o4-mini' },
  { family: 'o3', date: '2026-10-16' },
  { family: 'o4-mini', date: '2026-10-16' },
  { family: 'o3-pro', date: '2026-12-10' },
  { family: 'o3-deep-research', date: '2026-12-26' },
  { family: 'codex-mini', date: '2026-11-15' },
  { family: 'gpt-5.2', date: '2026-12-12' },
  { family: 'gpt-5.2-codex', date: '2027-01-14', replacement: 'gpt-5.3-codex' },
  { family: 'gpt-5', date: '2027-02-06' },
  { family: 'gpt-5-mini', date: '2027-02-06' },
  { family: 'gpt-5-nano', date: '2027-02-06' },
  { family: 'gpt-5.3-codex', date: '2027-02-25' },
  { family: 'gpt-5.4', date: '2027-03-05' },
  { family: 'gpt-5-codex', date: '2027-03-17' },
  { family: 'gpt-5-pro', date: '2027-04-07' },
  { family: 'gpt-5.5', date: '2027-04-24' },
  { family: 'gpt-5.1', date: '2027-05-15' },
  { family: 'gpt-5.1-codex', date: '2027-05-15' },
  { family: 'gpt-5.1-codex-mini', date: '2027-05-15' },
];

export interface RetirementNotice extends Retirement {
  /** Whole days from today to the date; negative once past. */
  daysLeft: number;
}

/** The model's retirement when it is within WARN_DAYS or past; undefined for one not due or not known. */
export function retirementDue(model: string, today: Date): RetirementNotice | undefined {
  const found = lookUpRetirement(model);
  if (!found) return undefined;
  const daysLeft = Math.round((Date.parse(`${found.date}T00:00:00Z`) - startOfDay(today)) / DAY_MS);
  return daysLeft <= WARN_DAYS ? { ...found, daysLeft } : undefined;
}

export function lookUpRetirement(model: string): Retirement | undefined {
  const family = modelFamily(model);
  return RETIREMENT_TABLE.find((entry) => entry.family === family);
}

/** "o3-pro retires on 2026-12-10 (in 3 days); Microsoft suggests gpt-5.1 instead." */
export function describeRetirement(model: string, notice: RetirementNotice): string {
  const when =
    notice.daysLeft > 0
      ? `retires on ${notice.date} (in ${notice.daysLeft} day${notice.daysLeft === 1 ? '' : 's'})`
      : notice.daysLeft === 0
        ? `retires today (${notice.date})`
        : `was retired on ${notice.date}, ${-notice.daysLeft} day${notice.daysLeft === -1 ? '' : 's'} ago`;
  const instead = notice.replacement
    ? `Microsoft suggests ${notice.replacement} instead`
    : 'Microsoft names no replacement: choose a current model';
  const act = notice.daysLeft > 0 ? 'before then' : 'now';
  return `Model ${model} ${when} (Microsoft's retirement schedule); ${instead}, and move the deployment to it ${act}.`;
}

function startOfDay(today: Date): number {
  return Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
}
