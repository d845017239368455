/**
 * The review a deployment is asked for with `comment: review`: a summary and
 * findings, each on a line or range of one side of the diff. Sent as a strict
 * JSON schema (structured outputs on both APIs), so every property is
 * required and none is added; the answer is checked against it like any
 * schema (judge/json-answer.ts) before it is read here. Pure.
 */
import type { JsonSchemaSpec, ResponseFormat } from '../model-call.ts';

export const SEVERITIES = ['critical', 'major', 'minor', 'nit'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Side = 'LEFT' | 'RIGHT';

export interface Finding {
  path: string;
  line: number;
  start_line: number | null;
  side: Side;
  severity: Severity;
  body: string;
  suggestion: string | null;
}

export interface ReviewAnswer {
  summary: string;
  findings: Finding[];
}

const FINDING_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'line', 'start_line', 'side', 'severity', 'body', 'suggestion'],
  properties: {
    path: { type: 'string', description: 'The file path exactly as the diff names it.' },
    line: { type: 'integer', description: 'The line number as the diff shows it, on the side given.' },
    start_line: {
      type: ['integer', 'null'],
      description: 'The first line of a range within the same hunk and side, or null for one line.',
    },
    side: { type: 'string', enum: ['LEFT', 'RIGHT'], description: 'LEFT for a deleted (L) line, RIGHT otherwise.' },
    severity: { type: 'string', enum: [...SEVERITIES] },
    body: { type: 'string', description: 'The comment, in Markdown.' },
    suggestion: {
      type: ['string', 'null'],
      description: 'The replacement text for the RIGHT-side line or range, without diff signs or numbers; or null.',
    },
  },
} as const;

const REVIEW_SCHEMA: JsonSchemaSpec = {
  name: 'pull_request_review',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'findings'],
    properties: {
      summary: { type: 'string', description: 'The review in a few sentences, in Markdown.' },
      findings: { type: 'array', items: FINDING_SCHEMA },
    },
  },
  source: 'comment: review',
  input: 'comment',
};

export const REVIEW_FORMAT: ResponseFormat = { type: 'json_schema', schema: REVIEW_SCHEMA };

const RANK: Record<Severity, number> = { critical: 0, major: 1, minor: 2, nit: 3 };

/** Most severe first; findings of one severity keep the model's order. */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, order) => ({ finding, order }))
    .sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.order - b.order)
    .map(({ finding }) => finding);
}
