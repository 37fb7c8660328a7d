import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../../domain/csv/spreadsheet-safe.ts';
import type { Framework } from '../../domain/frameworks/schema.ts';
import type { OrganisationRecord } from '../../domain/organisations/organisation.ts';
import type { OrganisationRating, RatingRun } from '../../domain/rating/result.ts';
import type { NationalFigures } from './scorecard-national.ts';
import { comparisonText } from './scorecard-organisation.ts';

// The open data of a published round: one record per organisation, the same columns in CSV, Excel, JSON and
// the API; and of one organisation in it: its record once per indicator, with the indicator's columns after
// it. Each column is described once here for the data dictionary page.

export interface DictionaryEntry {
  readonly column: string;
  readonly meaning: string;
  readonly example: string;
}

export const FIXED_COLUMNS: readonly DictionaryEntry[] = [
  { column: 'round_id', meaning: 'The rating round’s identifier; it names the round in every URL.', example: '6f1c…' },
  { column: 'round_title', meaning: 'The round’s title.', example: 'CCG assurance 2015/16, year end' },
  { column: 'published_at', meaning: 'When the round was published (ISO 8601, UTC). Nothing of it was public before.', example: '2016-07-01T08:30:00.000Z' },
  { column: 'framework_version', meaning: 'The assessment framework version the ratings follow (see its methodology page under Frameworks).', example: 'ccg-af-2015-16@1' },
  { column: 'organisation_code', meaning: 'The organisation’s ODS code.', example: '02N' },
  { column: 'organisation_name', meaning: 'The organisation’s name.', example: 'NHS Airedale, Wharfedale and Craven CCG' },
  { column: 'region_code', meaning: 'The ODS code of its NHS England region.', example: 'Y54' },
  { column: 'region_name', meaning: 'Its NHS England region.', example: 'North of England' },
  { column: 'rating_code', meaning: 'The overall rating as a code from the framework’s scale; empty when not rated.', example: 'good' },
  { column: 'rating', meaning: 'The overall rating as published.', example: 'Good' },
  { column: 'not_rated_reason', meaning: 'Why there is no rating, when there is none.', example: '' },
  { column: 'decided_by', meaning: 'The rule (pipeline step) that last set or changed the overall rating.', example: 'modal-component' },
];

export const DOMAIN_COLUMN_MEANING = 'The rating of one domain of the framework (one column per domain, named domain_ and the domain’s identifier); empty when the domain was not rated.';

export type DownloadValue = string | null;
export type DownloadRecord = Readonly<Record<string, DownloadValue>>;

export function downloadColumns(framework: Framework): string[] {
  return [...FIXED_COLUMNS.map((entry) => entry.column), ...framework.domains.map((domain) => `domain_${domain.id}`)];
}

export interface DownloadSource {
  readonly roundId: string;
  readonly title: string;
  readonly publishedAt: Date;
  readonly frameworkVersionId: string;
  readonly run: RatingRun;
  readonly framework: Framework;
  readonly organisations: ReadonlyMap<string, OrganisationRecord>;
  readonly regionNames: ReadonlyMap<string, string>;
}

export function downloadRecords(source: DownloadSource): DownloadRecord[] {
  return source.run.organisations.map((rating) => organisationRecord(source, rating));
}

function organisationRecord(source: DownloadSource, rating: OrganisationRating): DownloadRecord {
  const organisation = source.organisations.get(rating.org);
  const regionCode = organisation?.regionCode ?? rating.region;
  const domains = Object.fromEntries(source.framework.domains.map((domain) => [`domain_${domain.id}`, rating.domains.find((trace) => trace.id === domain.id)?.label ?? null]));
  return {
    round_id: source.roundId,
    round_title: source.title,
    published_at: source.publishedAt.toISOString(),
    framework_version: source.frameworkVersionId,
    organisation_code: rating.org,
    organisation_name: organisation?.name ?? rating.name,
    region_code: regionCode,
    region_name: regionCode === null ? null : (source.regionNames.get(regionCode) ?? null),
    rating_code: rating.headline,
    rating: rating.label,
    not_rated_reason: rating.notRatedReason,
    decided_by: rating.decidedBy,
    ...domains,
  };
}

