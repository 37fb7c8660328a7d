import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { can } from '../../domain/policy/can.ts';
import { NotPermittedError } from '../../domain/policy/decision.ts';
import { type BuddyAnswer, suggestBuddies } from '../../domain/special-measures/buddies.ts';
import type { CaseActionInput } from '../../domain/special-measures/case-actions.ts';
import type { CaseEvent, CaseRefusal, CaseResult } from '../../domain/special-measures/case-events.ts';
import { openCase as openCaseRecord } from '../../domain/special-measures/case-opening.ts';
import type { SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { seesCase } from '../../domain/special-measures/case-roles.ts';
import { CASE_STATE_LABELS, type CaseState } from '../../domain/special-measures/case-states.ts';
import { applyCaseAction, type AvailableAction, availableActions } from '../../domain/special-measures/case-workflow.ts';
import { type DueItem, dueItems } from '../../domain/special-measures/deadlines.ts';
import { timeInSpecialMeasures } from '../../domain/special-measures/durations.ts';
import type { Publication } from '../../domain/special-measures/register.ts';
import { TRIGGER_KINDS, type TriggerKind } from '../../domain/special-measures/trigger-config.ts';
import { latestRating } from '../../domain/special-measures/triggers.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import {
  appendCaseEvent,
  findCase,
  findOrganisationForCaseOpening,
  insertCase,
  listCaseEvents,
  listCases as listStoredCases,
  listOrganisationCases,
  type StoredCase,
  type StoredCaseEvent,
  updateCase,
} from '../../db/repositories/special-measures-cases.ts';
import { findPublication, insertDraftPublication, listPublications, markPublished, type StoredPublication } from '../../db/repositories/special-measures-publications.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { publishedRatingsByOrganisation } from './cases-published-ratings.ts';
import { applyInterventionEffects } from './intervention-effects.ts';

// Special-measures cases: the service around the pure workflow in src/domain/special-measures. Every step is
// taken under a row lock on the case, decided by the workflow (which checks the roles itself, from the same
// table the policy module reads), stored with its event and written to the audit trail in one transaction.

export type { StoredCaseEvent, StoredPublication };

export interface CaseSummary {
  readonly id: string;
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly regionCode: string | null;
  readonly state: CaseState;
  readonly stateLabel: string;
  readonly cycle: number;
  readonly openedAt: string;
  readonly enteredOn: string | null;
  readonly deadline: string | null;
  readonly overdue: DueItem[];
  readonly dueSoon: DueItem[];
  readonly closedOutcome: 'declined' | 'exited' | 'intervened' | null;
}

export interface CaseDetail {
  readonly record: SpecialMeasuresCase;
  readonly organisationName: string;
  readonly summary: CaseSummary;
  readonly events: StoredCaseEvent[];
  readonly dueItems: DueItem[];
  readonly actions: AvailableAction[];
  readonly earlierCases: CaseSummary[];
  readonly buddies: BuddyAnswer;
  readonly publications: StoredPublication[];
  readonly timeInSpecialMeasures: ReturnType<typeof timeInSpecialMeasures>;
}

