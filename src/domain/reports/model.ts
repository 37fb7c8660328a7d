import type { Polarity } from '../statistics/polarity.ts';

// The year-end documents' content, pure data: what each document says, worded, with the figures its charts
// and tables are drawn from. One model per document; its HTML page, PDF and workbook are all rendered from it,
// so the three never disagree, and the model is what is hashed and stored.

export const REPORT_KINDS = ['ccg-assessment-letter', 'ccg-assurance-report', 'national-annual-report', 'region-summary'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_KIND_LABELS: Readonly<Record<ReportKind, string>> = {
  'ccg-assessment-letter': 'Annual assessment letter',
  'ccg-assurance-report': 'Annual assurance report',
  'national-annual-report': 'Statutory annual assurance report',
  'region-summary': 'Regional summary',
};

/** Where a document's figures came from: enough to trace every number back and to tell two builds apart. */
export interface ReportProvenance {
  readonly roundId: string;
  readonly roundTitle: string;
  readonly frameworkVersionId: string;
  readonly variant: string;
  readonly dataset: { readonly code: string; readonly name: string };
  /** The import batches of the dataset, oldest first. */
  readonly importBatches: readonly { readonly id: string; readonly fileName: string; readonly importedOn: string }[];
  readonly runId: string;
  /** The rating engine's version and the hash of its inputs (rating/input-hash.ts). */
  readonly engineVersion: string;
  readonly ratingInputHash: string;
  /** Assure's version (package.json) and the version of this document's layout. */
  readonly assureVersion: string;
  readonly templateVersion: string;
  /** SHA-256 of the document's content (this model without the hash), in hex. */
  readonly contentHash: string;
}

/** Draft: watermarked "Draft — not for publication". Final: what is (or, under embargo, will be) published on that date. */
export type ReportStatus =
  | { readonly kind: 'draft'; readonly stage: string }
  | { readonly kind: 'final'; readonly publishedOn: string; readonly correction: { readonly note: string; readonly correctsPublishedOn: string } | null };

/** Something a document needs but could not have, by name; the document says so instead of inventing it. */
export interface MissingInput {
  readonly subject: string;
  readonly reason: string;
}

export interface RatedLevel {
  /** The level code, null when not rated. */
  readonly level: string | null;
  readonly label: string;
}

export interface ComponentRating extends RatedLevel {
  readonly id: string;
  readonly name: string;
  /** Why, in a sentence, where the engine gave one (not rated, limited, …). */
  readonly reason: string | null;
}

export interface IndicatorLine {
  readonly code: string;
  readonly name: string;
  readonly domainName: string;
  /** The value as shown, with its unit ("78.4%"), or "no data". */
  readonly shown: string;
  readonly value: number | null;
  readonly england: number | null;
  readonly peerMedian: number | null;
  /** Lowest, quartiles and highest of every CCG's value, for the spine chart. */
  readonly spread: { readonly minimum: number; readonly lowerQuartile: number; readonly median: number; readonly upperQuartile: number; readonly maximum: number } | null;
  readonly polarity: Polarity;
  /** "Better than England", "Similar to England", … or why not compared. */
  readonly comparison: string;
  readonly periodEnd: string | null;
}

export interface QuarterlyRow {
  readonly component: string;
  /** Quarter 1 to 4 of the assurance year: the level's label, or null when not assessed. */
  readonly quarters: readonly (string | null)[];
}

export interface FinanceMonthLine {
  /** YYYY-MM */
  readonly month: string;
  readonly planYearToDate: number;
  readonly actualYearToDate: number;
  readonly forecastOutturn: number;
  readonly controlTotal: number;
}

export interface FinancePicture {
  /** £ thousands, as the returns give them. */
  readonly allocation: number;
  readonly months: readonly FinanceMonthLine[];
  /** One sentence: the latest year-to-date variance and the forecast against the control total. */
  readonly summary: string;
  readonly beyondTriggerThreshold: boolean;
}

export interface SurveyLine {
  readonly question: string;
  /** Percentages (0–100) over all stakeholders; null when suppressed for too few answers. */
  readonly proportion: number | null;
  readonly lower95: number | null;
  readonly upper95: number | null;
  readonly england: number | null;
  readonly responses: number;
  /** "Above England", "Similar to England", "Below England", or "Too few answers to show". */
  readonly comparison: string;
}

export interface SurveyPicture {
  readonly surveyYear: number;
  readonly lines: readonly SurveyLine[];
}

export interface SpecialMeasuresLine {
  readonly state: string;
  readonly enteredOn: string | null;
  readonly deadline: string | null;
}

export interface DirectionLine {
  readonly title: string;
  readonly givenOn: string;
  readonly status: string;
}

export interface HistoryLine {
  readonly roundTitle: string;
  readonly publishedOn: string;
  readonly label: string;
  /** 0 = the lowest level of the scale; null when not rated, for the rating-history chart. */
  readonly levelIndex: number | null;
}

/** Each CCG's year-end assessment: the letter is its short form, the public assurance report its long one. */
export interface CcgAssessment {
  readonly kind: 'ccg-assessment-letter' | 'ccg-assurance-report';
  readonly title: string;
  readonly status: ReportStatus;
  readonly organisation: { readonly code: string; readonly name: string; readonly regionCode: string | null; readonly regionName: string | null };
  /** "2026/27" */
  readonly yearLabel: string;
  readonly frameworkName: string;
  /** The headline scale, lowest level first, for the history chart's axis. */
  readonly scale: readonly { readonly level: string; readonly label: string }[];
  readonly headline: RatedLevel;
  readonly previousHeadline: { readonly label: string; readonly roundTitle: string } | null;
  readonly components: readonly ComponentRating[];
  /** How the headline was reached, in plain English, from the rating's explanation. */
  readonly reasons: readonly string[];
  readonly strengths: readonly string[];
  readonly areasForImprovement: readonly string[];
  /** What happens next: intensity of assurance next year, the improvement plan, the special-measures case. */
  readonly nextSteps: readonly string[];
  readonly quarterly: readonly QuarterlyRow[];
  readonly indicators: readonly IndicatorLine[];
  readonly history: readonly HistoryLine[];
  readonly finance: FinancePicture | null;
  readonly survey: SurveyPicture | null;
  readonly specialMeasures: SpecialMeasuresLine | null;
  readonly directions: readonly DirectionLine[];
  readonly missing: readonly MissingInput[];
  readonly provenance: ReportProvenance;
}

export interface LevelCount {
  readonly level: string;
  readonly label: string;
  readonly count: number;
  /** The same level's count in the year before, null when there is no earlier published round. */
  readonly lastYear: number | null;
}

export interface RegionLine {
  readonly code: string;
  readonly name: string;
  readonly counts: readonly LevelCount[];
  readonly organisations: number;
}

export interface SpecialMeasuresYear {
  readonly inSpecialMeasuresAtYearEnd: readonly { readonly code: string; readonly name: string; readonly since: string | null }[];
  readonly entries: number;
  readonly exits: number;
  readonly extensions: number;
  readonly transfers: number;
  readonly mergers: number;
  readonly directionsGiven: number;
  readonly directionsInForceAtYearEnd: number;
}

export interface FinanceAcrossCcgs {
  readonly reporting: number;
  readonly beyondTriggerThreshold: number;
  /** £ thousands: the sum over CCGs of the latest forecast against control total (negative = shortfall). */
  readonly netForecastAgainstControlTotal: number;
  readonly worst: readonly { readonly code: string; readonly name: string; readonly shortfallPercentOfAllocation: number }[];
}

export interface NationalSurveyLine {
  readonly question: string;
  /** England's percentage positive over every stakeholder. */
  readonly england: number;
  readonly above: number;
  readonly similar: number;
  readonly below: number;
}

/** The national statutory annual assurance report, and (narrowed to one region) the region's summary for its board. */
export interface AreaReport {
  readonly kind: 'national-annual-report' | 'region-summary';
  readonly title: string;
  readonly status: ReportStatus;
  /** England, or the region. */
  readonly area: { readonly code: string; readonly name: string };
  readonly yearLabel: string;
  readonly frameworkName: string;
  readonly rated: number;
  readonly notRated: number;
  readonly distribution: readonly LevelCount[];
  /** The national report's table of regions; a region's summary lists its CCGs instead. */
  readonly regions: readonly RegionLine[];
  readonly organisations: readonly { readonly code: string; readonly name: string; readonly label: string; readonly lastYear: string | null }[];
  readonly specialMeasures: SpecialMeasuresYear;
  readonly finance: FinanceAcrossCcgs | null;
  readonly survey: { readonly surveyYear: number; readonly lines: readonly NationalSurveyLine[] } | null;
  /** Methodology and data-quality notes, each a paragraph. */
  readonly methodology: readonly string[];
  readonly dataQuality: readonly string[];
  readonly missing: readonly MissingInput[];
  readonly provenance: ReportProvenance;
}

export type ReportModel = CcgAssessment | AreaReport;
