import { z } from 'zod';
import { parseWith, type Parsed } from './config-problems.ts';
import { WholeNumber } from './schema-parts.ts';

// The special-measures timetable as data. A case keeps the settings it was opened under, so a later change
// of policy never moves the deadlines of a case already running.

export const CaseSettingsSchema = z
  .strictObject({
    /** Entry to the deadline review: "about 12 months" for CCGs, the trusts' intended maximum stay. */
    specialMeasuresMonths: WholeNumber.min(1).max(60).default(12),
    /** The improvement plan is due this many weeks after entry (2017 directions asked for 4 to 6). */
    planDueWeeks: WholeNumber.min(1).max(52).default(6),
    /** The external review of capacity, capability and governance reports within this many months of entry (directions: 3). */
    externalReviewDueMonths: WholeNumber.min(1).max(24).default(3),
    /** Progress reports fall due every this many months from the plan's approval. */
    progressReportEveryMonths: WholeNumber.min(1).max(12).default(1),
    /** How many times the deadline may be extended: once, as for trusts, unless configured otherwise. */
    maxExtensions: WholeNumber.min(0).max(10).default(1),
    /** The longest single extension, in months (trusts: normally 6). */
    longestExtensionMonths: WholeNumber.min(1).max(24).default(6),
    /** A CCG's due date (plan, progress report) that falls on a weekend or bank holiday moves to the next working day. */
    dueDatesOnWorkingDays: z.boolean().default(true),
  })
  .prefault({});
export type CaseSettings = z.infer<typeof CaseSettingsSchema>;

export const DEFAULT_CASE_SETTINGS: CaseSettings = CaseSettingsSchema.parse(undefined);

/** Case settings from configuration (missing fields take their defaults), or every problem by field. */
export function parseCaseSettings(input: unknown): Parsed<CaseSettings> {
  return parseWith(CaseSettingsSchema, input);
}