export interface CaseContext {
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

const AUDIT_OBJECT_TYPE = 'special-measures-case';

function summaryOf(stored: StoredCase, date: string): CaseSummary {
  const { record } = stored;
  const items = dueItems(record, date);
  return {
    id: record.id,
    organisationCode: record.organisationCode,
    organisationName: stored.organisationName,
    regionCode: record.regionCode,
    state: record.state,
    stateLabel: CASE_STATE_LABELS[record.state],
    cycle: record.cycle,
    openedAt: record.openedAt,
    enteredOn: record.entry?.enteredOn ?? null,
    deadline: record.deadline,
    overdue: items.filter((item) => item.status === 'overdue'),
    dueSoon: items.filter((item) => item.status === 'due'),
    closedOutcome: record.closure?.outcome ?? null,
  };
}

function noCase(id: string): NotFoundError {
  return new NotFoundError(`There is no special-measures case ${id}.`);
}

/** The policy's refusal with the workflow's words, which say who may take the step. */
function notPermitted(action: string, message: string): NotPermittedError {
  const error = new NotPermittedError(action, 'forbid');
  error.message = message;
  return error;
}

/** A workflow refusal as the error the shells know: hidden → not found, forbidden, bad fields, or a conflict. */
function refusalError(refusal: CaseRefusal, action: string, caseId: string): Error {
  switch (refusal.kind) {
    case 'not-permitted':
      return refusal.decision === 'hide' ? noCase(caseId) : notPermitted(action, refusal.message);
    case 'invalid':
      return new InputError('case action', refusal.problems);
    case 'wrong-state':
    case 'precondition':
      return new ConflictError(refusal.message);
  }
}

function succeeded(result: CaseResult, action: string, caseId: string): { case: SpecialMeasuresCase; event: CaseEvent } {
  if (!result.ok) throw refusalError(result.refusal, action, caseId);
  return result;
}

/** Cases the actor may see, newest first; open ones only unless `includeClosed`. */
export async function listCases(db: Kysely<DB>, actor: Actor, options: { at?: Date; includeClosed?: boolean; organisationCode?: string } = {}): Promise<CaseSummary[]> {
  const date = londonDate(options.at ?? new Date());
  const stored = await listStoredCases(db, {
    ...(options.includeClosed === undefined ? {} : { includeClosed: options.includeClosed }),
    ...(options.organisationCode === undefined ? {} : { organisationCode: options.organisationCode }),
  });
  return stored.filter((entry) => seesCase(actor, entry.record)).map((entry) => summaryOf(entry, date));
}

/** Every case the actor may see, closed ones included, as whole records, newest first. */
export async function exportCases(db: Kysely<DB>, actor: Actor): Promise<SpecialMeasuresCase[]> {
  const stored = await listStoredCases(db, { includeClosed: true });
  return stored.map((entry) => entry.record).filter((record) => seesCase(actor, record));
}

/** Buddy CCGs for the case: its similar CCGs rated well, leaving out those in special measures or merged away. */
async function buddiesFor(db: Kysely<DB>, actor: Actor, record: SpecialMeasuresCase, at: Date): Promise<BuddyAnswer> {
  const today = londonDate(at);
  const [organisations, published, open] = await Promise.all([getAllOrganisations(db), publishedRatingsByOrganisation(db, actor, at), listStoredCases(db)]);
  const peerCodes = organisations.get(record.organisationCode)?.peerCodes ?? [];
  const ratings = new Map(
    peerCodes.flatMap((code) => {
      const rating = latestRating(published.get(code) ?? [], today);
      return rating === null ? [] : [[code, rating] as const];
    }),
  );
  const unavailable = new Map<string, string>();
  for (const entry of open) unavailable.set(entry.record.organisationCode, `has a special-measures case open (${CASE_STATE_LABELS[entry.record.state]})`);
  for (const code of peerCodes) {
    const closedOn = organisations.get(code)?.closedOn ?? null;
    if (closedOn !== null && closedOn <= today) unavailable.set(code, `closed on ${closedOn}`);
  }
  return suggestBuddies({ organisationCode: record.organisationCode, peerCodes, ratings, unavailable });
}

/** A case with its history, deadlines, the actions open to the actor, earlier cases, buddies and publications. */
export async function getCase(db: Kysely<DB>, actor: Actor, id: string, at: Date = new Date()): Promise<CaseDetail> {
  const stored = await findCase(db, id);
  if (stored === undefined || can(actor, 'case.view', stored.record) !== 'allow') throw noCase(id);
  const { record } = stored;
  const date = londonDate(at);
  const [events, earlier, publications, buddies] = await Promise.all([
    listCaseEvents(db, id),
    listStoredCases(db, { includeClosed: true, organisationCode: record.organisationCode }),
    listPublications(db, id),
    buddiesFor(db, actor, record, at),
  ]);
  return {
    record,
    organisationName: stored.organisationName,
    summary: summaryOf(stored, date),
    events,
    dueItems: dueItems(record, date),
    actions: availableActions(record, actor, at),
    earlierCases: earlier.filter((entry) => entry.record.openedAt < record.openedAt).map((entry) => summaryOf(entry, date)),
    buddies,
    publications,
    timeInSpecialMeasures: timeInSpecialMeasures(record, date),
  };
}

function checkedTriggers(triggers: readonly string[]): TriggerKind[] {
  const unknown = triggers.filter((trigger) => !(TRIGGER_KINDS as readonly string[]).includes(trigger));
  if (unknown.length > 0) throw new InputError('case', unknown.map((trigger) => ({ field: 'triggers', message: `"${trigger}" is not a trigger; the triggers are ${TRIGGER_KINDS.join(', ')}` })));
  return triggers as TriggerKind[];
}

async function recordCaseAudit(trx: Transaction<DB>, actor: Actor, event: CaseEvent, requestId: string | undefined): Promise<void> {
  await recordAuditEvent(trx, {
    actor,
    action: `case.${event.step}`,
    object: { type: AUDIT_OBJECT_TYPE, id: event.caseId },
    before: event.from === null ? undefined : { state: event.from },
    after: { state: event.to, organisationCode: event.organisationCode, details: event.details },
    reason: event.reason,
    requestId,
  });
}

/** Opens a case (proposed) for an organisation: its region's lead, with a reason and the triggers that prompted it. */
export async function openCase(
  db: Kysely<DB>,
  actor: Actor,
  request: { organisationCode: string; reason: string; triggers?: TriggerKind[] },
  context: CaseContext = {},
): Promise<SpecialMeasuresCase> {
  const at = context.at ?? new Date();
  const triggers = checkedTriggers(request.triggers ?? []);
  return db.transaction().execute(async (trx) => {
    const organisation = await findOrganisationForCaseOpening(trx, request.organisationCode);
    if (organisation === undefined) throw new NotFoundError(`There is no organisation ${request.organisationCode}.`);
    const earlier = await listOrganisationCases(trx, organisation.code);
    const opening = { id: randomUUID(), organisationCode: organisation.code, regionCode: organisation.regionCode, reason: request.reason, triggers };
    const opened = succeeded(openCaseRecord(opening, actor, at, earlier), 'case.open', organisation.code);
    await insertCase(trx, opened.case);
    await appendCaseEvent(trx, opened.event);
    await recordCaseAudit(trx, actor, opened.event, context.requestId);
    return opened.case;
  });
}

function actionKindOf(input: unknown): string {
  if (typeof input !== 'object' || input === null || !('kind' in input) || typeof input.kind !== 'string') {
    throw new InputError('case action', [{ field: 'kind', message: 'name the action to take' }]);
  }
  return input.kind;
}

/** Takes one action on the case; a decided intervention also changes the registry, in the same transaction. */
export async function actOnCase(db: Kysely<DB>, actor: Actor, caseId: string, input: unknown, context: CaseContext = {}): Promise<SpecialMeasuresCase> {
  const at = context.at ?? new Date();
  const kind = actionKindOf(input);
  return db.transaction().execute(async (trx) => {
    const stored = await findCase(trx, caseId, { forUpdate: true });
    if (stored === undefined) throw noCase(caseId);
    // The workflow checks the kind and every field against CaseActionSchema before using any of them.
    const taken = succeeded(applyCaseAction(stored.record, input as CaseActionInput, actor, at), `case.${kind}`, caseId);
    await updateCase(trx, taken.case);
    await appendCaseEvent(trx, taken.event);
    const decided = taken.case.interventions.at(-1);
    if (kind === 'decide-intervention' && decided !== undefined) {
      await applyInterventionEffects(trx, {
        caseId,
        organisationCode: taken.case.organisationCode,
        intervention: decided.intervention,
        decidedOn: decided.decidedOn,
        actor,
        requestId: context.requestId,
      });
    }
    await recordCaseAudit(trx, actor, taken.event, context.requestId);
    return taken.case;
  });
}

/** The case locked for a change to its publications, after the publication policy allows it. */
async function caseForPublishing(trx: Transaction<DB>, actor: Actor, caseId: string): Promise<SpecialMeasuresCase> {
  const stored = await findCase(trx, caseId, { forUpdate: true });
  if (stored === undefined) throw noCase(caseId);
  const decision = can(actor, 'case.publish', stored.record);
  if (decision === 'hide') throw noCase(caseId);
  if (decision === 'forbid') throw new NotPermittedError('case.publish', 'forbid');
  return stored.record;
}

const PUBLICATION_KINDS: readonly Publication['kind'][] = ['reasons', 'plan-summary', 'progress-update'];

function isPublicationKind(kind: string | undefined): kind is Publication['kind'] {
  return (PUBLICATION_KINDS as readonly (string | undefined)[]).includes(kind);
}

/** Drafts a text for the public register (the case's regional lead); nothing is public until it is published. */
export async function draftPublication(db: Kysely<DB>, actor: Actor, caseId: string, input: { kind: string | undefined; text: string }, context: CaseContext = {}): Promise<StoredPublication> {
  const at = context.at ?? new Date();
  const text = input.text.trim();
  return db.transaction().execute(async (trx) => {
    // The policy first: only the case's regional lead learns what is wrong with a text.
    await caseForPublishing(trx, actor, caseId);
    const kind = input.kind;
    const problems = [
      ...(isPublicationKind(kind) ? [] : [{ field: 'kind', message: `must be one of ${PUBLICATION_KINDS.join(', ')}` }]),
      ...(text === '' || text.length > 4000 ? [{ field: 'text', message: 'must be 1 to 4,000 characters' }] : []),
    ];
    if (!isPublicationKind(kind) || problems.length > 0) throw new InputError('publication', problems);
    const draft = await insertDraftPublication(trx, { caseId, kind, text, createdBy: auditActorOf(actor).label, createdAt: at });
    await recordAuditEvent(trx, {
      actor,
      action: 'case-publication.draft',
      object: { type: 'special-measures-publication', id: draft.id },
      after: { caseId, kind: draft.kind, text: draft.text, status: draft.status },
      requestId: context.requestId,
    });
    return draft;
  });
}

/** Publishes a draft on today's London date; a published text is never changed (a new one is drafted instead). */
export async function publishPublication(db: Kysely<DB>, actor: Actor, caseId: string, publicationId: string, context: CaseContext = {}): Promise<StoredPublication> {
  const at = context.at ?? new Date();
  return db.transaction().execute(async (trx) => {
    await caseForPublishing(trx, actor, caseId);
    const draft = await findPublication(trx, caseId, publicationId, { forUpdate: true });
    if (draft === undefined) throw new NotFoundError(`Case ${caseId} has no publication ${publicationId}.`);
    if (draft.status === 'published') throw new ConflictError(`This text was published on ${draft.publishedOn ?? '?'} and is never changed: draft a new one.`);
    const published = await markPublished(trx, draft.id, londonDate(at));
    await recordAuditEvent(trx, {
      actor,
      action: 'case-publication.publish',
      object: { type: 'special-measures-publication', id: published.id },
      before: { status: draft.status },
      after: { caseId, kind: published.kind, text: published.text, status: published.status, publishedOn: published.publishedOn },
      requestId: context.requestId,
    });
    return published;
  });
}
