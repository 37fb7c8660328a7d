import type { Kysely } from 'kysely';
import { isCalendarDate } from '../../domain/calendar-date.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import { publicRegister, type RegisterEntry } from '../../domain/special-measures/register.ts';
import { listDirections } from '../../db/repositories/legal-directions.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { listCases } from '../../db/repositories/special-measures-cases.ts';
import { listPublishedPublications } from '../../db/repositories/special-measures-publications.ts';
import type { DB } from '../../db/schema.ts';

// The public register of special measures and legal directions: public, so no actor. It reads only published
// texts and the cases' public facts (the domain's publicRegister reads nothing else of a case), and only the
// directions put on the register by the date asked about.

/** The register on the date (today in London when omitted), by organisation code. */
export async function publicRegisterOn(db: Kysely<DB>, date?: string): Promise<RegisterEntry[]> {
  const on = date ?? londonDate(new Date());
  if (!isCalendarDate(on)) throw new InputError('register', [{ field: 'date', message: 'must be a date written YYYY-MM-DD that exists on the calendar' }]);
  const [cases, publications, directions, organisations] = await Promise.all([listCases(db), listPublishedPublications(db), listDirections(db), getAllOrganisations(db)]);
  return publicRegister(
    cases.map(({ record }) => ({ case: record, publications: publications.get(record.id) ?? [] })),
    // A direction is on the register as it stood on the date: published then, not only since.
    directions.map((direction) => ({ ...direction, published: direction.publishedOn !== null && direction.publishedOn <= on })),
    new Map([...organisations.values()].map((organisation) => [organisation.code, organisation.name])),
    on,
  );
}
