import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../src/db/connect.ts';
import { countAuditEvents, listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { listFinanceReturns } from '../../src/db/repositories/finance-submissions.ts';
import { listOversightImportBatches } from '../../src/db/repositories/oversight-import-batches.ts';
import { ImportRejectedError } from '../../src/domain/indicator-import/problems.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { DEFAULT_TRIGGER_CONFIG, type TriggerConfig } from '../../src/domain/special-measures/trigger-config.ts';
import { NotFoundError } from '../../src/services/errors.ts';
import type { DataFile } from '../../src/services/import-indicator-data.ts';
import { nationalFinance, organisationFinance, regionFinance } from '../../src/services/oversight/finance.ts';
import { importFinanceReturns } from '../../src/services/oversight/finance-import.ts';
import { listCaseProposals, recordTriggerEvidence } from '../../src/services/special-measures/proposals.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const admin = testUser('admin', { role: 'admin' });
const AT = new Date('2016-08-10T09:00:00Z');
const OPTIONS = { yearStartMonth: 4 };

const EXAMPLE = readFileSync(new URL('../fixtures/oversight/finance-example.csv', import.meta.url), 'utf8');

function csv(text: string, fileName = 'finance.csv'): DataFile {
  const bytes = Buffer.from(text);
  return { fileName, format: 'csv', read: async function* read() { yield bytes; } };
}

function importFile(text: string, fileName: string, extra: { reason?: string; dryRun?: boolean } = {}) {
  return importFinanceReturns(testDatabase().db, analyst, { file: csv(text, fileName), at: AT, ...extra }, OPTIONS);
}

let current: Database | undefined;
function testDatabase(): Database {
  if (current === undefined) throw new Error('no database');
  return current;
}

/** The trigger proposing after this many consecutive reports seriously off plan. */
function triggers(consecutiveReports: number): TriggerConfig {
  return { ...DEFAULT_TRIGGER_CONFIG, financialVariance: { ...DEFAULT_TRIGGER_CONFIG.financialVariance, consecutiveReports } };
}

for (const engine of testEngines()) {
  describe(`finance returns on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
      current = database;
    });
    after(async () => {
      await database.close();
    });

    it('asks the policy before reading the file: only a national analyst imports', async () => {
      for (const actor of [northLead, airedale, admin]) {
        await assert.rejects(importFinanceReturns(database.db, actor, { file: csv('not,a,return\n'), at: AT }, OPTIONS), (error: unknown) => error instanceof NotPermittedError && error.decision === 'forbid');
      }
    });

    it('checks every row and writes nothing when one is wrong', async () => {
      const bad = EXAMPLE.replace('02N,2016-05,400000,4000,33000,32900', '02N,2016-05,400000,4000,33000,-5').replace('08H,2016-07', 'XXX,2016-07').replace('02T,2016-07,300000', '02T,2016-07,310000');
      await assert.rejects(importFile(bad, 'bad.csv'), (error: unknown) => {
        assert.ok(error instanceof ImportRejectedError);
        assert.deepEqual(
          error.problems.map((problem) => [problem.row, problem.field]),
          [
            [3, 'actual'],
            [9, 'allocation'],
            [13, 'organisation_code'],
          ],
        );
        assert.match(error.message, /bad\.csv, row 3, field "actual": -5 is negative: the month's actual expenditure is 0 or more/);
        assert.match(error.message, /3 problems; nothing was imported/);
        return true;
      });
      await assert.rejects(importFile('organisation_code,month\n02N,2016-04\n', 'short.csv'), /short\.csv, row 1, field "allocation": is missing/);
      await assert.rejects(importFile(EXAMPLE.replace('02N,2016-07', '02N,2016-08'), 'early.csv'), /early\.csv, row 5, field "month": August 2016 has not ended by today \(2016-08-10\)/);
      assert.deepEqual(await listFinanceReturns(database.db), []);
      assert.deepEqual(await listOversightImportBatches(database.db, 'finance'), []);
    });

    it('checks without writing on a dry run', async () => {
      const outcome = await importFile(EXAMPLE, 'finance-example.csv', { dryRun: true });
      assert.deepEqual(outcome.kind === 'dry-run' ? [outcome.rows, outcome.wouldReplace] : outcome.kind, [12, 0]);
      assert.deepEqual(await listFinanceReturns(database.db), []);
    });

    it('imports the file whole: every return, one batch and one audit event', async () => {
      const outcome = await importFinanceReturns(database.db, analyst, { file: csv(EXAMPLE, 'finance-example.csv'), at: AT, requestId: 'req-1' }, OPTIONS);
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.kind, 'finance');
      assert.equal(outcome.batch.rowCount, 12);
      assert.equal(outcome.batch.replacedCount, 0);
      const stored = await listFinanceReturns(database.db, { organisationCodes: ['02T'] });
      assert.deepEqual(
        stored.map((row) => [row.month, row.plan, row.actual, row.forecastOutturn, row.sourceRow, row.fileName]),
        [
          ['2016-04-01', 24_500, 24_700, 297_500, 6, 'finance-example.csv'],
          ['2016-05-01', 24_500, 25_200, 301_000, 7, 'finance-example.csv'],
          ['2016-06-01', 24_500, 25_400, 302_500, 8, 'finance-example.csv'],
          ['2016-07-01', 24_500, 25_600, 304_000, 9, 'finance-example.csv'],
        ],
      );
      const [event] = await listAuditEvents(database.db, { action: 'oversight.finance.import' }, { limit: 5, offset: 0 });
      assert.equal(event?.object.type, 'oversight-import-batch');
      assert.equal(event.object.id, outcome.batch.id);
      assert.equal(event.requestId, 'req-1');
      assert.deepEqual(event.after, {
        returns: 12,
        organisations: 3,
        firstMonth: '2016-04-01',
        lastMonth: '2016-07-01',
        fileName: 'finance-example.csv',
        fileFormat: 'csv',
        fileSha256: outcome.batch.fileSha256,
        rows: 12,
        replaced: 0,
        replacedBatchIds: [],
      });
    });

    it('recognises the same file and changes nothing', async () => {
      const events = await countAuditEvents(database.db);
      const outcome = await importFile(EXAMPLE, 'again.csv');
      assert.equal(outcome.kind, 'unchanged');
      assert.equal(outcome.batch.fileName, 'finance-example.csv');
      assert.equal(await countAuditEvents(database.db), events);
    });

    it('leaves returns that say the same as they are, and replaces a changed one only with a reason', async () => {
      // A year-to-date file again, one month corrected: the unchanged months need no reason.
      const unchangedOnly = `${EXAMPLE.split('\n').slice(0, 5).join('\n')}\n`;
      const same = await importFile(unchangedOnly, 'same-months.csv');
      assert.equal(same.kind === 'imported' ? same.batch.replacedCount : same.kind, 0);
      assert.deepEqual(
        (await listFinanceReturns(database.db, { organisationCodes: ['02N'] })).map((row) => row.fileName),
        ['finance-example.csv', 'finance-example.csv', 'finance-example.csv', 'finance-example.csv'],
        'the months keep the file they came from',
      );

      const corrected = EXAMPLE.replace('02N,2016-06,400000,4000,33000,33200,396300', '02N,2016-06,400000,4000,33000,33900,397000');
      await assert.rejects(importFile(corrected, 'corrected.csv'), (error: unknown) => {
        assert.ok(error instanceof ImportRejectedError);
        assert.match(error.message, /corrected\.csv, row 4, field "actual": is 33,900 but 02N's return for June 2016 is stored already with 33,200 \(from finance-example\.csv, imported 10 August 2016\); to replace a stored return, import the file with a reason/);
        assert.equal(error.problemCount, 1);
        return true;
      });
      assert.equal((await listFinanceReturns(database.db, { organisationCodes: ['02N'] }))[2]?.actual, 33_200, 'nothing stored is lost');

      const outcome = await importFile(corrected, 'corrected.csv', { reason: 'The CCG restated June' });
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.replacedCount, 1);
      assert.equal(outcome.batch.reason, 'The CCG restated June');
      const june = (await listFinanceReturns(database.db, { organisationCodes: ['02N'] }))[2];
      assert.deepEqual([june?.actual, june?.forecastOutturn, june?.fileName], [33_900, 397_000, 'corrected.csv']);
      const [event] = await listAuditEvents(database.db, { action: 'oversight.finance.import' }, { limit: 1, offset: 0 });
      assert.equal(event?.reason, 'The CCG restated June');
      assert.deepEqual((event.after as { replacedBatchIds: unknown }).replacedBatchIds, [(await listOversightImportBatches(database.db, 'finance')).find((batch) => batch.fileName === 'finance-example.csv')?.id]);
    });

    it('refuses an allocation that differs from the stored months of the same year', async () => {
      const august = new Date('2016-09-05T09:00:00Z');
      const file = 'organisation_code,month,allocation,control_total,plan,actual,forecast_outturn\n02N,2016-08,401000,4000,33000,33000,397000\n';
      await assert.rejects(importFinanceReturns(database.db, analyst, { file: csv(file, 'august.csv'), at: august, reason: 'a reason does not change the year' }, OPTIONS), (error: unknown) => {
        assert.ok(error instanceof ImportRejectedError);
        assert.match(error.message, /august\.csv, row 2, field "allocation": is 401,000 but 02N's stored return for April 2016 gives 400,000 \(from finance-example\.csv, imported 10 August 2016\): a CCG's allocation is one figure for the whole of 2016\/17/);
        return true;
      });
    });

    it('reads an Excel workbook as it reads CSV', async () => {
      const rows: string[][] = parse(EXAMPLE, {});
      const sheet: SheetData = rows.map((cells, row) => cells.map((cell, column) => (row > 0 && column >= 2 ? Number(cell) : cell)));
      const buffer = await writeXlsxFile(sheet).toBuffer();
      const outcome = await importFinanceReturns(database.db, analyst, { file: { fileName: 'finance.xlsx', format: 'xlsx', read: async function* read() { yield buffer; } }, dryRun: true, reason: 'check', at: AT }, OPTIONS);
      assert.deepEqual(outcome.kind === 'dry-run' ? [outcome.rows, outcome.wouldReplace] : outcome.kind, [12, 1], 'June as first imported differs from the corrected June');
    });

    it('gives a CCG’s year month by month to those who see it, hiding it from others', async () => {
      const finance = await organisationFinance(database.db, airedale, '02N', undefined, { at: AT });
      assert.equal(finance.organisation.name, 'NHS Airedale, Wharfedale and Craven CCG');
      assert.deepEqual(finance.years, [{ id: '2016-17', label: '2016/17' }]);
      assert.equal(finance.year.year.id, '2016-17');
      assert.equal(finance.year.months.length, 12);
      assert.equal(finance.year.latest?.month, '2016-07-01');
      assert.equal(finance.year.latest.yearToDatePlan, 132_000);
      assert.equal(finance.year.latest.yearToDateActual, 33_100 + 32_900 + 33_900 + 33_050);
      assert.equal(finance.year.months[2]?.source?.fileName, 'corrected.csv');
      assert.equal(finance.year.months[8]?.source, null);
      assert.deepEqual(finance.threshold, { enabled: true, percentOfAllocation: 1, consecutiveReports: 1 });
      assert.equal((await organisationFinance(database.db, northLead, '02N')).year.latest?.month, '2016-07-01');
      assert.equal((await organisationFinance(database.db, analyst, '02N', '2015-16')).year.latest, null, 'a year without returns is empty, not an error');
      await assert.rejects(organisationFinance(database.db, analyst, '02N', '2015'), /"2015" is not an assurance year written like 2016-17/);
      await assert.rejects(organisationFinance(database.db, londonLead, '02N'), NotFoundError);
      await assert.rejects(organisationFinance(database.db, airedale, '02T'), NotFoundError);
      await assert.rejects(organisationFinance(database.db, analyst, 'Y54'), NotFoundError, 'a region is not a CCG');
      await assert.rejects(organisationFinance(database.db, admin, '02N'), NotPermittedError);
    });

    it('lists the CCGs one sees worst first: England for national roles, a region for its lead, a CCG its own', async () => {
      const england = await nationalFinance(database.db, analyst);
      assert.equal(england.entries.length, 209);
      assert.deepEqual(
        england.entries.slice(0, 4).map((entry) => [entry.code, entry.latest?.month ?? null, entry.beyondThreshold]),
        [
          ['02T', '2016-07-01', true],
          ['08H', '2016-07-01', false],
          ['02N', '2016-07-01', false],
          ['00C', null, false],
        ],
      );
      assert.equal(england.entries[0]?.latest?.forecastShortfall, 7_000);
      assert.deepEqual(
        england.regions.map((region) => region.code),
        ['Y54', 'Y55', 'Y56', 'Y57'],
      );
      const north = await nationalFinance(database.db, northLead);
      assert.ok(north.entries.every((entry) => entry.regionCode === 'Y54'));
      assert.deepEqual(north.regions, [{ code: 'Y54', name: 'North of England' }]);
      assert.deepEqual(
        (await nationalFinance(database.db, airedale)).entries.map((entry) => entry.code),
        ['02N'],
      );
      const london = await regionFinance(database.db, analyst, 'Y56');
      assert.equal(london.regionCode, 'Y56');
      assert.equal(london.entries[0]?.code, '08H');
      assert.ok(london.entries.every((entry) => entry.regionCode === 'Y56'));
      assert.deepEqual((await regionFinance(database.db, londonLead, 'Y54')).entries, [], 'another region’s CCGs are not listed');
      await assert.rejects(regionFinance(database.db, analyst, 'Y99'), NotFoundError);
      await assert.rejects(nationalFinance(database.db, admin), NotPermittedError);
    });

    it('feeds the financial trigger: a forecast seriously off plan in the configured consecutive reports proposes special measures', async () => {
      // 02T's forecast is 1.3%, 1.8% and 2.3% of its allocation below its control total in May, June and July.
      const proposals = async (consecutive: number) => (await listCaseProposals(database.db, analyst, AT, triggers(consecutive))).find((proposal) => proposal.organisationCode === '02T');
      const three = await proposals(3);
      assert.deepEqual(
        three?.findings.map((finding) => finding.kind),
        ['financial-variance'],
      );
      assert.match(three.findings[0]?.explanation ?? '', /each of the latest 3 financial reports .*at 31 July 2016 the forecast is a deficit of £4,000k against a planned surplus of £3,000k: £7,000k worse than plan, 2\.3% of the £300,000k allocation/);
      assert.equal(await proposals(4), undefined, 'April was within 1% of plan');
      assert.equal((await listCaseProposals(database.db, analyst, AT, triggers(1))).some((proposal) => proposal.organisationCode === '02N'), false);
    });

    it('lets a financial position recorded by hand for the same month end win over the return', async () => {
      await recordTriggerEvidence(database.db, northLead, { type: 'financial-position', organisationCode: '02T', periodEnd: '2016-07-31', allocation: 300_000, plannedSurplus: 3_000, forecastSurplus: 2_500 }, { at: AT });
      const proposed = (await listCaseProposals(database.db, analyst, AT, triggers(1))).find((proposal) => proposal.organisationCode === '02T');
      assert.equal(proposed, undefined, 'July as recorded by hand is within 1% of plan');
      const june = new Date('2016-07-15T09:00:00Z');
      assert.match((await listCaseProposals(database.db, analyst, june, triggers(1))).find((proposal) => proposal.organisationCode === '02T')?.findings[0]?.explanation ?? '', /at 30 June 2016/);
    });
  });
}
