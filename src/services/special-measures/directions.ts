import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { JsonValue } from '../../domain/audit/canonical-json.ts';
import { auditActorOf } from '../../domain/audit/event.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError, type InputProblem } from '../../domain/csv/decode.ts';
import type { Framework } from '../../domain/frameworks/schema.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import type { DirectionSubject } from '../../domain/policy/directions.ts';
import type { JudgementInput } from '../../domain/rating/inputs.ts';
import { LEGAL_DIRECTIONS_FLAG, legalDirectionsJudgements } from '../../domain/special-measures/directions-cap.ts';
import { isInForce, LEGAL_BASES, type LegalDirection, LegalDirectionSchema, Requirement, Variation } from '../../domain/special-measures/directions.ts';
import { CalendarDate, OrganisationCode, Text } from '../../domain/special-measures/schema-parts.ts';
import {
  directionIdsStartingWith,
  type DirectionChange,
  findDirection,
  insertDirection,
  listDirections as listStoredDirections,
  type NewDirection,
  type StoredDirection,
  updateDirection,
} from '../../db/repositories/legal-directions.ts';
import { findOrganisation, getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';

// The register of legal directions: the Commissioning Committee applies, varies, publishes and lifts them;
// each change is checked against the domain's schema (a variation after the direction was applied and before it
// was lifted, …), made under a row lock and recorded on the audit trail.

export type { StoredDirection } from '../../db/repositories/legal-directions.ts';

export interface DirectionContext {
  readonly requestId?: string | undefined;
  /** The instant the change is made (now when omitted): publication is dated by it, in London. */
  readonly at?: Date | undefined;
}

export const NewDirectionInput = z.strictObject({
  organisationCode: OrganisationCode,
  legalBasis: z.enum(LEGAL_BASES).default('s.14Z21 NHS Act 2006'),
  title: Text.pipe(z.string().max(300, 'must be at most 300 characters')),
  requirements: z.array(Requirement).min(1, 'a direction requires at least one thing'),
  appliedOn: CalendarDate,
  /** Put it on the public register at once. */
  published: z.boolean().default(false),
});

/** A variation as asked for: the requirements are left as they were unless replaced. */
export const VariationInput = Variation.extend({ requirements: Variation.shape.requirements.default(null) });

export const LiftInput = z.strictObject({ on: CalendarDate, reason: Text.pipe(z.string().max(4000, 'must be at most 4000 characters')) });

function problemsOf(error: z.ZodError): InputProblem[] {
  return error.issues.map((issue) => ({ ...(issue.path.length > 0 ? { field: issue.path.join('.') } : {}), message: issue.message }));
}

function parsed<T>(schema: z.ZodType<T>, input: unknown, source: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new InputError(source, problemsOf(result.error));
  return result.data;
}

/** The direction as the domain sees it, checked whole: a change that breaks its rules is refused in the domain's words. */
function checkedDirection(direction: LegalDirection, source: string, fieldNames: Readonly<Record<string, string>> = {}): void {
  const { id, organisationCode, legalBasis, title, requirements, appliedOn, variations, liftedOn, published } = direction;
  const result = LegalDirectionSchema.safeParse({ id, organisationCode, legalBasis, title, requirements, appliedOn, variations, liftedOn, published });
  if (!result.success) {
    throw new InputError(
      source,
      result.error.issues.map((issue) => {
        const field = issue.path.join('.');
        return { field: fieldNames[String(issue.path[0])] ?? field, message: issue.message };
      }),
    );
  }
}

async function subjectOf(db: Kysely<DB>, organisationCode: string): Promise<DirectionSubject> {
  const organisation = await findOrganisation(db, organisationCode);
  if (organisation === undefined) throw new NotFoundError(`There is no organisation ${organisationCode}.`);
  return { organisationCode, regionCode: organisation.regionCode };
}

function auditState(direction: LegalDirection & { readonly liftedReason?: string | null; readonly publishedOn?: string | null; readonly caseId?: string | null }): JsonValue {
  return JSON.parse(
    JSON.stringify({
      organisationCode: direction.organisationCode,
      legalBasis: direction.legalBasis,
      title: direction.title,
      requirements: direction.requirements,
      appliedOn: direction.appliedOn,
      variations: direction.variations,
      liftedOn: direction.liftedOn,
      liftedReason: direction.liftedReason ?? null,
      publishedOn: direction.publishedOn ?? null,
      caseId: direction.caseId ?? null,
    }),
  ) as JsonValue;
}

/** The next free id for the organisation's directions applied in the year: D-2016-02N, then D-2016-02N-2, … */
async function nextDirectionId(db: Kysely<DB>, organisationCode: string, appliedOn: string): Promise<string> {
  const base = `D-${appliedOn.slice(0, 4)}-${organisationCode}`;
  const taken = new Set(await directionIdsStartingWith(db, base));
  if (!taken.has(base)) return base;
  let number = 2;
  while (taken.has(`${base}-${number}`)) number += 1;
  return `${base}-${number}`;
}

/**
 * Adds a direction to the register inside the caller's transaction, with its audit event, asking no policy:
 * for applyDirection and for the decided intervention that issues directions (intervention-effects.ts).
 */
export async function recordNewDirection(trx: Transaction<DB>, actor: Actor, direction: NewDirection, requestId?: string): Promise<void> {
  checkedDirection(direction, 'legal direction');
  await insertDirection(trx, direction);
  await recordAuditEvent(trx, { actor, action: 'legal-direction.apply', object: { type: 'legal-direction', id: direction.id }, after: auditState(direction), requestId });
}

/** Directions the actor may see, for one organisation or all, optionally only those in force on a date; newest first. */
export async function listDirections(db: Kysely<DB>, actor: Actor, options: { organisationCode?: string; inForceOn?: string } = {}): Promise<StoredDirection[]> {
  if (options.inForceOn !== undefined && !CalendarDate.safeParse(options.inForceOn).success) {
    throw new InputError('directions', [{ field: 'inForceOn', message: 'must be a date written YYYY-MM-DD that exists on the calendar' }]);
  }
  const [directions, organisations] = await Promise.all([listStoredDirections(db, { organisationCode: options.organisationCode }), getAllOrganisations(db)]);
  const visible = directions.filter(
    (direction) => can(actor, 'direction.view', { organisationCode: direction.organisationCode, regionCode: organisations.get(direction.organisationCode)?.regionCode ?? null }) === 'allow',
  );
  const inForceOn = options.inForceOn;
  return inForceOn === undefined ? visible : visible.filter((direction) => isInForce(direction, inForceOn));
}

/** One direction; NotFoundError when there is none, NotPermittedError (hide) when the actor may not see it. */
export async function getDirection(db: Kysely<DB>, actor: Actor, id: string): Promise<StoredDirection> {
  const direction = await findDirection(db, id);
  if (direction === undefined) throw new NotFoundError(`There is no legal direction ${id}.`);
  assertCan(actor, 'direction.view', await subjectOf(db, direction.organisationCode));
  return direction;
}

/** Applies a direction to an organisation: a committee member's decision, recorded in the register. */
export async function applyDirection(db: Kysely<DB>, actor: Actor, input: unknown, context: DirectionContext = {}): Promise<StoredDirection> {
  // Permission before fields, as for cases: someone who may not apply a direction learns nothing from the checks.
  const named = typeof input === 'object' && input !== null && 'organisationCode' in input ? input.organisationCode : undefined;
  if (typeof named === 'string') assertCan(actor, 'direction.apply', await subjectOf(db, named));
  const request = parsed(NewDirectionInput, input, 'legal direction');
  assertCan(actor, 'direction.apply', await subjectOf(db, request.organisationCode));
  const id = await db.transaction().execute(async (trx) => {
    const direction: NewDirection = {
      ...request,
      id: await nextDirectionId(trx, request.organisationCode, request.appliedOn),
      variations: [],
      liftedOn: null,
      liftedReason: null,
      publishedOn: request.published ? londonDate(context.at ?? new Date()) : null,
      caseId: null,
      recordedBy: auditActorOf(actor).label,
    };
    await recordNewDirection(trx, actor, direction, context.requestId);
    return direction.id;
  });
  return getDirection(db, actor, id);
}

/**
 * Changes a stored direction under a row lock after the policy allows `permission` on it: `change` returns the
 * row's change and the direction as it will read, which the domain's schema checks before anything is written.
 */
async function changeDirection(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  permission: 'direction.vary' | 'direction.lift',
  action: string,
  change: (direction: StoredDirection) => { readonly row: DirectionChange; readonly after: StoredDirection; readonly reason?: string },
  context: DirectionContext,
): Promise<StoredDirection> {
  await db.transaction().execute(async (trx) => {
    const direction = await findDirection(trx, id, { forUpdate: true });
    if (direction === undefined) throw new NotFoundError(`There is no legal direction ${id}.`);
    assertCan(actor, permission, await subjectOf(trx, direction.organisationCode));
    const { row, after, reason } = change(direction);
    await updateDirection(trx, id, row);
    await recordAuditEvent(trx, { actor, action, object: { type: 'legal-direction', id }, before: auditState(direction), after: auditState(after), reason, requestId: context.requestId });
  });
  return getDirection(db, actor, id);
}

function refuseIfLifted(direction: StoredDirection, doing: string): void {
  if (direction.liftedOn !== null) throw new ConflictError(`Direction ${direction.id} was lifted on ${direction.liftedOn}; a lifted direction is not ${doing}.`);
}

/** Varies a direction from a date: what changed and, when they are replaced, the requirements from then on. */
export async function varyDirection(db: Kysely<DB>, actor: Actor, id: string, input: unknown, context: DirectionContext = {}): Promise<StoredDirection> {
  return changeDirection(
    db,
    actor,
    id,
    'direction.vary',
    'legal-direction.vary',
    (direction) => {
      const variation = parsed(VariationInput, input, 'variation');
      refuseIfLifted(direction, 'varied');
      const latest = direction.variations.at(-1);
      if (latest !== undefined && variation.on < latest.on) throw new ConflictError(`Direction ${id} was last varied on ${latest.on}; a new variation cannot be dated before it.`);
      const variations = [...direction.variations, variation];
      const after = { ...direction, variations };
      checkedDirection(after, 'variation', { variations: 'on' });
      return { row: { variations }, after, reason: variation.summary };
    },
    context,
  );
}

/** Lifts a direction: it is in force up to the day before `on`. */
export async function liftDirection(db: Kysely<DB>, actor: Actor, id: string, input: unknown, context: DirectionContext = {}): Promise<StoredDirection> {
  return changeDirection(
    db,
    actor,
    id,
    'direction.lift',
    'legal-direction.lift',
    (direction) => {
      const lift = parsed(LiftInput, input, 'lifting');
      refuseIfLifted(direction, 'lifted again');
      const after = { ...direction, liftedOn: lift.on, liftedReason: lift.reason };
      checkedDirection(after, 'lifting', { liftedOn: 'on', variations: 'on' });
      return { row: { lift }, after, reason: lift.reason };
    },
    context,
  );
}

/** Puts a direction on the public register from today (London); published directions stay published. */
export async function publishDirection(db: Kysely<DB>, actor: Actor, id: string, context: DirectionContext = {}): Promise<StoredDirection> {
  return changeDirection(
    db,
    actor,
    id,
    'direction.vary',
    'legal-direction.publish',
    (direction) => {
      if (direction.publishedOn !== null) throw new ConflictError(`Direction ${id} has been on the public register since ${direction.publishedOn}.`);
      const publishedOn = londonDate(context.at ?? new Date());
      return { row: { publishedOn }, after: { ...direction, published: true, publishedOn } };
    },
    context,
  );
}

/**
 * The rating's judgements with the legal-directions flag taken from the register, for frameworks declaring the
 * flag (the shipped CCG frameworks cap on it). Where the register has a direction in force on the assessment
 * date the register wins: the organisation is flagged, naming the directions, whatever was stored. Elsewhere
 * the stored judgement stands (a flag recorded by hand for directions from before the register, or demo data):
 * the register speaks for the directions it holds and for nothing else.
 */
export async function withRegisterDirections(db: Kysely<DB>, framework: Framework, organisationCodes: readonly string[], asOf: string, judgements: readonly JudgementInput[]): Promise<readonly JudgementInput[]> {
  if (!framework.judgements.some((judgement) => judgement.id === LEGAL_DIRECTIONS_FLAG && judgement.kind === 'flag')) return judgements;
  const fromRegister = legalDirectionsJudgements(organisationCodes, await listStoredDirections(db), asOf, 'Legal directions register').filter((judgement) => judgement.value === true);
  if (fromRegister.length === 0) return judgements;
  const flagged = new Set(fromRegister.map((judgement) => judgement.org));
  return [...judgements.filter((judgement) => judgement.judgement !== LEGAL_DIRECTIONS_FLAG || !flagged.has(judgement.org)), ...fromRegister];
}
