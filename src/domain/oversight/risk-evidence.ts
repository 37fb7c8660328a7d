import type { AuditFinding, ConcernFlag, PublishedRating } from '../special-measures/triggers.ts';
import type { Polarity } from '../statistics/polarity.ts';

// What the risk score reads about one CCG on a date, source by source, each already summarised by the module
// that owns the source (finance.ts, survey.ts, assessments.ts; the indicator series through the SPC code). Every
// signal carries its source and date, so the risk explanation can cite them. A source with nothing on or
// before the date is null (or empty), never a zero: no data is not good news.

/** One indicator's monthly series for the CCG, through the Making Data Count rules, at its latest point. */
export interface IndicatorSignal {
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly polarity: Polarity;
  /** The dataset the series comes from. */
  readonly dataset: string;
  readonly points: number;
  readonly latestPeriodEnd: string;
  readonly latestValue: number;
  /** The latest point is a special cause in the unfavourable direction (beyond a limit, a shift or two of three near a limit). */
  readonly concern: boolean;
  /** The series ends in a run of points trending the unfavourable way. */
  readonly unfavourableTrend: boolean;
  /** The package's label of the latest point ("Below LCL", "7 Point Trend (Decreasing)", "Common Cause"). */
  readonly specialCause: string;
}

/** The latest monthly finance return on or before the date, in £ thousands. */
export interface FinanceSignal {
  /** The month the return is for: its first day. */
  readonly month: string;
  readonly allocation: number;
  readonly controlTotal: number;
  /** Allocation less the full-year forecast expenditure. */
  readonly forecastSurplus: number;
  /** How far the forecast falls short of the control total (positive is worse than plan). */
  readonly forecastShortfall: number;
  /** The shortfall as a percentage of allocation. */
  readonly shortfallPercentOfAllocation: number;
  /** Year-to-date actual less planned expenditure (positive is an overspend), and as a percentage of the plan. */
  readonly yearToDateOverspend: number;
  readonly yearToDateOverspendPercent: number;
}

/** The latest 360° stakeholder survey whose fieldwork ended on or before the date. */
export interface SurveySignal {
  readonly surveyYear: number;
  readonly fieldworkEndsOn: string;
  /** Questions answered about the CCG, and of them those significantly worse / better than England (95% Wilson intervals). */
  readonly questions: number;
  readonly worseThanEngland: number;
  readonly betterThanEngland: number;
  /** Positive answers over all questions and stakeholder groups, as a proportion (0 to 1), and England's. */
  readonly positive: number;
  readonly englandPositive: number;
}

/** One component's level in the regional team's latest assessed quarter. */
export interface AssessedComponent {
  readonly component: string;
  readonly componentName: string;
  readonly level: string;
  readonly levelLabel: string;
  /** 0 for the scale's best level up to levels − 1 for its worst. */
  readonly rank: number;
  readonly levels: number;
}

/** The regional team's latest quarterly assessment that ended on or before the date. */
export interface AssessmentSignal {
  readonly yearId: string;
  readonly quarter: number;
  readonly quarterEndsOn: string;
  readonly components: readonly AssessedComponent[];
}

/** Everything the risk score reads about one CCG on one date. */
export interface RiskEvidence {
  readonly organisationCode: string;
  readonly indicators: readonly IndicatorSignal[];
  readonly finance: FinanceSignal | null;
  readonly survey: SurveySignal | null;
  readonly assessment: AssessmentSignal | null;
  /** The published rating in force on the date. */
  readonly rating: PublishedRating | null;
  /** Concern flags and audit findings dated on or before the date. */
  readonly concerns: readonly ConcernFlag[];
  readonly auditFindings: readonly AuditFinding[];
}
