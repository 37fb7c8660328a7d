import { z } from 'zod';
import { Identifier } from '../frameworks/schema-basics.ts';
import { parseWith, type Parsed } from './config-problems.ts';
import { WholeNumber } from './schema-parts.ts';

// What makes Assure propose a case, as data: which rating levels count, how long concerns must persist, how
// far off plan finances may drift, which audit findings count. Defaults follow the 2015/16 operating manual's
// triggers; the numbers in them are Assure's own starting points (the manual names no figures) and are
// expected to be set by configuration.

export const TRIGGER_KINDS = ['inadequate-rating', 'persistent-concerns', 'financial-variance', 'weak-financial-controls'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const TRIGGER_LABELS: Readonly<Record<TriggerKind, string>> = {
  'inadequate-rating': 'Published rating of inadequate',
  'persistent-concerns': 'Requires improvement with serious concerns persisting',
  'financial-variance': 'Financial performance seriously off plan',
  'weak-financial-controls': 'Weak financial controls found by audit',
};

export const CONCERN_KINDS = ['financial', 'operational', 'governance'] as const;
export type ConcernKind = (typeof CONCERN_KINDS)[number];

export const AUDIT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AuditSeverity = (typeof AUDIT_SEVERITIES)[number];

const Levels = z.array(Identifier).min(1, 'name at least one rating level (for example "inadequate")');

export const TriggerConfigSchema = z
  .strictObject({
    inadequateRating: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Rating levels (scale codes) that propose a case by themselves: 2015/16 onwards "inadequate", earlier "not-assured". */
        levels: Levels.default(['inadequate', 'not-assured']),
      })
      .prefault({}),
    persistentConcerns: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Rating levels that propose a case only with persistent serious concerns. */
        levels: Levels.default(['requires-improvement', 'limited-assurance']),
        concernKinds: z.array(z.enum(CONCERN_KINDS)).min(1, 'name at least one kind of concern').default(['financial', 'operational']),
        /** Concerns are counted per calendar month or quarter (quarters start in January, April, July, October). */
        period: z.enum(['month', 'quarter']).default('quarter'),
        /** Serious concerns must be flagged in each of this many consecutive complete periods up to the evaluation date. */
        consecutivePeriods: WholeNumber.min(1).max(36).default(2),
      })
      .prefault({}),
    financialVariance: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** The forecast outturn is worse than plan by at least this percentage of the CCG's allocation. */
        percentOfAllocation: z.number().positive('must be more than 0').max(100).default(1),
        /** In each of this many most recent financial reports. */
        consecutiveReports: WholeNumber.min(1).max(12).default(1),
      })
      .prefault({}),
    weakFinancialControls: z
      .strictObject({
        enabled: z.boolean().default(true),
        auditors: z.array(z.enum(['internal', 'external'])).min(1, 'name at least one kind of auditor').default(['internal', 'external']),
        /** Findings of this severity or worse count. */
        minimumSeverity: z.enum(AUDIT_SEVERITIES).default('high'),
        /** Unresolved findings reported within this many months before the evaluation date count. */
        withinMonths: WholeNumber.min(1).max(60).default(12),
      })
      .prefault({}),
  })
  .prefault({});
export type TriggerConfig = z.infer<typeof TriggerConfigSchema>;

export const DEFAULT_TRIGGER_CONFIG: TriggerConfig = TriggerConfigSchema.parse(undefined);

/** Trigger configuration (missing sections and fields take their defaults), or every problem by field. */
export function parseTriggerConfig(input: unknown): Parsed<TriggerConfig> {
  return parseWith(TriggerConfigSchema, input);
}
