import type { Kysely, Transaction } from 'kysely';
import type { JsonValue } from '../domain/audit/canonical-json.ts';
import { InputError } from '../domain/csv/decode.ts';
import type { Actor } from '../domain/identity/actor.ts';
import { type OrganisationRecord, sameOrganisation } from '../domain/organisations/organisation.ts';
import { checkReferences } from '../domain/organisations/parse-import.ts';
import { assertCan } from '../domain/policy/can.ts';
import { getAllOrganisations, insertOrganisations, updateOrganisations } from '../db/repositories/organisations.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvents } from './audit.ts';

export interface ImportSummary {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** Organisations to import, and where they come from. */
export interface ImportInput {
  /** Names the input in messages and on the audit trail (a file name). */
  readonly source: string;
  readonly records: readonly OrganisationRecord[];
  /** The file line of each record, by code. */
  readonly lines?: ReadonlyMap<string, number>;
}

export interface ImportRequest extends ImportInput {
  /** Who is importing: every organisation added or changed is recorded on the audit trail as theirs. */
  readonly actor: Actor;
}

/** What an import did: the new records, and the changed ones with their state before. */
export interface ImportChanges {
  readonly added: readonly OrganisationRecord[];
  readonly changed: readonly { readonly before: OrganisationRecord; readonly after: OrganisationRecord }[];
  readonly unchanged: number;
}

/**
 * Adds new organisations and updates changed ones inside the caller's transaction, asking no policy and
 * recording nothing on the audit trail: the caller does both (importOrganisations for a person; first-start
 * seeding is Assure itself and records its own event). Throws InputError, before writing, when a reference
 * cannot be resolved.
 */
export async function applyOrganisationImport(trx: Transaction<DB>, input: ImportInput): Promise<ImportChanges> {
  const stored = await getAllOrganisations(trx);
  const problems = checkReferences(
    input.records,
    new Map([...stored].map(([code, record]) => [code, record.type])),
    input.lines,
  );
  if (problems.length > 0) throw new InputError(input.source, problems);

  const added = input.records.filter((record) => !stored.has(record.code));
  const changed = input.records.flatMap((record) => {
    const before = stored.get(record.code);
    return before === undefined || sameOrganisation(before, record) ? [] : [{ before, after: record }];
  });
  await insertOrganisations(trx, added);
  await updateOrganisations(
    trx,
    changed.map((change) => change.after),
  );
  return { added, changed, unchanged: input.records.length - added.length - changed.length };
}

export function summariseImport(changes: ImportChanges): ImportSummary {
  return { added: changes.added.length, changed: changes.changed.length, unchanged: changes.unchanged };
}

/** An organisation as the audit trail records its state. */
function auditState(record: OrganisationRecord): JsonValue {
  return { ...record, peerCodes: [...record.peerCodes] };
}

/**
 * Adds new organisations and updates changed ones, all in one transaction with one audit event for
 * each organisation added or changed; organisations not in the input are kept, and an unchanged
 * organisation leaves no event. Throws NotPermittedError unless the actor may import organisations, and
 * InputError when a reference cannot be resolved, writing nothing either way.
 */
export async function importOrganisations(db: Kysely<DB>, request: ImportRequest): Promise<ImportSummary> {
  assertCan(request.actor, 'organisation.import');
  return db.transaction().execute(async (trx) => {
    const changes = await applyOrganisationImport(trx, request);
    const reason = `Imported from ${request.source}`;
    await recordAuditEvents(trx, [
      ...changes.added.map((record) => ({
        actor: request.actor,
        action: 'organisation.import',
        object: { type: 'organisation', id: record.code },
        after: auditState(record),
        reason,
      })),
      ...changes.changed.map(({ before, after }) => ({
        actor: request.actor,
        action: 'organisation.import',
        object: { type: 'organisation', id: after.code },
        before: auditState(before),
        after: auditState(after),
        reason,
      })),
    ]);
    return summariseImport(changes);
  });
}
