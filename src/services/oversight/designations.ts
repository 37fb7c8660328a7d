import type { Kysely } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { InputError, type InputProblem } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { LONG_TEXT_LIMIT } from '../../domain/oversight/levels.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { type Designation, endDesignationOn, findDesignation, insertDesignation, listDesignations, listDesignationsForChange } from '../../db/repositories/distressed-economies.ts';
import { overlappingDesignation } from '../../domain/oversight/designation-overlap.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type OversightOrganisation, oversightScope, visibleOversightOrganisation } from './visible-organisation.ts';

// Distressed health economies: a CCG designated as in one (by its region's lead or a national analyst) is
// assured more intensively while the designation lasts (see config.ts). Who designated it, when and why is
// kept; ending one names the version it started from. Two designations of one CCG never share a day.

export type { Designation };

export interface OrganisationDesignations {
  readonly organisation: OversightOrganisation;
  /** The latest start first. */
  readonly designations: readonly Designation[];
  readonly mayDesignate: boolean;
}

export async function organisationDesignations(db: Kysely<DB>, actor: Actor, code: string): Promise<OrganisationDesignations> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, code);
  return { organisation, designations: await listDesignations(db, organisation.code), mayDesignate: can(actor, 'oversight.designate-economy', oversightScope(organisation)) === 'allow' };
}

/** The refusal of a period that shares a day with another designation of the CCG. */
function overlapProblem(field: string, other: Designation): InputProblem {
  const period = other.endsOn === null ? `from ${other.startsOn}, with no end` : `from ${other.startsOn} to ${other.endsOn}`;
  return { field, message: `The CCG is already designated ${period}: a CCG is in a distressed health economy once at a time, so end or change that designation first` };
}

function checkDate(field: string, value: string, problems: InputProblem[]): void {
  if (!isCalendarDate(value)) problems.push({ field, message: `${value === '' ? 'Nothing' : value} is not a real date written YYYY-MM-DD` });
}

function checkReason(reason: string, problems: InputProblem[]): string {
  const trimmed = reason.trim();
  if (trimmed === '') problems.push({ field: 'reason', message: 'Say why: the designation changes how often the CCG is met' });
  else if (trimmed.length > LONG_TEXT_LIMIT) problems.push({ field: 'reason', message: `The reason is ${trimmed.length.toLocaleString('en-GB')} characters long; it can be at most ${LONG_TEXT_LIMIT.toLocaleString('en-GB')}` });
  return trimmed;
}

export interface DesignateRequest {
  readonly organisationCode: string;
  readonly startsOn: string;
  readonly endsOn?: string | undefined;
  readonly reason: string;
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

/** Designates a CCG as in a distressed health economy from a date (until one, or open-ended). */
export async function designateEconomy(db: Kysely<DB>, actor: Actor, request: DesignateRequest): Promise<Designation> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, request.organisationCode);
  assertCan(actor, 'oversight.designate-economy', oversightScope(organisation));
  const problems: InputProblem[] = [];
  checkDate('startsOn', request.startsOn, problems);
  const endsOn = request.endsOn === undefined || request.endsOn === '' ? null : request.endsOn;
  if (endsOn !== null) checkDate('endsOn', endsOn, problems);
  if (endsOn !== null && isCalendarDate(endsOn) && isCalendarDate(request.startsOn) && endsOn < request.startsOn) problems.push({ field: 'endsOn', message: `The end ${endsOn} is before the start ${request.startsOn}` });
  const reason = checkReason(request.reason, problems);
  if (problems.length > 0) throw new InputError('designation', problems);
  const at = request.at ?? new Date();
  return db.transaction().execute(async (trx) => {
    const overlap = overlappingDesignation(await listDesignationsForChange(trx, organisation.code), request.startsOn, endsOn);
    if (overlap !== undefined) throw new InputError('designation', [overlapProblem('startsOn', overlap)]);
    const designation = await insertDesignation(trx, { organisationCode: organisation.code, startsOn: request.startsOn, endsOn, reason, recordedBy: auditActorOf(actor).label, recordedAt: at });
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.economy.designate',
      object: { type: 'distressed-economy-designation', id: designation.id },
      after: { organisationCode: organisation.code, startsOn: designation.startsOn, endsOn: designation.endsOn },
      reason,
      requestId: request.requestId,
    });
    return designation;
  });
}

export interface EndDesignationRequest {
  readonly endsOn: string;
  readonly reason: string;
  readonly expectedVersion: number;
  readonly requestId?: string | undefined;
}

/** Ends a designation on a date, with the reason in the audit trail; refused when someone changed it first. */
export async function endDesignation(db: Kysely<DB>, actor: Actor, id: string, request: EndDesignationRequest): Promise<Designation> {
  assertCan(actor, 'oversight.list');
  const found = await findDesignation(db, id);
  if (found === undefined) throw new NotFoundError(`There is no distressed-economy designation ${id} that you can see.`);
  const organisation = await visibleOversightOrganisation(db, actor, found.organisationCode).catch(() => {
    throw new NotFoundError(`There is no distressed-economy designation ${id} that you can see.`);
  });
  assertCan(actor, 'oversight.designate-economy', oversightScope(organisation));
  const problems: InputProblem[] = [];
  checkDate('endsOn', request.endsOn, problems);
  if (isCalendarDate(request.endsOn) && request.endsOn < found.startsOn) problems.push({ field: 'endsOn', message: `The end ${request.endsOn} is before the designation began (${found.startsOn})` });
  const reason = checkReason(request.reason, problems);
  if (problems.length > 0) throw new InputError('designation', problems);
  return db.transaction().execute(async (trx) => {
    const overlap = overlappingDesignation(await listDesignationsForChange(trx, found.organisationCode), found.startsOn, request.endsOn, id);
    if (overlap !== undefined) throw new InputError('designation', [overlapProblem('endsOn', overlap)]);
    const ended = await endDesignationOn(trx, id, request.expectedVersion, request.endsOn);
    if (ended === undefined) throw new ConflictError('Someone else changed this designation after you opened it: nothing was saved. Open it again to see their change.');
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.economy.end',
      object: { type: 'distressed-economy-designation', id },
      before: { endsOn: found.endsOn, version: found.version },
      after: { endsOn: ended.endsOn, version: ended.version },
      reason,
      requestId: request.requestId,
    });
    return ended;
  });
}
