import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASE_ACTION_KINDS } from '../../../domain/special-measures/case-actions.ts';
import { ENTRY_BASES } from '../../../domain/special-measures/case-record.ts';
import { CASE_STATES } from '../../../domain/special-measures/case-states.ts';
import { TRIGGER_KINDS } from '../../../domain/special-measures/trigger-config.ts';
import { authorize } from '../../authorize.ts';
import { csrfTokenField, uuidParam } from './request-fields.ts';

// The cases API's request and response shapes: validation, types and the OpenAPI document from one source.
// A case's record is the workflow's own plain JSON: every part is named here; the insides of the larger ones
// (plans, reports, reviews) are the domain's (src/domain/special-measures/case-record.ts).

const instant = z.string().describe('ISO 8601 instant (UTC)');
const date = z.string().describe('YYYY-MM-DD (London)');
const part = (description: string) => z.unknown().describe(description);
/** A list in a response: the services hand back the domain's readonly arrays. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const PUBLICATION_KINDS = ['reasons', 'plan-summary', 'progress-update'] as const;

export const caseIdParams = z.object({ caseId: uuidParam('a case') });
export const publicationIdParams = z.object({ caseId: uuidParam('a case'), publicationId: uuidParam('a publication') });

export const caseListQuery = z.object({
  includeClosed: z.enum(['true', 'false']).default('false').describe('true to list declined, exited and closed cases too'),
});

export const remindersQuery = z.object({
  format: z.enum(['json', 'csv']).optional().describe('csv for the reminder list as CSV (as does Accept: text/csv)'),
});

export const dueItemSchema = z.object({
  kind: z.enum(['external-review', 'improvement-plan', 'progress-report', 'milestone', 'deadline-review']),
  description: z.string(),
  dueOn: date,
  by: z.enum(['ccg', 'nhs-england']).describe('Who has to act'),
  status: z.enum(['overdue', 'due']),
});

const caseState = z.enum(CASE_STATES);

export const caseSummarySchema = z.object({
  id: z.string(),
  organisationCode: z.string(),
  organisationName: z.string(),
  regionCode: z.string().nullable(),
  state: caseState,
  stateLabel: z.string(),
  cycle: z.number().int().describe('1 for the organisation’s first case, 2 for its first re-entry, …'),
  openedAt: instant,
  enteredOn: date.nullable(),
  deadline: date.nullable().describe('The deadline review is due on this date (entry + 12 months by default, moved by extensions)'),
  overdue: list(dueItemSchema),
  dueSoon: list(dueItemSchema),
  closedOutcome: z.enum(['declined', 'exited', 'intervened']).nullable(),
});

const caseRecordSchema = z
  .object({
    id: z.string(),
    organisationCode: z.string(),
    regionCode: z.string().nullable(),
    previousCaseId: z.string().nullable(),
    cycle: z.number().int(),
    state: caseState,
    openedAt: instant,
    updatedAt: instant,
    settings: part('The timetable the case was opened under (months to the deadline, weeks to the plan, …)'),
    proposal: z.object({ reason: z.string(), triggers: list(z.enum(TRIGGER_KINDS)), proposedOn: date }),
    entry: z.object({ basis: z.enum(ENTRY_BASES), enteredOn: date }).nullable(),
    deadline: date.nullable(),
    externalReview: part('The external review of capacity, capability and governance').nullable(),
    director: part('The improvement director and programme management support').nullable(),
    plans: list(part('An improvement plan as submitted, with NHS England’s decision')),
    implementationStartedOn: date.nullable(),
    progressReports: list(part('A progress report, with NHS England’s assessment')),
    deadlineReviews: list(part('A review at the deadline and its outcome')),
    extensions: list(part('An extension of the deadline')),
    interventions: list(part('An intervention decided after escalation')),
    closure: z.object({ outcome: z.enum(['declined', 'exited', 'intervened']), on: date, reason: z.string() }).nullable(),
  })
  .describe('The whole case as the workflow keeps it');

const caseEventSchema = z.object({
  sequence: z.number().int(),
  caseId: z.string(),
  organisationCode: z.string(),
  step: z.string().describe('open-case, or an action’s kind'),
  actor: z.object({ kind: z.string(), id: z.string(), label: z.string() }),
  at: instant,
  reason: z.string(),
  from: caseState.nullable(),
  to: caseState,
  details: z.unknown().describe('The step’s other fields (basis, months, plan, intervention …)'),
});

const availableActionSchema = z.object({
  kind: z.enum(CASE_ACTION_KINDS),
  label: z.string(),
  blockedBy: z.string().nullable().describe('Why it cannot be taken yet, although the state and your roles allow it'),
});

export const publicationSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(PUBLICATION_KINDS),
  text: z.string(),
  status: z.enum(['draft', 'published']),
  publishedOn: date.nullable(),
  createdBy: z.string(),
  createdAt: instant,
});

export const caseListResponse = z.object({ data: list(caseSummarySchema) });
export const caseResponse = z.object({ data: caseRecordSchema });
export const caseDetailResponse = z.object({
  data: z.object({
    record: caseRecordSchema,
    organisationName: z.string(),
    summary: caseSummarySchema,
    events: list(caseEventSchema).describe('Every step: who, when, why, from and to'),
    dueItems: list(dueItemSchema),
    actions: list(availableActionSchema).describe('The actions you could take now'),
    earlierCases: list(caseSummarySchema).describe('The organisation’s earlier spells'),
    buddies: z
      .object({
        suggestions: list(z.object({ organisationCode: z.string(), level: z.string(), similarityRank: z.number().int(), why: z.string() })),
        passedOver: list(z.object({ organisationCode: z.string(), reason: z.string() })),
      })
      .describe('Suggested buddy CCGs: similar CCGs rated good or outstanding'),
    publications: list(publicationSchema).describe('Texts for the public register, drafts included'),
    timeInSpecialMeasures: z.object({ enteredOn: date, endedOn: date.nullable(), days: z.number().int(), wholeMonths: z.number().int() }).nullable(),
  }),
});
export const publicationResponse = z.object({ data: publicationSchema });

export const proposalListResponse = z.object({
  data: list(z.object({ organisationCode: z.string(), findings: list(z.object({ kind: z.enum(TRIGGER_KINDS), explanation: z.string() })) })),
});

export const reminderListResponse = z.object({
  data: list(dueItemSchema.extend({ caseId: z.string(), organisationCode: z.string(), regionCode: z.string().nullable() })),
});

export const reminderCsvResponse = z.string().describe('One row per item: due_on, status, organisation_code, region_code, case_id, item, by, description');

export const statisticsResponse = z.object({
  data: z.object({
    entered: z.number().int(),
    stillIn: z.number().int(),
    exited: z.number().int(),
    exitedWithinTwelveMonths: z.number().int(),
    closedAfterIntervention: z.number().int(),
    meanDaysToExit: z.number().nullable(),
    meanMonthsInSpecialMeasures: z.number().nullable(),
  }),
});

export const openCaseBody = z.object({
  ...csrfTokenField,
  organisationCode: z.string().max(20),
  reason: z.string().max(4000),
  triggers: z.array(z.enum(TRIGGER_KINDS)).max(TRIGGER_KINDS.length).optional().describe('The triggers that prompted the proposal, if any'),
});

export const publicationBody = z.object({
  ...csrfTokenField,
  kind: z.enum(PUBLICATION_KINDS),
  text: z.string().max(10_000),
});

export const evidenceResponse = z.object({ data: z.object({ type: z.enum(['concern', 'financial-position', 'audit-finding']), id: z.string() }) });

/**
 * For a body the service checks itself, documented here by the service's own schema: the case workflow checks
 * the actor's roles before the fields, so someone who may not see a case is told "not found", never which of
 * its fields they got wrong. Params and query are validated as usual; the body need only be a JSON object.
 */
export function bodyCheckedByService<S>(route: Parameters<FastifySchemaCompiler<S>>[0]): ReturnType<FastifySchemaCompiler<S>> {
  if (route.httpPart === 'body') return (data: unknown) => (typeof data === 'object' && data !== null && !Array.isArray(data) ? { value: data } : { error: new Error('the body must be a JSON object') });
  // Every other part's schema on these routes is a zod schema, as everywhere in the API.
  return validatorCompiler(route as unknown as Parameters<typeof validatorCompiler>[0]);
}

/** A client may send the CSRF token in the body; it is not one of the fields the service checks. */
export function withoutCsrfToken(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const { _csrf, ...fields } = body as Record<string, unknown>;
  return fields;
}

/**
 * The cases and directions APIs are for the roles that see cases (nationally, in a region, or for their own CCG):
 * anyone else is refused before any input is read or anything looked up, as the pages do. Which cases and
 * directions they see is the services' answer.
 */
export async function forCaseReaders(request: FastifyRequest): Promise<void> {
  authorize(request, 'case.list');
}
