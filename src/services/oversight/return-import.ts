import type { Kysely, Transaction } from 'kysely';
import { auditActorOf } from '../../domain/audit/event.ts';
import type { JsonValue } from '../../domain/audit/canonical-json.ts';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { ImportRejectedError, ProblemList } from '../../domain/indicator-import/problems.ts';
import { LONG_TEXT_LIMIT } from '../../domain/oversight/levels.ts';
import { readSourceRows, type TableColumns, type TableRecord, tableRecords } from '../../domain/oversight/table-file.ts';
import { assertCan } from '../../domain/policy/can.ts';
import {
  findOversightImportBatchByHash,
  insertOversightImportBatch,
  type OversightImportBatch,
  type OversightImportKind,
} from '../../db/repositories/oversight-import-batches.ts';
import type { DB } from '../../db/schema.ts';
import { recordAuditEvent } from '../audit.ts';
import { type DataFile, hashFile } from '../import-indicator-data.ts';

// The one way a national return (finance, the 360° survey) is imported, in the indicator importer's style: the
// policy first; the same file (by SHA-256) recognised and left alone; every row checked and every problem
// reported by row and column, nothing written if there is one; rows already stored replaced only with a
// reason; the batch, the rows and one audit event in one transaction. Each kind of return says how its rows
// are read, compared with what is stored and written.

export interface ReturnImportRequest {
  readonly file: DataFile;
  /** Why stored rows are being replaced; without it, a row that would replace one is a problem. */
  readonly reason?: string | undefined;
  /** Check and report, writing nothing. */
  readonly dryRun?: boolean | undefined;
  readonly requestId?: string | undefined;
  readonly at?: Date | undefined;
}

export type ReturnImportOutcome =
  | { readonly kind: 'imported'; readonly batch: OversightImportBatch }
  /** The same file (by SHA-256) was imported before: nothing changed. */
  | { readonly kind: 'unchanged'; readonly batch: OversightImportBatch }
  | { readonly kind: 'dry-run'; readonly rows: number; readonly wouldReplace: number; readonly fileSha256: string };

/** What stored rows a return would replace (under the importer's lock). */
export interface StoredComparison {
  readonly replacing: number;
  /** The batches that brought the rows it replaces. */
  readonly replacedBatchIds: readonly string[];
}

/** How one kind of return is read, checked against what is stored, and written. */
export interface ReturnImporter<Parsed> {
  readonly kind: OversightImportKind;
  /** The import's policy action, asked before anything else. */
  readonly policy: 'oversight.import-finance' | 'oversight.import-survey';
  /** The audit action: oversight.finance.import, oversight.survey.import. */
  readonly action: string;
  readonly columns: TableColumns;
  /** Checks every record, adding each problem to the list, and returns what it read; `today` is the import's date. */
  parse(records: readonly TableRecord[], problems: ProblemList, today: string): Promise<Parsed> | Parsed;
  rowCount(parsed: Parsed): number;
  /**
   * Inside the transaction: waits for other imports of the same rows, then counts the stored rows the return
   * would replace. Without a reason, each is added to the problems (naming its row and column) instead.
   */
  compareWithStored(trx: Transaction<DB>, parsed: Parsed, reason: string | undefined, problems: ProblemList): Promise<StoredComparison>;
  write(trx: Transaction<DB>, batchId: string, parsed: Parsed): Promise<void>;
  /** What the return brought, for the audit event. */
  describe(parsed: Parsed): Readonly<Record<string, JsonValue>>;
}

function reasonOf(reason: string | undefined): string | undefined {
  const trimmed = reason?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  if (trimmed.length > LONG_TEXT_LIMIT) {
    throw new InputError('reason', [{ field: 'reason', message: `is ${trimmed.length.toLocaleString('en-GB')} characters long; the most a reason can be is ${LONG_TEXT_LIMIT.toLocaleString('en-GB')}` }]);
  }
  return trimmed;
}

/** Imports one return file all or nothing (see the comment at the top), throwing ImportRejectedError with every problem. */
export async function importReturn<Parsed>(db: Kysely<DB>, actor: Actor, importer: ReturnImporter<Parsed>, request: ReturnImportRequest): Promise<ReturnImportOutcome> {
  assertCan(actor, importer.policy);
  const at = request.at ?? new Date();
  const reason = reasonOf(request.reason);
  const { sha256 } = await hashFile(request.file);
  const earlier = await findOversightImportBatchByHash(db, importer.kind, sha256);
  if (earlier !== undefined) return { kind: 'unchanged', batch: earlier };

  const source = request.file.fileName;
  const records = tableRecords(source, await readSourceRows(source, request.file.format, request.file.read()), importer.columns);
  const problems = new ProblemList();
  const parsed = await importer.parse(records, problems, londonDate(at));
  if (problems.count > 0) throw new ImportRejectedError(source, problems);
  const rows = importer.rowCount(parsed);

  return db.transaction().execute(async (trx) => {
    const stored = await importer.compareWithStored(trx, parsed, reason, problems);
    if (problems.count > 0) throw new ImportRejectedError(source, problems);
    if (request.dryRun === true) return { kind: 'dry-run', rows, wouldReplace: stored.replacing, fileSha256: sha256 };
    const batch = await insertOversightImportBatch(trx, {
      kind: importer.kind,
      fileName: source,
      fileFormat: request.file.format,
      fileSha256: sha256,
      rowCount: rows,
      replacedCount: stored.replacing,
      reason: reason ?? null,
      importedBy: auditActorOf(actor).label,
      importedAt: at,
    });
    await importer.write(trx, batch.id, parsed);
    await recordAuditEvent(trx, {
      actor,
      action: importer.action,
      object: { type: 'oversight-import-batch', id: batch.id },
      after: {
        ...importer.describe(parsed),
        fileName: source,
        fileFormat: request.file.format,
        fileSha256: sha256,
        rows,
        replaced: stored.replacing,
        replacedBatchIds: [...stored.replacedBatchIds],
      },
      reason,
      requestId: request.requestId,
    });
    return { kind: 'imported', batch };
  });
}
