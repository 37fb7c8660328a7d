import type { CaseActionKind } from '../../domain/special-measures/case-actions.ts';
import { INTERVENTION_KINDS, INTERVENTION_LABELS, type InterventionKind } from '../../domain/special-measures/interventions.ts';
import type { FormError } from '../routes/web/form-errors.ts';

// An action form's fields as the input CaseActionSchema checks. The form is flat (one name per field, ids the
// same as names) so it works without JavaScript; the plan's objectives, milestones, consequences and support
// come as a fixed number of rows, and rows left empty are dropped. A problem the domain reports by path
// (plan.objectives[1].milestones[0].owner) is mapped back to the row the person typed it in.

/** The plan form's repeatable rows. */
export const PLAN_ROWS = { objectives: 5, milestones: 4, consequences: 4, support: 4 } as const;

/** A submitted form: each field one value, or several for checkboxes. */
export type FormFields = Readonly<Record<string, string | readonly string[]>>;

/** The string fields of a form body; anything else (a JSON body sent to a form route) is left out. */
export function formFields(body: unknown): FormFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const fields: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value)) fields[name] = value.filter((item): item is string => typeof item === 'string');
  }
  return fields;
}

function text(fields: FormFields, id: string): string {
  const value = fields[id];
  return typeof value === 'string' ? value : (value?.[0] ?? '');
}

function list(fields: FormFields, id: string): string[] {
  const value = fields[id];
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** Codes typed into one box: separated by commas, spaces or new lines. */
function codes(fields: FormFields, id: string): string[] {
  return text(fields, id)
    .split(/[\s,]+/)
    .filter((code) => code !== '');
}

const blank = (...values: readonly string[]): boolean => values.every((value) => value.trim() === '');

export const milestoneId = (objective: number, milestone: number, field: string): string => `plan-objective-${String(objective)}-milestone-${String(milestone)}-${field}`;
export const interventionField = (kind: InterventionKind, field: string): string => `intervention-${kind}-${field}`;

/** Where each kept row came from: the domain's index → the form's row. */
interface RowMap {
  objectives: number[];
  milestones: number[][];
  consequences: number[];
  support: number[];
}

function planFromForm(fields: FormFields, rows: RowMap, problems: FormError[]) {
  const objectives = [];
  for (let o = 0; o < PLAN_ROWS.objectives; o++) {
    const milestones = [];
    const kept: number[] = [];
    for (let m = 0; m < PLAN_ROWS.milestones; m++) {
      const [description, owner, dueOn] = (['description', 'owner', 'dueOn'] as const).map((field) => text(fields, milestoneId(o, m, field)));
      if (blank(description ?? '', owner ?? '', dueOn ?? '')) continue;
      const id = text(fields, milestoneId(o, m, 'id')).trim();
      milestones.push({ id: id === '' ? `${String(o + 1)}.${String(m + 1)}` : id, description, owner, dueOn });
      kept.push(m);
    }
    const title = text(fields, `plan-objective-${String(o)}-title`);
    const indicators = codes(fields, `plan-objective-${String(o)}-indicators`);
    if (milestones.length === 0 && blank(title) && indicators.length === 0) continue;
    objectives.push({ title, milestones, indicators });
    rows.objectives.push(o);
    rows.milestones.push(kept);
  }
  const consequences = [];
  for (let c = 0; c < PLAN_ROWS.consequences; c++) {
    const stage = text(fields, `plan-consequence-${String(c)}-stage`);
    const consequence = text(fields, `plan-consequence-${String(c)}-consequence`);
    if (blank(stage, consequence)) continue;
    consequences.push({ stage, consequence });
    rows.consequences.push(c);
  }
  const support = [];
  for (let s = 0; s < PLAN_ROWS.support; s++) {
    const kind = text(fields, `plan-support-${String(s)}-kind`);
    const description = text(fields, `plan-support-${String(s)}-description`);
    const organisationCode = text(fields, `plan-support-${String(s)}-organisationCode`).trim();
    if (blank(kind, description, organisationCode)) continue;
    if (blank(kind)) problems.push({ text: `Support ${String(s + 1)}: choose the kind of support`, href: `#plan-support-${String(s)}-kind` });
    support.push({ kind, description, organisationCode: organisationCode === '' ? null : organisationCode });
    rows.support.push(s);
  }
  return { summary: text(fields, 'plan-summary'), objectives, consequences, support };
}

function interventionFromForm(fields: FormFields, problems: FormError[]): { kind: InterventionKind | null; value: Record<string, unknown> | null } {
  const chosen = text(fields, 'intervention-kind');
  const kind = INTERVENTION_KINDS.find((candidate) => candidate === chosen) ?? null;
  if (kind === null) {
    problems.push({ text: 'Choose the kind of intervention', href: '#intervention-kind' });
    return { kind, value: null };
  }
  const field = (name: string) => text(fields, interventionField(kind, name));
  const summary = text(fields, 'intervention-summary');
  switch (kind) {
    case 'legal-directions':
      return { kind, value: { kind, directionId: field('directionId'), summary } };
    case 'change-of-leadership':
      return { kind, value: { kind, posts: field('posts').split(/\r?\n/).filter((post) => post.trim() !== ''), summary } };
    case 'transfer-of-functions':
      return { kind, value: { kind, functions: list(fields, interventionField(kind, 'functions')), toBodyCode: field('toBodyCode'), from: field('from'), until: blank(field('until')) ? null : field('until'), summary } };
    case 'shared-management':
      return { kind, value: { kind, partnerCode: field('partnerCode'), from: field('from'), summary } };
    case 'merger':
      return { kind, value: { kind, partnerCodes: codes(fields, interventionField(kind, 'partnerCodes')), successorCode: field('successorCode'), effectiveOn: field('effectiveOn'), summary } };
    case 'dissolution':
      return { kind, value: { kind, successorCode: field('successorCode'), effectiveOn: field('effectiveOn'), summary } };
  }
}

function wholeNumber(raw: string, id: string, what: string, problems: FormError[]): number | null {
  if (/^\s*\d+\s*$/.test(raw)) return Number(raw);
  problems.push({ text: `${what}: enter a whole number`, href: `#${id}` });
  return null;
}

export interface ReadActionForm {
  /** The action as the service takes it. */
  readonly input: Record<string, unknown>;
  /** Problems found reading the form itself (a choice not made, a number not a number): the service is not asked. */
  readonly problems: readonly FormError[];
  /** The form field a problem's path (plan.objectives[0].title) is about. */
  readonly fieldOf: (path: string) => string;
}

function pathParts(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] === undefined ? (match[1] ?? '') : Number(match[2])));
}

