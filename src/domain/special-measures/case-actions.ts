import { z } from 'zod';
import { ENTRY_BASES, REPORT_ASSESSMENTS } from './case-record.ts';
import { ImprovementPlanSchema } from './improvement-plan.ts';
import { InterventionSchema } from './interventions.ts';
import { CalendarDate, Text, WholeNumber } from './schema-parts.ts';

// Every action on a case, with the fields it needs. Every action gives a reason: the audit trail records why as
// well as who and when. The schemas are what a form, an API body or a CLI flag set is checked against.

const Reason = Text.describe('why this is being done');

export const CaseActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('approve-entry'), reason: Reason, basis: z.enum(ENTRY_BASES) }),
  z.strictObject({ kind: z.literal('decline-proposal'), reason: Reason }),
  z.strictObject({ kind: z.literal('commission-external-review'), reason: Reason, reviewer: Text }),
  z.strictObject({
    kind: z.literal('record-review-findings'),
    reason: Reason,
    findings: z.strictObject({ capacity: Text, capability: Text, governance: Text }),
  }),
  z.strictObject({ kind: z.literal('appoint-improvement-director'), reason: Reason, directorName: Text, programmeManagement: Text }),
  z.strictObject({ kind: z.literal('submit-plan'), reason: Reason, plan: ImprovementPlanSchema }),
  z.strictObject({ kind: z.literal('return-plan'), reason: Reason }),
  z.strictObject({ kind: z.literal('approve-plan'), reason: Reason }),
  z.strictObject({ kind: z.literal('start-implementation'), reason: Reason }),
  z.strictObject({
    kind: z.literal('submit-progress-report'),
    reason: Reason,
    periodEnd: CalendarDate,
    summary: Text,
    completedMilestones: z.array(z.string().trim().min(1)).default([]),
  }),
  z.strictObject({ kind: z.literal('assess-progress-report'), reason: Reason, reportNumber: WholeNumber.min(1), rating: z.enum(REPORT_ASSESSMENTS) }),
  z.strictObject({ kind: z.literal('begin-deadline-review'), reason: Reason }),
  z.strictObject({ kind: z.literal('continue-implementation'), reason: Reason }),
  z.strictObject({ kind: z.literal('exit'), reason: Reason }),
  z.strictObject({ kind: z.literal('extend'), reason: Reason, months: WholeNumber.min(1, 'must be at least 1') }),
  z.strictObject({ kind: z.literal('escalate'), reason: Reason }),
  z.strictObject({ kind: z.literal('decide-intervention'), reason: Reason, intervention: InterventionSchema }),
  z.strictObject({ kind: z.literal('close-as-intervened'), reason: Reason }),
]);
export type CaseAction = z.infer<typeof CaseActionSchema>;
/** What a caller writes: defaults (such as no completed milestones) may be left out. */
export type CaseActionInput = z.input<typeof CaseActionSchema>;
export type CaseActionKind = CaseAction['kind'];

export const CASE_ACTION_KINDS = CaseActionSchema.options.map((option) => option.shape.kind.value) as readonly CaseActionKind[];

/** For input that bypassed the types (a form, a JSON body): whether the text names an action. */
export function isCaseActionKind(text: string): text is CaseActionKind {
  return (CASE_ACTION_KINDS as readonly string[]).includes(text);
}
