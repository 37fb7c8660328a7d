import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import type { ProblemList } from '../../domain/indicator-import/problems.ts';
import { assuranceYearOf, yearLabel } from '../../domain/oversight/assurance-year.ts';
import { changedColumn, FINANCE_COLUMNS, type FinanceRow, formatThousands, monthLabel, readFinanceRecords } from '../../domain/oversight/finance-import.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { listFinanceReturns, lockFinanceOrganisations, type StoredFinanceReturn, writeFinanceReturns } from '../../db/repositories/finance-submissions.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { configuredOversight } from './config.ts';
import { importReturn, type ReturnImporter, type ReturnImportOutcome, type ReturnImportRequest, type StoredComparison } from './return-import.ts';

// Importing CCGs' monthly finance returns (CSV or .xlsx): a national analyst's job. A file may bring any CCGs
// and months; a month already stored with the same figures is left as it is, and one whose figures change is
// replaced only with a reason. A CCG's allocation stays one figure a year across the file and what is stored.

const key = (organisationCode: string, month: string): string => `${organisationCode}\u0000${month}`;

function from(stored: StoredFinanceReturn): string {
  return `from ${stored.fileName}, imported ${longDate(londonDate(stored.importedAt))}`;
}

/** Stored months of a CCG's year that the file does not bring must carry the file's allocation for that year. */
function checkAllocations(rows: readonly FinanceRow[], stored: readonly StoredFinanceReturn[], inFile: ReadonlySet<string>, yearStartMonth: number, problems: ProblemList): void {
  const firstRows = new Map<string, FinanceRow>();
  for (const row of rows) {
    const yearKey = key(row.organisationCode, assuranceYearOf(row.month, yearStartMonth).id);
    if (!firstRows.has(yearKey)) firstRows.set(yearKey, row);
  }
  const reported = new Set<string>();
  for (const earlier of stored) {
    const yearId = assuranceYearOf(earlier.month, yearStartMonth).id;
    const yearKey = key(earlier.organisationCode, yearId);
    const row = firstRows.get(yearKey);
    if (row === undefined || inFile.has(key(earlier.organisationCode, earlier.month)) || earlier.allocation === row.allocation || reported.has(yearKey)) continue;
    reported.add(yearKey);
    problems.add({
      row: row.sourceRow,
      field: 'allocation',
      message:
        `is ${formatThousands(row.allocation)} but ${row.organisationCode}'s stored return for ${monthLabel(earlier.month)} gives ${formatThousands(earlier.allocation)} (${from(earlier)}): ` +
        `a CCG's allocation is one figure for the whole of ${yearLabel(yearId)}; to change it, give every stored month of the year again with the new allocation`,
    });
  }
}

function financeImporter(db: Kysely<DB>, yearStartMonth: number): ReturnImporter<FinanceRow[]> {
  return {
    kind: 'finance',
    policy: 'oversight.import-finance',
    action: 'oversight.finance.import',
    columns: FINANCE_COLUMNS,
    async parse(records, problems, today) {
      const organisations = await getAllOrganisations(db);
      const ccgCodes = new Set([...organisations.values()].filter((organisation) => organisation.type === 'ccg').map((organisation) => organisation.code));
      return readFinanceRecords(records, { ccgCodes, today, yearStartMonth }, problems);
    },
    rowCount: (rows) => rows.length,
    async compareWithStored(trx, rows, reason, problems): Promise<StoredComparison> {
      const codes = [...new Set(rows.map((row) => row.organisationCode))];
      await lockFinanceOrganisations(trx, codes);
      const stored = await listFinanceReturns(trx, { organisationCodes: codes });
      const storedByKey = new Map(stored.map((earlier) => [key(earlier.organisationCode, earlier.month), earlier]));
      let replacing = 0;
      const replacedBatchIds = new Set<string>();
      for (const row of rows) {
        const earlier = storedByKey.get(key(row.organisationCode, row.month));
        const change = earlier === undefined ? null : changedColumn(row, earlier);
        if (earlier === undefined || change === null) continue;
        replacing += 1;
        replacedBatchIds.add(earlier.importBatchId);
        if (reason !== undefined) continue;
        problems.add({
          row: row.sourceRow,
          field: change.column,
          message:
            `is ${formatThousands(change.now)} but ${row.organisationCode}'s return for ${monthLabel(row.month)} is stored already with ${formatThousands(change.was)} (${from(earlier)}); ` +
            'to replace a stored return, import the file with a reason',
        });
      }
      checkAllocations(rows, stored, new Set(rows.map((row) => key(row.organisationCode, row.month))), yearStartMonth, problems);
      return { replacing, replacedBatchIds: [...replacedBatchIds] };
    },
    async write(trx, batchId, rows) {
      await writeFinanceReturns(trx, batchId, rows);
    },
    describe: (rows) => {
      const months = rows.map((row) => row.month).sort();
      return { returns: rows.length, organisations: new Set(rows.map((row) => row.organisationCode)).size, firstMonth: months[0] ?? null, lastMonth: months.at(-1) ?? null };
    },
  };
}

/**
 * Imports a finance returns file all or nothing: every row checked (a CCG of the registry, a month that has
 * ended, amounts in £ thousands, one row per CCG and month, one allocation per CCG and year), every problem by
 * row and column, the same file recognised by its SHA-256, a stored return whose figures change replaced only
 * with a reason; one import batch of kind finance and one audit event (oversight.finance.import).
 */
export async function importFinanceReturns(db: Kysely<DB>, actor: Actor, request: ReturnImportRequest, options: { yearStartMonth?: number } = {}): Promise<ReturnImportOutcome> {
  // The policy before the configuration file is read, as before anything else.
  assertCan(actor, 'oversight.import-finance');
  const yearStartMonth = options.yearStartMonth ?? (await configuredOversight()).yearStartMonth;
  return importReturn(db, actor, financeImporter(db, yearStartMonth), request);
}
