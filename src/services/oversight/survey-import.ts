import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { readSurveyRecords, SURVEY_COLUMNS, type SurveyYearRows } from '../../domain/oversight/survey-import.ts';
import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { findStoredSurveyYears, lockSurveyYears, replaceSurveyYear } from '../../db/repositories/stakeholder-survey.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { importReturn, type ReturnImporter, type ReturnImportOutcome, type ReturnImportRequest } from './return-import.ts';

// Importing a 360° stakeholder survey results file (CSV or .xlsx): a national analyst's job. A survey year
// comes whole: importing a year that is stored already replaces all of that year's results, and needs a reason.

function surveyImporter(db: Kysely<DB>): ReturnImporter<SurveyYearRows[]> {
  return {
    kind: 'survey',
    policy: 'oversight.import-survey',
    action: 'oversight.survey.import',
    columns: SURVEY_COLUMNS,
    async parse(records, problems, today) {
      const organisations = await getAllOrganisations(db);
      const ccgCodes = new Set([...organisations.values()].filter((organisation) => organisation.type === 'ccg').map((organisation) => organisation.code));
      return readSurveyRecords(records, { ccgCodes, today }, problems);
    },
    rowCount: (years) => years.reduce((sum, year) => sum + year.results.length, 0),
    async compareWithStored(trx, years, reason, problems) {
      const surveyYears = years.map((year) => year.surveyYear);
      await lockSurveyYears(trx, surveyYears);
      const stored = await findStoredSurveyYears(trx, surveyYears);
      let replacing = 0;
      for (const year of years) {
        const earlier = stored.get(year.surveyYear);
        if (earlier === undefined) continue;
        replacing += earlier.results;
        if (reason !== undefined) continue;
        problems.add({
          row: year.firstRow,
          field: 'survey_year',
          message: `the ${String(year.surveyYear)} survey is stored already (${earlier.results.toLocaleString('en-GB')} results from ${earlier.fileName}, imported ${longDate(londonDate(earlier.importedAt))}); to replace the whole year with this file, import it with a reason`,
        });
      }
      return { replacing, replacedBatchIds: [...new Set([...stored.values()].map((year) => year.importBatchId))] };
    },
    async write(trx, batchId, years) {
      for (const year of years) await replaceSurveyYear(trx, batchId, year);
    },
    describe: (years) => ({
      surveys: years.map((year) => ({
        surveyYear: year.surveyYear,
        fieldworkEndsOn: year.fieldworkEndsOn,
        questions: year.questions.length,
        organisations: new Set(year.results.map((result) => result.organisationCode)).size,
        results: year.results.length,
      })),
    }),
  };
}

/**
 * Imports a 360° survey results file all or nothing: every row checked (a CCG of the registry, one of the six
 * stakeholder groups, one wording per question and one fieldwork end per year, positive ≤ responses), every
 * problem by row and column, the same file recognised by its SHA-256, a stored year replaced only with a
 * reason; one import batch of kind survey and one audit event (oversight.survey.import).
 */
export function importSurveyResults(db: Kysely<DB>, actor: Actor, request: ReturnImportRequest): Promise<ReturnImportOutcome> {
  return importReturn(db, actor, surveyImporter(db), request);
}
