import type { Kysely } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import { InputError, type InputProblem } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { type AssuranceComponent, assuranceComponents } from '../../domain/oversight/assessment.ts';
import { assuranceYearDates, type AssuranceYearDates, parseYearId } from '../../domain/oversight/assurance-year.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { findAssuranceYear, insertAssuranceYear, listAssuranceYears, type StoredAssuranceYear } from '../../db/repositories/assurance-years.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { findHydratedFrameworkVersion } from '../frameworks.ts';
import { configuredOversight } from './config.ts';

// Assurance years, nationally: a national analyst opens each with the framework version whose domains the
// regional teams assess each quarter; everyone with an oversight role sees them.

export interface AssuranceYear {
  readonly stored: StoredAssuranceYear;
  readonly dates: AssuranceYearDates;
  readonly frameworkName: string;
  readonly components: readonly AssuranceComponent[];
}

function startMonthOf(stored: StoredAssuranceYear): number {
  return Number(stored.startsOn.slice(5, 7));
}

async function hydrate(db: Kysely<DB>, stored: StoredAssuranceYear): Promise<AssuranceYear> {
  const version = await findHydratedFrameworkVersion(db, stored.frameworkVersionId);
  if (version === undefined) throw new Error(`assurance year ${stored.id} names framework version ${stored.frameworkVersionId}, which is not stored`);
  return { stored, dates: assuranceYearDates(stored.id, startMonthOf(stored)), frameworkName: version.framework.title, components: assuranceComponents(version.framework) };
}

/** Every assurance year opened, the newest first. */
export async function assuranceYears(db: Kysely<DB>, actor: Actor): Promise<AssuranceYear[]> {
  assertCan(actor, 'oversight.list');
  return Promise.all((await listAssuranceYears(db)).map((stored) => hydrate(db, stored)));
}

/** One assurance year; NotFoundError when it has not been opened. */
export async function assuranceYear(db: Kysely<DB>, actor: Actor, id: string): Promise<AssuranceYear> {
  assertCan(actor, 'oversight.list');
  const stored = await findAssuranceYear(db, parseYearId(id) ?? id);
  if (stored === undefined) throw new NotFoundError(`The assurance year ${id} has not been opened.`);
  return hydrate(db, stored);
}

export interface OpenYearRequest {
  readonly yearId: string;
  readonly frameworkVersionId: string;
  readonly startMonth?: number | undefined;
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

/** Opens an assurance year (national analysts): its dates from the configured first month (ASSURE_OVERSIGHT_CONFIG), its components from the framework version's domains. */
export async function openAssuranceYear(db: Kysely<DB>, actor: Actor, request: OpenYearRequest): Promise<AssuranceYear> {
  assertCan(actor, 'oversight.manage-years');
  const yearId = parseYearId(request.yearId);
  const problems: InputProblem[] = [];
  if (yearId === null) problems.push({ field: 'yearId', message: `${request.yearId === '' ? 'Nothing' : request.yearId} is not an assurance year written like 2026-27` });
  const version = await findHydratedFrameworkVersion(db, request.frameworkVersionId);
  if (version === undefined) problems.push({ field: 'frameworkVersionId', message: `There is no framework version ${request.frameworkVersionId}; \`assure frameworks list\` shows those loaded` });
  else if (assuranceComponents(version.framework).length === 0) problems.push({ field: 'frameworkVersionId', message: `${request.frameworkVersionId} has no domains for the regional teams to assess` });
  if (problems.length > 0 || yearId === null || version === undefined) throw new InputError('year', problems);
  const dates = assuranceYearDates(yearId, request.startMonth ?? (await configuredOversight()).yearStartMonth);
  const at = request.at ?? new Date();
  const stored: StoredAssuranceYear = { id: yearId, startsOn: dates.startsOn, endsOn: dates.endsOn, frameworkVersionId: request.frameworkVersionId, openedBy: auditActorOf(actor).label, openedAt: at };
  await db.transaction().execute(async (trx) => {
    if (!(await insertAssuranceYear(trx, stored))) throw new ConflictError(`The assurance year ${dates.label} is open already.`);
    await recordAuditEvent(trx, {
      actor,
      action: 'oversight.year.open',
      object: { type: 'assurance-year', id: yearId },
      after: { startsOn: dates.startsOn, endsOn: dates.endsOn, frameworkVersionId: request.frameworkVersionId },
      requestId: request.requestId,
    });
  });
  return { stored, dates, frameworkName: version.framework.title, components: assuranceComponents(version.framework) };
}
