import { z } from 'zod';
import { parseWith, type Parsed } from '../special-measures/config-problems.ts';
import { WholeNumber } from '../special-measures/schema-parts.ts';

// The risk model as data: how many points each source of evidence adds to a CCG's risk score, at most how many
// from each, and the scores at which the risk becomes medium and high. The defaults are Assure's starting
// points, chosen so that one sign of trouble alone (a single indicator with special cause, a small overspend)
// leaves a CCG at low risk, two or three together make it medium, and serious trouble in finance, audit or
// the regional team's own assessment makes it high. National analysts change them through the what-if, which
// shows who would move before a new version is adopted.

/** Points: finite, never negative (so more evidence of harm can never lower the score), at most 1,000. */
const Points = z.number('must be a number').min(0, 'must not be negative').max(1000, 'must be at most 1000');

/** A look-back in months. */
const Months = WholeNumber.min(1, 'must be at least 1').max(60, 'must be at most 60');

export const RiskModelSchema = z
  .strictObject({
    /** Each indicator whose latest monthly point is a special cause in the unfavourable direction (beyond a limit, a shift, two of three near a limit). */
    indicatorSpecialCause: z.strictObject({ perIndicator: Points.default(5), maximum: Points.default(25) }).prefault({}),
    /** Each indicator whose series ends in a run of points trending the unfavourable way. */
    indicatorTrend: z.strictObject({ perIndicator: Points.default(3), maximum: Points.default(15) }).prefault({}),
    /** Per percentage point of allocation by which the full-year forecast falls short of the control total. */
    financeForecast: z.strictObject({ perPercent: Points.default(10), maximum: Points.default(30) }).prefault({}),
    /** Per percentage point of the year-to-date plan spent over it. */
    financeYearToDate: z.strictObject({ perPercent: Points.default(5), maximum: Points.default(20) }).prefault({}),
    /** Each audit finding still open on the date, reported within the look-back, by severity; more for one about financial controls. */
    auditFindings: z
      .strictObject({
        low: Points.default(1),
        medium: Points.default(3),
        high: Points.default(8),
        critical: Points.default(15),
        financialControls: Points.default(5),
        withinMonths: Months.default(24),
        maximum: Points.default(25),
      })
      .prefault({}),
    /** Each concern flagged at a checkpoint within the look-back: serious ones count far more. */
    concerns: z.strictObject({ serious: Points.default(8), other: Points.default(2), withinMonths: Months.default(6), maximum: Points.default(20) }).prefault({}),
    /** Each question of the latest 360° stakeholder survey significantly worse than England (95% Wilson interval). */
    survey: z.strictObject({ perQuestionWorse: Points.default(3), maximum: Points.default(15) }).prefault({}),
    /** Each component of the latest quarterly assessment at its scale's worst level; a level between scores its share. */
    assessment: z.strictObject({ worstLevel: Points.default(8), maximum: Points.default(30) }).prefault({}),
    /** The published rating in force, by the level's code on its scale; a level not named scores nothing. */
    rating: z
      .strictObject({ levels: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'must be a level code such as requires-improvement'), Points).default({ inadequate: 20, 'requires-improvement': 10 }) })
      .prefault({}),
    /** The scores from which the risk is medium and high. */
    thresholds: z
      .strictObject({ medium: Points.min(1, 'must be at least 1').default(15), high: Points.min(1, 'must be at least 1').default(35) })
      .prefault({})
      .refine((thresholds) => thresholds.high > thresholds.medium, { message: 'the high threshold must be above the medium one', path: ['high'] }),
    /**
     * Of the five sources read over time (indicator series, finance returns, the survey, the quarterly assessment,
     * the published rating), how many must have data before a CCG can be called low risk; with fewer it is "not assessed".
     */
    minimumSources: WholeNumber.min(1, 'must be at least 1').max(5, 'must be at most 5').default(2),
    /** Indicator points, finance returns, surveys and assessments older than this are not counted: stale evidence is no evidence. */
    freshWithinMonths: Months.default(15),
  })
  .prefault({});

export type RiskModel = z.infer<typeof RiskModelSchema>;

/** The model with every default: what Assure uses until a national analyst adopts another. */
export const DEFAULT_RISK_MODEL: RiskModel = RiskModelSchema.parse(undefined);

/** A risk model (missing sections and fields take their defaults), or every problem by field. */
export function parseRiskModel(input: unknown): Parsed<RiskModel> {
  return parseWith(RiskModelSchema, input);
}