function planField(parts: readonly (string | number)[], rows: RowMap): string {
  const [, list, index, field, milestoneIndex, milestoneField] = parts;
  const row = (map: readonly number[]) => (typeof index === 'number' ? (map[index] ?? 0) : 0);
  switch (list) {
    case 'objectives': {
      const o = row(rows.objectives);
      if (field === 'milestones') {
        const kept = typeof index === 'number' ? (rows.milestones[index] ?? []) : [];
        const m = typeof milestoneIndex === 'number' ? (kept[milestoneIndex] ?? 0) : 0;
        return milestoneId(o, m, typeof milestoneField === 'string' ? milestoneField : 'description');
      }
      return `plan-objective-${String(o)}-${field === 'indicators' ? 'indicators' : 'title'}`;
    }
    case 'consequences':
      return `plan-consequence-${String(row(rows.consequences))}-${field === 'consequence' ? 'consequence' : 'stage'}`;
    case 'support':
      return `plan-support-${String(row(rows.support))}-${typeof field === 'string' ? field : 'kind'}`;
    default:
      return 'plan-summary';
  }
}

/** Reads the form of one action kind. */
export function readActionForm(kind: CaseActionKind, fields: FormFields): ReadActionForm {
  const problems: FormError[] = [];
  const rows: RowMap = { objectives: [], milestones: [], consequences: [], support: [] };
  let interventionKind: InterventionKind | null = null;
  const input: Record<string, unknown> = { kind, reason: text(fields, 'reason') };
  switch (kind) {
    case 'approve-entry': {
      const basis = text(fields, 'basis');
      if (basis === '') problems.push({ text: 'Choose whether the CCG agreed to enter special measures', href: '#basis' });
      input['basis'] = basis;
      break;
    }
    case 'commission-external-review':
      input['reviewer'] = text(fields, 'reviewer');
      break;
    case 'record-review-findings':
      input['findings'] = { capacity: text(fields, 'findings-capacity'), capability: text(fields, 'findings-capability'), governance: text(fields, 'findings-governance') };
      break;
    case 'appoint-improvement-director':
      input['directorName'] = text(fields, 'directorName');
      input['programmeManagement'] = text(fields, 'programmeManagement');
      break;
    case 'submit-plan':
      input['plan'] = planFromForm(fields, rows, problems);
      break;
    case 'submit-progress-report':
      input['periodEnd'] = text(fields, 'periodEnd');
      input['summary'] = text(fields, 'summary');
      input['completedMilestones'] = list(fields, 'completedMilestones');
      break;
    case 'assess-progress-report': {
      const rating = text(fields, 'rating');
      if (rating === '') problems.push({ text: 'Choose how the report shows progress', href: '#rating' });
      if (text(fields, 'reportNumber') === '') problems.push({ text: 'Choose the report you are assessing', href: '#reportNumber' });
      else input['reportNumber'] = wholeNumber(text(fields, 'reportNumber'), 'reportNumber', 'Report', problems);
      input['rating'] = rating;
      break;
    }
    case 'extend':
      input['months'] = wholeNumber(text(fields, 'months'), 'months', 'Months', problems);
      break;
    case 'decide-intervention': {
      const intervention = interventionFromForm(fields, problems);
      interventionKind = intervention.kind;
      input['intervention'] = intervention.value;
      break;
    }
    case 'decline-proposal':
    case 'return-plan':
    case 'approve-plan':
    case 'start-implementation':
    case 'begin-deadline-review':
    case 'continue-implementation':
    case 'exit':
    case 'escalate':
    case 'close-as-intervened':
      break;
  }
  const fieldOf = (path: string): string => {
    const parts = pathParts(path);
    const [head, second] = parts;
    if (head === 'plan') return planField(parts, rows);
    if (head === 'findings') return `findings-${typeof second === 'string' ? second : 'capacity'}`;
    if (head === 'intervention') {
      if (interventionKind === null || second === 'kind' || typeof second !== 'string') return 'intervention-kind';
      return second === 'summary' ? 'intervention-summary' : interventionField(interventionKind, second);
    }
    return typeof head === 'string' && head !== '' && head !== 'kind' ? head : 'reason';
  };
  return { input, problems, fieldOf };
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  reason: 'Reason',
  basis: 'Basis of entry',
  reviewer: 'Reviewer',
  'findings-capacity': 'Findings on capacity',
  'findings-capability': 'Findings on capability',
  'findings-governance': 'Findings on governance',
  directorName: 'Improvement director',
  programmeManagement: 'Programme management support',
  'plan-summary': 'Plan summary',
  periodEnd: 'Last day the report covers',
  summary: 'Summary of progress',
  completedMilestones: 'Milestones completed',
  reportNumber: 'Report',
  rating: 'Assessment',
  months: 'Months',
  'intervention-kind': 'Kind of intervention',
  'intervention-summary': 'Summary of the decision',
};

