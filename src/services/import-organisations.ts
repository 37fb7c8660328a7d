import type { Kysely } from 'kysely';
import { InputError } from '../domain/csv/decode.ts';
import { type OrganisationRecord, sameOrganisation } from '../domain/organisations/organisation.ts';
import { checkReferences } from '../domain/organisations/parse-import.ts';
import { getAllOrganisations, insertOrganisations, updateOrganisations } from '../db/repositories/organisations.ts';
import type { DB } from '../db/schema.ts';

export interface ImportSummary {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
}

export interface ImportRequest {
  /** Names the input in messages (a file name). */
  readonly source: string;
  readonly records: readonly OrganisationRecord[];
  /** The file line of each record, by code. */
  readonly lines?: ReadonlyMap<string, number>;
}

/**
 * Adds new organisations and updates changed ones, all in one transaction; organisations not in the
 * input are kept. Throws InputError, writing nothing, when a reference cannot be resolved.
 */
export async function importOrganisations(db: Kysely<DB>, request: ImportRequest): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    const stored = await getAllOrganisations(trx);
    const problems = checkReferences(
      request.records,
      new Map([...stored].map(([code, record]) => [code, record.type])),
      request.lines,
    );
    if (problems.length > 0) throw new InputError(request.source, problems);

    const added = request.records.filter((record) => !stored.has(record.code));
    const changed = request.records.filter((record) => {
      const before = stored.get(record.code);
      return before !== undefined && !sameOrganisation(before, record);
    });
    await insertOrganisations(trx, added);
    await updateOrganisations(trx, changed);
    return { added: added.length, changed: changed.length, unchanged: request.records.length - added.length - changed.length };
  });
}
