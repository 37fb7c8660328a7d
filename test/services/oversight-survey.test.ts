import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import writeXlsxFile, { type SheetData } from 'write-excel-file/node';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../src/db/connect.ts';
import { countAuditEvents, listAuditEvents } from '../../src/db/repositories/audit-events.ts';
import { listIndicatorValues } from '../../src/db/repositories/indicator-values.ts';
import { listOversightImportBatches } from '../../src/db/repositories/oversight-import-batches.ts';
import { listStakeholderSurveys, listSurveyQuestions, listSurveyResults } from '../../src/db/repositories/stakeholder-survey.ts';
import { InputError } from '../../src/domain/csv/decode.ts';
import { ImportRejectedError } from '../../src/domain/indicator-import/problems.ts';
import { NotPermittedError } from '../../src/domain/policy/decision.ts';
import { NotFoundError } from '../../src/services/errors.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import type { DataFile } from '../../src/services/import-indicator-data.ts';
import { nationalSurvey, organisationSurvey, surveyOrganisations } from '../../src/services/oversight/survey.ts';
import { importSurveyResults } from '../../src/services/oversight/survey-import.ts';
import { writeSurveyIndicator } from '../../src/services/oversight/survey-indicator.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';
import { testUser } from '../support/identity.ts';

const analyst = testUser('analyst', { role: 'national-analyst' });
const northLead = testUser('north-lead', { role: 'regional-lead', regionCode: 'Y54' });
const londonLead = testUser('london-lead', { role: 'regional-lead', regionCode: 'Y56' });
const airedale = testUser('airedale', { role: 'ccg-user', organisationCode: '02N' });
const AT = new Date('2016-05-03T09:00:00Z');

const EXAMPLE = readFileSync(new URL('../fixtures/oversight/survey-example.csv', import.meta.url), 'utf8');

function csv(text: string, fileName = 'survey.csv'): DataFile {
  const bytes = Buffer.from(text);
  return { fileName, format: 'csv', read: async function* read() { yield bytes; } };
}

/** The example with one cell changed: the row whose first cells start with `prefix`. */
function changed(prefix: string, column: number, value: string): string {
  return EXAMPLE.split('\n')
    .map((line) => {
      if (!line.startsWith(prefix)) return line;
      const cells: string[][] = parse(line, {});
      const row = cells[0] ?? [];
      row[column] = value;
      return row.map((cell) => (cell.includes(',') ? `"${cell}"` : cell)).join(',');
    })
    .join('\n');
}

