import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { CaseActionKind } from '../../domain/special-measures/case-actions.ts';
import { approvedPlan, ENTRY_BASES, REPORT_ASSESSMENTS, type SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { TRANSITIONS } from '../../domain/special-measures/case-transitions.ts';
import { COMMISSIONING_FUNCTION_LABELS, COMMISSIONING_FUNCTIONS } from '../../domain/special-measures/commissioning-functions.ts';
import { type ImprovementPlan, milestonesOf, SUPPORT_KINDS } from '../../domain/special-measures/improvement-plan.ts';
import { INTERVENTION_KINDS, INTERVENTION_LABELS } from '../../domain/special-measures/interventions.ts';
import type { CaseDetail } from '../../services/special-measures/cases.ts';
import { type FormFields, interventionField, milestoneId, PLAN_ROWS } from './case-action-fields.ts';
import { ENTRY_BASIS_LABELS, REPORT_ASSESSMENT_LABELS, SUPPORT_LABELS } from './case-labels.ts';

// What an action's form offers: its choices (marked chosen from the values given), and the values it starts
// with. A plan form starts from the latest plan submitted (so a returned plan is changed, not retyped) or, for
// a first plan, with the best buddy CCG Assure suggests as its first source of support.

interface Choice {
  readonly value: string;
  readonly text: string;
  readonly hint?: { readonly text: string };
}

function valueOf(values: FormFields, id: string): string {
  const value = values[id];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

function chosen(values: FormFields, id: string): readonly string[] {
  const value = values[id];
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** Radio or checkbox items, each checked when the values chose it. */
function items(choices: readonly Choice[], values: FormFields, id: string) {
  const picked = chosen(values, id);
  return choices.map((choice) => ({ ...choice, checked: picked.includes(choice.value) }));
}

function selectItems(choices: readonly Choice[], values: FormFields, id: string) {
  const picked = valueOf(values, id);
  const known = choices.some((choice) => choice.value === picked);
  // A code typed through another route (the API) still shows as chosen after a refusal.
  const all = known || picked === '' ? choices : [...choices, { value: picked, text: picked }];
  return all.map((choice) => ({ value: choice.value, text: choice.text, selected: choice.value === picked }));
}

/** The form's fields as a plan fills them: the ids are the ones readActionForm reads. */
export function planValues(plan: ImprovementPlan): Record<string, string> {
  const values: Record<string, string> = { 'plan-summary': plan.summary };
  plan.objectives.slice(0, PLAN_ROWS.objectives).forEach((objective, o) => {
    values[`plan-objective-${String(o)}-title`] = objective.title;
    values[`plan-objective-${String(o)}-indicators`] = objective.indicators.join(', ');
    objective.milestones.slice(0, PLAN_ROWS.milestones).forEach((milestone, m) => {
      values[milestoneId(o, m, 'id')] = milestone.id;
      values[milestoneId(o, m, 'description')] = milestone.description;
      values[milestoneId(o, m, 'owner')] = milestone.owner;
      values[milestoneId(o, m, 'dueOn')] = milestone.dueOn;
    });
  });
  plan.consequences.slice(0, PLAN_ROWS.consequences).forEach((entry, c) => {
    values[`plan-consequence-${String(c)}-stage`] = entry.stage;
    values[`plan-consequence-${String(c)}-consequence`] = entry.consequence;
  });
  plan.support.slice(0, PLAN_ROWS.support).forEach((entry, s) => {
    values[`plan-support-${String(s)}-kind`] = entry.kind;
    values[`plan-support-${String(s)}-description`] = entry.description;
    values[`plan-support-${String(s)}-organisationCode`] = entry.organisationCode ?? '';
  });
  return values;
}

/** The values a form starts with before anything is typed. */
export function startingValues(kind: CaseActionKind, detail: CaseDetail): FormFields {
  if (kind !== 'submit-plan') return {};
  const latest = detail.record.plans.at(-1);
  if (latest !== undefined) return planValues(latest.plan);
  const values: Record<string, string> = {};
  // Milestone references start as 1.1, 1.2 … so a CCG need not invent them; rows left without a description stay empty.
  for (let o = 0; o < PLAN_ROWS.objectives; o++) for (let m = 0; m < PLAN_ROWS.milestones; m++) values[milestoneId(o, m, 'id')] = `${String(o + 1)}.${String(m + 1)}`;
  const best = detail.buddies.suggestions[0];
  if (best !== undefined) {
    values['plan-support-0-kind'] = 'buddy-ccg';
    values['plan-support-0-organisationCode'] = best.organisationCode;
  }
  return values;
}

function planRows(detail: CaseDetail, values: FormFields) {
  const buddyChoices: Choice[] = [{ value: '', text: 'None' }, ...detail.buddies.suggestions.map((suggestion) => ({ value: suggestion.organisationCode, text: `${suggestion.organisationCode} (${suggestion.level})` }))];
  const supportKinds: Choice[] = [{ value: '', text: 'Choose the kind of support' }, ...SUPPORT_KINDS.map((kind) => ({ value: kind, text: SUPPORT_LABELS[kind] }))];
  const range = (count: number) => Array.from({ length: count }, (_, index) => index);
  return {
    objectives: range(PLAN_ROWS.objectives).map((o) => ({ index: o, number: o + 1, milestones: range(PLAN_ROWS.milestones).map((m) => ({ index: m, number: m + 1 })) })),
    consequences: range(PLAN_ROWS.consequences).map((c) => ({ index: c, number: c + 1 })),
    support: range(PLAN_ROWS.support).map((s) => ({
      index: s,
      number: s + 1,
      kindItems: selectItems(supportKinds, values, `plan-support-${String(s)}-kind`),
      buddyItems: selectItems(buddyChoices, values, `plan-support-${String(s)}-organisationCode`),
    })),
  };
}

function reportChoices(record: SpecialMeasuresCase): Choice[] {
  return record.progressReports
    .filter((report) => report.assessment === null)
    .map((report) => ({ value: String(report.number), text: `Report ${String(report.number)}, to ${longDate(report.periodEnd)}`, hint: { text: report.summary } }));
}

function milestoneChoices(record: SpecialMeasuresCase): Choice[] {
  const plan = approvedPlan(record);
  if (plan === null) return [];
  const done = new Set(record.progressReports.flatMap((report) => report.completedMilestones));
  return milestonesOf(plan.plan).map((milestone) => ({
    value: milestone.id,
    text: `${milestone.id}: ${milestone.description}`,
    hint: { text: `Owner ${milestone.owner}, due ${longDate(milestone.dueOn)}${done.has(milestone.id) ? '; already reported done' : ''}` },
  }));
}

/** Everything the action page needs for one kind, the values shown being those given (typed, or the starting ones). */
export function actionFormModel(kind: CaseActionKind, detail: CaseDetail, values: FormFields) {
  const record = detail.record;
  return {
    kind,
    label: TRANSITIONS[kind].label,
    values,
    basisItems: items(ENTRY_BASES.map((basis) => ({ value: basis, text: ENTRY_BASIS_LABELS[basis] })), values, 'basis'),
    ratingItems: items(REPORT_ASSESSMENTS.map((rating) => ({ value: rating, text: REPORT_ASSESSMENT_LABELS[rating] })), values, 'rating'),
    reportItems: items(reportChoices(record), values, 'reportNumber'),
    milestoneItems: items(milestoneChoices(record), values, 'completedMilestones'),
    plan: kind === 'submit-plan' ? planRows(detail, values) : null,
    buddies: detail.buddies.suggestions,
    extension: { longest: record.settings.longestExtensionMonths, allowed: record.settings.maxExtensions, taken: record.extensions.length },
    interventionItems: items(INTERVENTION_KINDS.map((intervention) => ({ value: intervention, text: INTERVENTION_LABELS[intervention] })), values, 'intervention-kind'),
    functionItems: items(
      COMMISSIONING_FUNCTIONS.map((name) => ({ value: name, text: COMMISSIONING_FUNCTION_LABELS[name] })),
      values,
      interventionField('transfer-of-functions', 'functions'),
    ),
  };
}
export type ActionFormModel = ReturnType<typeof actionFormModel>;
