import { type Kysely, sql } from 'kysely';
import { compareQuestionCodes, type StakeholderGroup, type SurveyResult } from '../../domain/oversight/survey.ts';
import type { SurveyQuestion, SurveyYearRows } from '../../domain/oversight/survey-import.ts';
import type { DB } from '../schema.ts';

// The 360° stakeholder survey as imported: a survey per year (when its fieldwork ended, the batch that brought
// it), its questions' wording, and per CCG, stakeholder group and question how many answered and how many of
// them positively.

export interface StakeholderSurveyRecord {
  readonly surveyYear: number;
  readonly fieldworkEndsOn: string;
}

/** Rows per INSERT: eight parameters each, well under the protocol's limit. */
const INSERT_ROWS = 1_000;

/** Every survey year stored, the newest first. */
export async function listStakeholderSurveys(db: Kysely<DB>): Promise<{ surveyYear: number; fieldworkEndsOn: string }[]> {
  const rows = await db.selectFrom('stakeholder_survey').select(['survey_year', 'fieldwork_ends_on']).orderBy('survey_year', 'desc').execute();
  return rows.map((row) => ({ surveyYear: row.survey_year, fieldworkEndsOn: row.fieldwork_ends_on }));
}

/** One year's questions in code order (Q2 before Q10). */
export async function listSurveyQuestions(db: Kysely<DB>, surveyYear: number): Promise<SurveyQuestion[]> {
  const rows = await db.selectFrom('stakeholder_survey_question').select(['question_code', 'question_text']).where('survey_year', '=', surveyYear).execute();
  return rows.map((row) => ({ code: row.question_code, text: row.question_text })).sort((a, b) => compareQuestionCodes(a.code, b.code));
}

/** One year's results (of the CCGs named, when given), by organisation, question and group. */
export async function listSurveyResults(db: Kysely<DB>, surveyYear: number, options: { organisationCodes?: readonly string[] } = {}): Promise<SurveyResult[]> {
  const codes = options.organisationCodes;
  if (codes?.length === 0) return [];
  let query = db
    .selectFrom('stakeholder_survey_result')
    .select(['survey_year', 'organisation_code', 'stakeholder_group', 'question_code', 'positive', 'responses'])
    .where('survey_year', '=', surveyYear);
  if (codes !== undefined) query = query.where('organisation_code', 'in', codes);
  const rows = await query.orderBy('organisation_code').orderBy('question_code').orderBy('stakeholder_group').execute();
  return rows.map((row) => ({
    surveyYear: row.survey_year,
    organisationCode: row.organisation_code,
    stakeholderGroup: row.stakeholder_group as StakeholderGroup,
    questionCode: row.question_code,
    positive: row.positive,
    responses: row.responses,
  }));
}

/** Waits for any other import of these survey years to finish (inside the caller's transaction). */
export async function lockSurveyYears(db: Kysely<DB>, surveyYears: readonly number[]): Promise<void> {
  for (const year of [...surveyYears].sort((a, b) => a - b)) await sql`SELECT pg_advisory_xact_lock(hashtext(${`stakeholder-survey:${String(year)}`}))`.execute(db);
}

/** A survey year stored already: how many results, and the file they came from. */
export interface StoredSurveyYear {
  readonly surveyYear: number;
  readonly results: number;
  readonly importBatchId: string;
  readonly fileName: string;
  readonly importedBy: string;
  readonly importedAt: Date;
}

/** The years of these that are stored, by year. */
export async function findStoredSurveyYears(db: Kysely<DB>, surveyYears: readonly number[]): Promise<Map<number, StoredSurveyYear>> {
  if (surveyYears.length === 0) return new Map();
  const rows = await db
    .selectFrom('stakeholder_survey as survey')
    .innerJoin('oversight_import_batch as batch', 'batch.id', 'survey.import_batch_id')
    .select((eb) => [
      'survey.survey_year',
      'survey.import_batch_id',
      'batch.file_name',
      'batch.imported_by',
      'batch.imported_at',
      eb.selectFrom('stakeholder_survey_result as result').whereRef('result.survey_year', '=', 'survey.survey_year').select(eb.fn.countAll<string>().as('n')).as('results'),
    ])
    .where('survey.survey_year', 'in', surveyYears)
    .execute();
  return new Map(
    rows.map((row) => [
      row.survey_year,
      { surveyYear: row.survey_year, results: Number(row.results ?? 0), importBatchId: row.import_batch_id, fileName: row.file_name, importedBy: row.imported_by, importedAt: row.imported_at },
    ]),
  );
}

/** Stores a survey year from one batch, removing whatever was stored for that year first. */
export async function replaceSurveyYear(db: Kysely<DB>, importBatchId: string, year: SurveyYearRows): Promise<void> {
  await db.deleteFrom('stakeholder_survey_result').where('survey_year', '=', year.surveyYear).execute();
  await db.deleteFrom('stakeholder_survey_question').where('survey_year', '=', year.surveyYear).execute();
  await db.deleteFrom('stakeholder_survey').where('survey_year', '=', year.surveyYear).execute();
  await db.insertInto('stakeholder_survey').values({ survey_year: year.surveyYear, fieldwork_ends_on: year.fieldworkEndsOn, import_batch_id: importBatchId }).execute();
  await db
    .insertInto('stakeholder_survey_question')
    .values(year.questions.map((question) => ({ survey_year: year.surveyYear, question_code: question.code, question_text: question.text })))
    .execute();
  for (let start = 0; start < year.results.length; start += INSERT_ROWS) {
    await db
      .insertInto('stakeholder_survey_result')
      .values(
        year.results.slice(start, start + INSERT_ROWS).map((result) => ({
          survey_year: year.surveyYear,
          organisation_code: result.organisationCode,
          stakeholder_group: result.stakeholderGroup,
          question_code: result.questionCode,
          positive: result.positive,
          responses: result.responses,
          import_batch_id: importBatchId,
          source_row: result.sourceRow,
        })),
      )
      .execute();
  }
}