const PART_LABELS: Readonly<Record<string, string>> = {
  id: 'reference',
  description: 'description',
  owner: 'owner',
  dueOn: 'due date',
  title: 'title',
  indicators: 'indicator codes',
  stage: 'stage',
  consequence: 'consequence',
  kind: 'kind',
  organisationCode: 'organisation code',
  directionId: 'direction reference',
  posts: 'posts',
  functions: 'functions',
  toBodyCode: 'body taking the functions',
  from: 'start date',
  until: 'end date',
  partnerCode: 'partner CCG',
  partnerCodes: 'CCGs merging',
  successorCode: 'successor',
  effectiveOn: 'date it takes effect',
};

const part = (name: string): string => PART_LABELS[name] ?? name;

/** The words for a form field, for the error summary: "Objective 2, milestone 1: owner". */
export function fieldLabel(id: string): string {
  const fixed = FIELD_LABELS[id];
  if (fixed !== undefined) return fixed;
  const milestone = /^plan-objective-(\d+)-milestone-(\d+)-(\w+)$/.exec(id);
  if (milestone !== null) return `Objective ${String(Number(milestone[1]) + 1)}, milestone ${String(Number(milestone[2]) + 1)}: ${part(milestone[3] ?? '')}`;
  const row = /^plan-(objective|consequence|support)-(\d+)-(\w+)$/.exec(id);
  if (row !== null) return `${row[1] === 'objective' ? 'Objective' : row[1] === 'consequence' ? 'Consequence' : 'Support'} ${String(Number(row[2]) + 1)}: ${part(row[3] ?? '')}`;
  const intervention = /^intervention-([a-z-]+)-(\w+)$/.exec(id);
  const kind = INTERVENTION_KINDS.find((candidate) => candidate === intervention?.[1]);
  if (kind !== undefined) return `${INTERVENTION_LABELS[kind]}: ${part(intervention?.[2] ?? '')}`;
  return id;
}

/** The service's problems as error-summary entries, each linking to the field the person filled in. */
export function actionFormErrors(read: ReadActionForm, problems: readonly { readonly field?: string; readonly message: string }[]): FormError[] {
  return problems.map((problem) => {
    const id = read.fieldOf(problem.field ?? '');
    return { text: `${fieldLabel(id)}: ${problem.message}`, href: `#${id}` };
  });
}
