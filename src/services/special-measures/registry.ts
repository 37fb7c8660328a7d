import type { Kysely } from 'kysely';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { OrganisationRecord } from '../../domain/organisations/organisation.ts';
import { type CommissioningFunction, isCommissioningFunction } from '../../domain/special-measures/commissioning-functions.ts';
import { type Lineage, lineage, type MergerRecord, type ResponsibilityAnswer, type ResponsibilityRegistry, whoIsResponsible } from '../../domain/special-measures/responsibility.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { listRegistry, type StoredRegistry } from '../../db/repositories/responsibilities.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';

// The responsibility registry as the public asks it: who commissions a function for an organisation's population
// on a date, and where an organisation came from and went. Public facts, so no actor: NHS England's decisions on
// who commissions what are published, and the registry holds nothing else.

export type { StoredMergerRecord, StoredRegistry, StoredResponsibilityRecord } from '../../db/repositories/responsibilities.ts';

/**
 * Mergers the organisation registry implies without a merger record: an organisation imported as closed with a
 * successor (a CCG merger before Assure, or one entered by import). The successor established that very day was
 * created by it; otherwise it absorbed the population.
 */
function impliedMergers(organisations: ReadonlyMap<string, OrganisationRecord>, recorded: readonly MergerRecord[]): MergerRecord[] {
  const covered = new Set(recorded.flatMap((merger) => merger.predecessorCodes));
  const bySuccessor = new Map<string, MergerRecord>();
  for (const organisation of [...organisations.values()].toSorted((a, b) => a.code.localeCompare(b.code))) {
    if (organisation.successorCode === null || organisation.closedOn === null || covered.has(organisation.code)) continue;
    const key = `${organisation.successorCode} ${organisation.closedOn}`;
    const merger = bySuccessor.get(key);
    const created = organisations.get(organisation.successorCode)?.establishedOn === organisation.closedOn;
    bySuccessor.set(key, {
      kind: created ? 'merger' : 'absorption',
      predecessorCodes: [...(merger?.predecessorCodes ?? []), organisation.code],
      successorCode: organisation.successorCode,
      effectiveOn: organisation.closedOn,
    });
  }
  return [...bySuccessor.values()];
}

async function registryOf(db: Kysely<DB>): Promise<{ registry: ResponsibilityRegistry; organisations: ReadonlyMap<string, OrganisationRecord> }> {
  const [stored, organisations] = await Promise.all([listRegistry(db), getAllOrganisations(db)]);
  return { registry: { records: stored.records, mergers: [...stored.mergers, ...impliedMergers(organisations, stored.mergers)] }, organisations };
}

function knownOrganisation(organisations: ReadonlyMap<string, OrganisationRecord>, code: string): void {
  if (!organisations.has(code)) throw new NotFoundError(`There is no organisation ${code}.`);
}

/** Who performs the function for the organisation's population on the date, part by part, with the reasons in words. */
export async function whoIsResponsibleFor(db: Kysely<DB>, query: { organisationCode: string; fn: CommissioningFunction; date: string }): Promise<ResponsibilityAnswer[]> {
  const problems = [
    ...(isCalendarDate(query.date) ? [] : [{ field: 'date', message: 'must be a date written YYYY-MM-DD that exists on the calendar' }]),
    ...(isCommissioningFunction(query.fn) ? [] : [{ field: 'function', message: `is not a commissioning function the registry tracks: ${String(query.fn)}` }]),
  ];
  if (problems.length > 0) throw new InputError('registry question', problems);
  const { registry, organisations } = await registryOf(db);
  knownOrganisation(organisations, query.organisationCode);
  return whoIsResponsible(registry, query.fn, query.organisationCode, query.date);
}

/** The organisation's predecessors (nearest first) and the bodies it became part of, in order. */
export async function organisationLineage(db: Kysely<DB>, code: string): Promise<Lineage> {
  const { registry, organisations } = await registryOf(db);
  knownOrganisation(organisations, code);
  return lineage(registry, code);
}

/** The recorded transfers and mergers, all or those concerning one organisation, with who recorded them and the deciding case. */
export async function listResponsibilityChanges(db: Kysely<DB>, organisationCode?: string): Promise<StoredRegistry> {
  return listRegistry(db, organisationCode);
}
