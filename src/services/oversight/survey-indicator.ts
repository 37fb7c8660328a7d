import type { Kysely } from 'kysely';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { surveyIndicatorCsv, surveyIndicatorValues } from '../../domain/oversight/survey-indicator.ts';
import { assertCan } from '../../domain/policy/can.ts';
import { findDataset } from '../../db/repositories/datasets.ts';
import { findStoredSurveyYears, listStakeholderSurveys, listSurveyQuestions, listSurveyResults } from '../../db/repositories/stakeholder-survey.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { getFrameworkVersion } from '../frameworks.ts';
import { type ImportOutcome, importIndicatorData } from '../import-indicator-data.ts';

// The 360° survey feeding a framework: each indicator of a framework version that names the survey gets its
// value per CCG for a survey year, written through the indicator importer, so the values carry its provenance
// (batch, file, row), its checks against the framework and its rules for replacing stored values and its audit.

export interface WriteSurveyIndicatorRequest {
  readonly surveyYear: number;
  readonly frameworkVersionId: string;
  /** The dataset to write into; a new one is created, as of the survey's fieldwork end. */
  readonly dataset: string;
  /** Why values stored already for these indicators and the year are replaced. */
  readonly reason?: string | undefined;
  readonly requestId?: string | undefined;
}

export interface SurveyIndicatorOutcome {
  readonly outcome: ImportOutcome;
  /** The indicators written. */
  readonly indicators: readonly string[];
  readonly values: number;
  /** CCGs given no value because fewer answered than the survey's minimum, by indicator. */
  readonly suppressed: Readonly<Record<string, number>>;
}

/** Writes the survey year's values of every indicator of the framework version that names the survey. */
export async function writeSurveyIndicator(db: Kysely<DB>, actor: Actor, request: WriteSurveyIndicatorRequest): Promise<SurveyIndicatorOutcome> {
  assertCan(actor, 'oversight.import-survey');
  assertCan(actor, 'data.import');
  const version = await getFrameworkVersion(db, actor, request.frameworkVersionId);
  const indicators = version.framework.indicators.flatMap((indicator) => (indicator.survey === undefined ? [] : [{ code: indicator.code, unit: indicator.unit, survey: indicator.survey }]));
  if (indicators.length === 0) {
    throw new InputError('framework', [{ field: 'framework', message: `${version.id} has no indicator fed by the 360° survey: none names the survey as its source` }]);
  }
  const survey = (await listStakeholderSurveys(db)).find((candidate) => candidate.surveyYear === request.surveyYear);
  if (survey === undefined) throw new NotFoundError(`There is no 360° stakeholder survey for ${String(request.surveyYear)}; import its results first.`);
  const questions = new Set((await listSurveyQuestions(db, survey.surveyYear)).map((question) => question.code));
  const missing = indicators.filter((indicator) => !questions.has(indicator.survey.question));
  if (missing.length > 0) {
    throw new InputError('framework', missing.map((indicator) => ({ field: 'framework', message: `${indicator.code} reads question ${indicator.survey.question}, which the ${String(survey.surveyYear)} survey did not ask` })));
  }
  const [results, stored, dataset] = await Promise.all([listSurveyResults(db, survey.surveyYear), findStoredSurveyYears(db, [survey.surveyYear]), findDataset(db, request.dataset)]);
  const from = stored.get(survey.surveyYear)?.fileName ?? 'the stored survey';
  const { values, suppressed } = surveyIndicatorValues(results, indicators, survey, from);
  const bytes = new TextEncoder().encode(surveyIndicatorCsv(values));
  const outcome = await importIndicatorData(db, {
    actor,
    file: {
      fileName: `360-survey-${String(survey.surveyYear)}-${version.framework.id}.csv`,
      format: 'csv',
      read: async function* () {
        yield bytes;
      },
    },
    dataset: request.dataset,
    ...(dataset === undefined ? { newDataset: { title: `360° stakeholder survey ${String(survey.surveyYear)}`, asOf: survey.fieldworkEndsOn } } : {}),
    frameworkVersionId: version.id,
    reason: request.reason,
    requestId: request.requestId,
  });
  return { outcome, indicators: indicators.map((indicator) => indicator.code), values: values.length, suppressed: Object.fromEntries(suppressed) };
}