for (const engine of testEngines()) {
  describe(`360° survey import on ${engine}`, () => {
    let database: Database;
    before(async () => {
      database = await createTestDatabase(engine, { seeded: true });
    });
    after(async () => {
      await database.close();
    });

    it('asks the policy before reading the file: only a national analyst imports', async () => {
      for (const actor of [northLead, airedale]) {
        await assert.rejects(importSurveyResults(database.db, actor, { file: csv('not,a,survey\n'), at: AT }), (error: unknown) => error instanceof NotPermittedError && error.decision === 'forbid');
      }
    });

    it('checks every row and writes nothing when one is wrong', async () => {
      const bad = changed('2016,2016-04-04,02N,gp-members,Q1', 6, '25').replaceAll(',02T,providers,', ',XXX,providers,');
      await assert.rejects(importSurveyResults(database.db, analyst, { file: csv(bad, 'bad.csv'), at: AT }), (error: unknown) => {
        assert.ok(error instanceof ImportRejectedError);
        assert.deepEqual(
          error.problems.map((problem) => [problem.row, problem.field]),
          [
            [2, 'positive'],
            [20, 'organisation_code'],
            [21, 'organisation_code'],
          ],
        );
        assert.match(error.message, /bad\.csv, row 2, field "positive": 25 positive answers is more than the 24 answers given/);
        assert.match(error.message, /3 problems; nothing was imported/);
        return true;
      });
      await assert.rejects(importSurveyResults(database.db, analyst, { file: csv('survey_year,organisation_code\n2016,02N\n', 'short.csv'), at: AT }), /short\.csv, row 1, field "fieldwork_ends_on": is missing/);
      assert.deepEqual(await listStakeholderSurveys(database.db), []);
      assert.deepEqual(await listOversightImportBatches(database.db, 'survey'), []);
    });

    it('checks without writing on a dry run', async () => {
      const outcome = await importSurveyResults(database.db, analyst, { file: csv(EXAMPLE), dryRun: true, at: AT });
      assert.equal(outcome.kind, 'dry-run');
      assert.equal(outcome.rows, 37);
      assert.equal(outcome.wouldReplace, 0);
      assert.deepEqual(await listStakeholderSurveys(database.db), []);
    });

    it('imports the file whole: the survey, its questions and every result, one batch and one audit event', async () => {
      const outcome = await importSurveyResults(database.db, analyst, { file: csv(EXAMPLE, 'survey-example.csv'), at: AT, requestId: 'req-1' });
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.kind, 'survey');
      assert.equal(outcome.batch.rowCount, 37);
      assert.equal(outcome.batch.replacedCount, 0);
      assert.deepEqual(await listStakeholderSurveys(database.db), [{ surveyYear: 2016, fieldworkEndsOn: '2016-04-04' }]);
      assert.deepEqual(
        (await listSurveyQuestions(database.db, 2016)).map((question) => question.code),
        ['Q1', 'Q2', 'Q9'],
      );
      const results = await listSurveyResults(database.db, 2016, { organisationCodes: ['02N'] });
      assert.equal(results.length, 13);
      assert.deepEqual(results.find((result) => result.stakeholderGroup === 'gp-members' && result.questionCode === 'Q1'), {
        surveyYear: 2016,
        organisationCode: '02N',
        stakeholderGroup: 'gp-members',
        questionCode: 'Q1',
        positive: 18,
        responses: 24,
      });
      const [event] = await listAuditEvents(database.db, { action: 'oversight.survey.import' }, { limit: 5, offset: 0 });
      assert.equal(event?.object.type, 'oversight-import-batch');
      assert.equal(event.object.id, outcome.batch.id);
      assert.equal(event.requestId, 'req-1');
      assert.deepEqual((event.after as { surveys: unknown }).surveys, [{ surveyYear: 2016, fieldworkEndsOn: '2016-04-04', questions: 3, organisations: 3, results: 37 }]);
    });

    it('recognises the same file and changes nothing', async () => {
      const events = await countAuditEvents(database.db);
      const outcome = await importSurveyResults(database.db, analyst, { file: csv(EXAMPLE, 'again.csv'), at: AT });
      assert.equal(outcome.kind, 'unchanged');
      assert.equal(outcome.batch.fileName, 'survey-example.csv');
      assert.equal(await countAuditEvents(database.db), events);
    });

    it('replaces a stored year only with a reason, and then the whole year', async () => {
      const corrected = changed('2016,2016-04-04,02N,gp-members,Q1', 6, '17')
        .split('\n')
        .filter((line) => !line.startsWith('2016,2016-04-04,10A'))
        .join('\n');
      await assert.rejects(importSurveyResults(database.db, analyst, { file: csv(corrected, 'corrected.csv'), at: AT }), (error: unknown) => {
        assert.ok(error instanceof ImportRejectedError);
        assert.match(error.message, /corrected\.csv, row 2, field "survey_year": the 2016 survey is stored already \(37 results from survey-example\.csv, imported 3 May 2016\); to replace the whole year with this file, import it with a reason/);
        return true;
      });
      assert.equal((await listSurveyResults(database.db, 2016)).length, 37, 'nothing stored is lost');
      const outcome = await importSurveyResults(database.db, analyst, { file: csv(corrected, 'corrected.csv'), reason: 'Ipsos MORI corrected 02N', at: AT });
      assert.equal(outcome.kind, 'imported');
      assert.equal(outcome.batch.replacedCount, 37);
      assert.equal(outcome.batch.reason, 'Ipsos MORI corrected 02N');
      const results = await listSurveyResults(database.db, 2016);
      assert.equal(results.length, 24);
      assert.ok(!results.some((result) => result.organisationCode === '10A'), 'the year is replaced whole');
      assert.equal(results.find((result) => result.organisationCode === '02N' && result.stakeholderGroup === 'gp-members' && result.questionCode === 'Q1')?.positive, 17);
      const [event] = await listAuditEvents(database.db, { action: 'oversight.survey.import' }, { limit: 1, offset: 0 });
      assert.equal(event?.reason, 'Ipsos MORI corrected 02N');
      // Put the example back for the tests that follow.
      await importSurveyResults(database.db, analyst, { file: csv(`${EXAMPLE}\n`, 'survey-example-restored.csv'), reason: 'Back to the example', at: AT });
    });

    it('reads an Excel workbook as it reads CSV', async () => {
      const rows: string[][] = parse(EXAMPLE, {});
      const sheet: SheetData = rows.map((cells, row) => cells.map((cell, column) => (row > 0 && (column === 0 || column >= 6) ? Number(cell) : cell)));
      const buffer = await writeXlsxFile(sheet).toBuffer();
      const outcome = await importSurveyResults(database.db, analyst, { file: { fileName: 'survey.xlsx', format: 'xlsx', read: async function* read() { yield buffer; } }, dryRun: true, reason: 'check', at: AT });
      assert.deepEqual(outcome.kind === 'dry-run' ? [outcome.rows, outcome.wouldReplace] : [], [37, 37]);
    });

    it('gives the national picture to national roles only', async () => {
      const national = await nationalSurvey(database.db, analyst);
      assert.deepEqual(national.survey, { surveyYear: 2016, fieldworkEndsOn: '2016-04-04' });
      assert.equal(national.source?.fileName, 'survey-example-restored.csv');
      const q1 = national.questions.find((question) => question.code === 'Q1');
      assert.equal(q1?.text, 'Overall, how would you rate the effectiveness of your working relationship with the CCG?');
      // 02N 26/36, 02T 39/46, 10A 17/30 answered Q1 positively.
      assert.equal(q1.picture.england.positive, 82);
      assert.equal(q1.picture.england.responses, 112);
      assert.deepEqual(q1.cells.map((cell) => [cell.organisationCode, cell.result?.positive, cell.result?.responses]), [
        ['02N', 26, 36],
        ['02T', 39, 46],
        ['10A', 17, 30],
      ]);
      assert.equal(q1.cells[0]?.organisationName, 'NHS Airedale, Wharfedale and Craven CCG');
      await assert.rejects(nationalSurvey(database.db, northLead), NotPermittedError);
      await assert.rejects(nationalSurvey(database.db, analyst, { year: 2014 }), /There is no 360° stakeholder survey for 2014: the surveys stored are 2016/);
    });

    it('gives a CCG\'s results by question and group to those who see it, hiding it from others', async () => {
      const survey = await organisationSurvey(database.db, airedale, '02N');
      assert.equal(survey.organisation.name, 'NHS Airedale, Wharfedale and Craven CCG');
      assert.deepEqual(
        survey.peers.slice(0, 2).map((peer) => peer.code),
        ['02T', '10A'],
      );
      const q1 = survey.questions.find((question) => question.code === 'Q1');
      assert.deepEqual(
        q1?.rows.map((row) => [row.group, row.responses, row.suppressed]),
        [
          ['all', 36, false],
          ['gp-members', 24, false],
          ['health-and-wellbeing-board', 1, true],
          ['healthwatch', 1, true],
          ['providers', 5, false],
          ['local-authorities', 2, true],
          ['other-ccgs', 3, true],
        ],
      );
      assert.equal(q1.rows[0]?.similar.reference, (39 + 17) / (46 + 30), 'its similar CCGs in the file pooled');
      assert.deepEqual(
        survey.questions.find((question) => question.code === 'Q9')?.rows.map((row) => row.group),
        ['all', 'gp-members'],
      );
      assert.equal((await organisationSurvey(database.db, northLead, '02N')).questions.length, 3);
      await assert.rejects(organisationSurvey(database.db, londonLead, '02N'), NotFoundError);
      await assert.rejects(organisationSurvey(database.db, airedale, '02T'), NotFoundError);
      await assert.rejects(organisationSurvey(database.db, analyst, 'Y54'), NotFoundError, 'a region is not a CCG');
      assert.deepEqual(
        (await surveyOrganisations(database.db, airedale)).map((organisation) => organisation.code),
        ['02N'],
      );
      assert.ok((await surveyOrganisations(database.db, northLead)).every((organisation) => organisation.code !== '07P'));
    });

    it('writes the framework\'s survey indicator through the indicator importer', async () => {
      await installShippedFrameworks(database.db);
      await assert.rejects(writeSurveyIndicator(database.db, northLead, { surveyYear: 2016, frameworkVersionId: 'ccg-iaf-2016-17@1', dataset: 'survey-2016' }), NotPermittedError);
      await assert.rejects(writeSurveyIndicator(database.db, analyst, { surveyYear: 2016, frameworkVersionId: 'ccg-af-2015-16@1', dataset: 'survey-2016' }), (error: unknown) => error instanceof InputError && /has no indicator fed by the 360° survey/.test(error.message));
      await assert.rejects(writeSurveyIndicator(database.db, analyst, { surveyYear: 2015, frameworkVersionId: 'ccg-iaf-2016-17@1', dataset: 'survey-2016' }), NotFoundError);
      const written = await writeSurveyIndicator(database.db, analyst, { surveyYear: 2016, frameworkVersionId: 'ccg-iaf-2016-17@1', dataset: 'survey-2016' });
      assert.equal(written.outcome.kind, 'imported');
      assert.deepEqual(written.indicators, ['360-survey']);
      assert.equal(written.values, 3);
      const values = await listIndicatorValues(database.db, 'survey-2016');
      assert.deepEqual(
        values.map((value) => [value.organisationCode, value.indicatorCode, value.periodStart, value.periodEnd, value.numerator, value.denominator]),
        [
          ['02N', '360-survey', '2016-01-01', '2016-04-04', 26, 36],
          ['02T', '360-survey', '2016-01-01', '2016-04-04', 39, 46],
          ['10A', '360-survey', '2016-01-01', '2016-04-04', 17, 30],
        ],
      );
      assert.match(values[0]?.source ?? '', /360° stakeholder survey 2016 \(fieldwork ended 2016-04-04\), question Q1, every stakeholder group; from survey-example-restored\.csv/);
      const [event] = await listAuditEvents(database.db, { action: 'data.import' }, { limit: 1, offset: 0 });
      assert.equal((event?.after as { dataset: string }).dataset, 'survey-2016');
      const again = await writeSurveyIndicator(database.db, analyst, { surveyYear: 2016, frameworkVersionId: 'ccg-iaf-2016-17@1', dataset: 'survey-2016' });
      assert.equal(again.outcome.kind, 'unchanged', 'the same values are recognised');
    });
  });
}
