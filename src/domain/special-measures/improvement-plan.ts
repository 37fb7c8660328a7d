import { z } from 'zod';
import { IndicatorCode } from '../frameworks/schema-basics.ts';
import { CalendarDate, OrganisationCode, Text } from './schema-parts.ts';

// An improvement plan as the CCG submits it: objectives with milestones (owner and date), what happens at
// each stage if it fails to deliver, and where support comes from (a buddy CCG, expert input, programme
// management). Milestones carry ids so progress reports can say which are done.

export const Milestone = z.strictObject({
  id: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/, 'must be a short reference of letters, digits, dots and hyphens (for example M1 or 2.3)'),
  description: Text,
  owner: Text,
  dueOn: CalendarDate,
});
export type Milestone = z.infer<typeof Milestone>;

export const Objective = z.strictObject({
  title: Text,
  milestones: z.array(Milestone).min(1, 'add at least one milestone'),
  /** Indicators whose run charts show whether the objective is being met. */
  indicators: z.array(IndicatorCode).default([]),
});
export type Objective = z.infer<typeof Objective>;

/** The consequence if the plan fails to deliver by a stage ("by month 6: the committee considers directions"). */
export const Consequence = z.strictObject({ stage: Text, consequence: Text });

export const SUPPORT_KINDS = ['buddy-ccg', 'expert-input', 'programme-management', 'other'] as const;

export const Support = z
  .strictObject({
    kind: z.enum(SUPPORT_KINDS),
    description: Text,
    /** The buddy CCG (required for buddy-ccg). */
    organisationCode: OrganisationCode.nullable().default(null),
  })
  .refine((support) => support.kind !== 'buddy-ccg' || support.organisationCode !== null, { message: 'a buddy CCG needs its organisation code', path: ['organisationCode'] });
export type Support = z.infer<typeof Support>;

export const ImprovementPlanSchema = z
  .strictObject({
    /** What the public register shows once published. */
    summary: Text,
    objectives: z.array(Objective).min(1, 'add at least one objective'),
    consequences: z.array(Consequence).min(1, 'say what happens at each stage if the plan fails to deliver'),
    support: z.array(Support).min(1, 'name at least one source of support'),
  })
  .superRefine((plan, context) => {
    const seen = new Set<string>();
    plan.objectives.forEach((objective, objectiveIndex) => {
      objective.milestones.forEach((milestone, milestoneIndex) => {
        if (seen.has(milestone.id)) context.addIssue({ code: 'custom', path: ['objectives', objectiveIndex, 'milestones', milestoneIndex, 'id'], message: `milestone ${milestone.id} appears twice` });
        seen.add(milestone.id);
      });
    });
  });
export type ImprovementPlan = z.infer<typeof ImprovementPlanSchema>;

/** Every milestone of a plan, in plan order. */
export function milestonesOf(plan: ImprovementPlan): Milestone[] {
  return plan.objectives.flatMap((objective) => objective.milestones);
}
