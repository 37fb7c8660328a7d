import { stringify } from 'csv-stringify/sync';
import { DATA_COLUMNS } from '../indicator-import/format.ts';
import type { SurveySource } from '../frameworks/schema-indicators.ts';
import { SURVEY_MINIMUM_RESPONSES, type SurveyResult } from './survey.ts';
import { STAKEHOLDER_GROUP_PHRASES } from './survey-groups.ts';

// A framework indicator fed by the 360° survey, as indicator data: per CCG, the positive answers to the
// indicator's question (numerator) over the answers (denominator), from the groups it names (every group when
// it names none), for the survey year (period from 1 January of the year to the end of its fieldwork). A CCG
// with fewer than SURVEY_MINIMUM_RESPONSES answers gets no value, as the survey pages show none.

export interface SurveyIndicator {
  readonly code: string;
  readonly unit: string;
  readonly survey: SurveySource;
}

export interface SurveyIndicatorValue {
  readonly organisationCode: string;
  readonly indicatorCode: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly numerator: number;
  readonly denominator: number;
  readonly unit: string;
  readonly source: string;
}

export interface SurveyIndicatorValues {
  readonly values: readonly SurveyIndicatorValue[];
  /** CCGs left without a value because fewer answered than the minimum, by indicator code. */
  readonly suppressed: ReadonlyMap<string, number>;
}

/** The groups a survey indicator reads, as a sentence names them: "every stakeholder group", "providers and Healthwatch". */
export function surveyGroupsPhrase(source: SurveySource): string {
  if (source.groups === undefined) return 'every stakeholder group';
  const phrases = source.groups.map((group) => STAKEHOLDER_GROUP_PHRASES[group]);
  return phrases.length === 1 ? (phrases[0] ?? '') : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1] ?? ''}`;
}

/** Each indicator's value per CCG from one survey year's results; `from` names the survey's file for the source column. */
export function surveyIndicatorValues(
  results: readonly SurveyResult[],
  indicators: readonly SurveyIndicator[],
  survey: { readonly surveyYear: number; readonly fieldworkEndsOn: string },
  from: string,
): SurveyIndicatorValues {
  const values: SurveyIndicatorValue[] = [];
  const suppressed = new Map<string, number>();
  for (const indicator of indicators) {
    const groups = indicator.survey.groups;
    const tallies = new Map<string, { positive: number; responses: number }>();
    for (const result of results) {
      if (result.surveyYear !== survey.surveyYear || result.questionCode !== indicator.survey.question) continue;
      if (groups !== undefined && !groups.includes(result.stakeholderGroup)) continue;
      const tally = tallies.get(result.organisationCode) ?? { positive: 0, responses: 0 };
      tally.positive += result.positive;
      tally.responses += result.responses;
      tallies.set(result.organisationCode, tally);
    }
    const source = `360° stakeholder survey ${String(survey.surveyYear)} (fieldwork ended ${survey.fieldworkEndsOn}), question ${indicator.survey.question}, ${surveyGroupsPhrase(indicator.survey)}; from ${from}`;
    for (const [organisationCode, tally] of [...tallies].sort(([a], [b]) => a.localeCompare(b))) {
      if (tally.responses < SURVEY_MINIMUM_RESPONSES) {
        suppressed.set(indicator.code, (suppressed.get(indicator.code) ?? 0) + 1);
        continue;
      }
      values.push({
        organisationCode,
        indicatorCode: indicator.code,
        periodStart: `${String(survey.surveyYear)}-01-01`,
        periodEnd: survey.fieldworkEndsOn,
        numerator: tally.positive,
        denominator: tally.responses,
        unit: indicator.unit,
        source,
      });
    }
  }
  return { values, suppressed };
}

/** The values as an indicator data file (CSV with the indicator importer's columns). */
export function surveyIndicatorCsv(values: readonly SurveyIndicatorValue[]): string {
  return stringify([
    [...DATA_COLUMNS],
    ...values.map((value) => [value.organisationCode, value.indicatorCode, value.periodStart, value.periodEnd, String(value.numerator), String(value.denominator), '', '', value.unit, value.source]),
  ]);
}