export const INDICATOR_COLUMNS: readonly DictionaryEntry[] = [
  { column: 'indicator_code', meaning: 'The indicator’s code in the framework; its methodology page is /frameworks/{framework_version}/indicators/{indicator_code}.', example: '127c' },
  { column: 'indicator_name', meaning: 'The indicator’s name.', example: 'A&E: admitted, transferred or discharged within 4 hours' },
  { column: 'indicator_domain', meaning: 'The domain of the framework the indicator belongs to.', example: 'performance' },
  { column: 'unit', meaning: 'The unit of value and its interval.', example: '%' },
  { column: 'value', meaning: 'The value rated, unrounded; empty when there is none or the indicator is a category.', example: '93.61' },
  { column: 'category', meaning: 'For an indicator rated by category, the category.', example: 'green' },
  { column: 'lower95', meaning: 'Lower limit of the 95% confidence interval of value, where the data type has one.', example: '93.2' },
  { column: 'upper95', meaning: 'Upper limit of the 95% confidence interval.', example: '94.0' },
  { column: 'comparison', meaning: 'How the value compares, as the organisation page words it: with England, the standard, or the national quartile the scoring used.', example: 'Standard 95: within-tolerance' },
  { column: 'national_quartile', meaning: 'The value’s quartile among every organisation in the round with a usable value (PHEindicatormethods’ quantile bands): 1 is the best quarter, or the lowest values where the indicator has no better direction; empty when there is none.', example: '2' },
  { column: 'points', meaning: 'The points the indicator scored under the framework.', example: '2' },
  { column: 'status', meaning: 'scored, missing, stale, small-denominator or not-compared: whether the value could be used.', example: 'scored' },
  { column: 'period_end', meaning: 'The last day of the period the value covers (YYYY-MM-DD).', example: '2016-03-31' },
  { column: 'synthetic', meaning: 'true when the value is made up (demo data), else false.', example: 'false' },
];

export function organisationDownloadColumns(framework: Framework): string[] {
  return [...downloadColumns(framework), ...INDICATOR_COLUMNS.map((entry) => entry.column)];
}

/** One organisation's record repeated once per indicator it was rated on, with that indicator's columns. */
export function organisationDownloadRecords(source: DownloadSource, rating: OrganisationRating, national: ReadonlyMap<string, NationalFigures>): DownloadRecord[] {
  const record = organisationRecord(source, rating);
  const definitions = new Map(source.framework.indicators.map((indicator) => [indicator.code, indicator]));
  const text = (value: number | null): string | null => (value === null ? null : String(value));
  return rating.indicators.map((trace) => {
    const indicator = definitions.get(trace.indicator);
    const quartile = national.get(trace.indicator)?.quartiles.get(rating.org) ?? null;
    return {
      ...record,
      indicator_code: trace.indicator,
      indicator_name: indicator?.name ?? trace.indicator,
      indicator_domain: indicator?.domain ?? null,
      unit: indicator?.unit ?? null,
      value: trace.category === null ? text(trace.value) : null,
      category: trace.category,
      lower95: text(trace.lower95),
      upper95: text(trace.upper95),
      comparison: comparisonText(trace, indicator),
      national_quartile: text(quartile),
      points: text(trace.points),
      status: trace.status,
      period_end: trace.periodEnd,
      synthetic: String(trace.synthetic),
    };
  });
}

/** CSV with a header row; every text cell spreadsheet-safe, so no cell runs as a formula. */
export function recordsToCsv(columns: readonly string[], records: readonly DownloadRecord[]): string {
  const rows = records.map((record) => columns.map((column) => spreadsheetSafe(record[column] ?? '')));
  return stringify([[...columns], ...rows], { record_delimiter: '\r\n' });
}

/** Rows for a spreadsheet: a header row, then text cells (empty for null). */
export function recordsToSheet(columns: readonly string[], records: readonly DownloadRecord[]): string[][] {
  return [[...columns], ...records.map((record) => columns.map((column) => record[column] ?? ''))];
}
