import { z } from 'zod';
import { STAKEHOLDER_GROUPS, SURVEY_QUESTION_CODE } from '../oversight/survey-groups.ts';
import { Basis, Identifier, IndicatorCode } from './schema-basics.ts';

// How one indicator is defined and turned into points.

export const DATA_TYPES = ['proportion', 'rate', 'standardised-rate', 'ratio', 'score', 'categorical', 'judgement'] as const;
export const DataType = z.enum(DATA_TYPES);
export type DataType = z.infer<typeof DataType>;

const Points = z.number();

/** Points for each national quartile, best quartile first. */
const NationalQuartile = z.strictObject({
  method: z.literal('national-quartile'),
  points: z.tuple([Points, Points, Points, Points]),
});

/**
 * Comparison of the indicator's confidence interval with the comparator (Fingertips' overlapping-interval
 * method). At 95% the outcomes are better/similar/worse; at 99.8% best and worst are added beyond 99.8%.
 */
const CiComparison = z
  .strictObject({
    method: z.literal('ci-comparison'),
    level: z.union([z.literal(95), z.literal(99.8)]).default(95),
    points: z.strictObject({ best: Points.optional(), better: Points, similar: Points, worse: Points, worst: Points.optional() }),
  })
  .superRefine((scoring, context) => {
    if (scoring.level === 99.8 && (scoring.points.best === undefined || scoring.points.worst === undefined)) {
      context.addIssue({ code: 'custom', path: ['points'], message: 'at level 99.8 give points for best and worst too' });
    }
  });

/** Met / within tolerance / not met against the indicator's standard, in the indicator's units. */
const AgainstStandard = z.strictObject({
  method: z.literal('against-standard'),
  tolerance: z.number().nonnegative().default(0),
  points: z.strictObject({ met: Points, withinTolerance: Points, notMet: Points }),
});

/** Rank within the comparator group scaled linearly from the framework's best to its worst points (NOF). */
const RankScaled = z.strictObject({ method: z.literal('rank-scaled') });

/** A categorical value (a RAG rating, yes/no) mapped to points. */
const CategoryMap = z.strictObject({ method: z.literal('category-map'), map: z.record(z.string(), Points) });

/** A judgement recorded by people (a level on the judgement's scale) mapped to points. */
const Judgement = z.strictObject({ method: z.literal('judgement'), judgement: Identifier, map: z.record(z.string(), Points) });

export const Scoring = z.discriminatedUnion('method', [NationalQuartile, CiComparison, AgainstStandard, RankScaled, CategoryMap, Judgement]);
export type Scoring = z.infer<typeof Scoring>;
export type ScoringMethod = Scoring['method'];

/**
 * An indicator read from the 360° stakeholder survey: the share of positive answers to one question, over the
 * stakeholder groups named (every group when none is), each survey year. Proportions only.
 */
export const SurveySource = z.strictObject({
  question: z.string().regex(SURVEY_QUESTION_CODE, 'must be a survey question code: 1 to 20 letters, digits, dots, hyphens or underscores'),
  groups: z.array(z.enum(STAKEHOLDER_GROUPS)).min(1, 'name at least one group, or leave groups out for every group').optional(),
});
export type SurveySource = z.infer<typeof SurveySource>;

export const Indicator = z
  .strictObject({
    code: IndicatorCode,
    name: z.string().min(1),
    domain: Identifier,
    unit: z.string().min(1),
    polarity: z.enum(['high-is-good', 'low-is-good', 'no-judgement']),
    dataType: DataType,
    /** Value = numerator / denominator × multiplier; proportions default to 100 (per cent), rates to 100,000. */
    multiplier: z.number().positive().optional(),
    standard: z.number().optional(),
    periodBasis: z.enum(['latest-month', 'latest-quarter', 'rolling-12-months', 'financial-year', 'survey-year', 'assessment']),
    minimumDenominator: z.number().nonnegative().optional(),
    comparator: z.enum(['england', 'peer-group', 'peer-type', 'standard']),
    scoring: Scoring,
    weight: z.number().positive().default(1),
    /** Contextual metrics are scored and shown but do not count towards domain or headline results (NOF). */
    role: z.enum(['scored', 'contextual']).default('scored'),
    categories: z.array(z.string()).optional(),
    /** The indicator's values come from the 360° stakeholder survey (written by `assure oversight survey indicator`). */
    survey: SurveySource.optional(),
    basis: Basis,
  })
  .superRefine((indicator, context) => {
    const method = indicator.scoring.method;
    const needsStandard = method === 'against-standard' || (method === 'ci-comparison' && indicator.comparator === 'standard');
    if (needsStandard && indicator.standard === undefined) context.addIssue({ code: 'custom', path: ['standard'], message: `scoring "${method}" against the standard needs a standard` });
    const categorical = indicator.dataType === 'categorical';
    if (method === 'category-map' && !categorical) context.addIssue({ code: 'custom', path: ['scoring', 'method'], message: 'category-map scores categorical indicators only' });
    if (categorical && method !== 'category-map') context.addIssue({ code: 'custom', path: ['scoring', 'method'], message: 'a categorical indicator is scored with category-map' });
    if ((indicator.dataType === 'judgement') !== (method === 'judgement')) {
      context.addIssue({ code: 'custom', path: ['scoring', 'method'], message: 'judgement indicators, and only they, are scored with method judgement' });
    }
    const relative = method === 'national-quartile' || method === 'rank-scaled';
    if (relative && indicator.comparator === 'standard') context.addIssue({ code: 'custom', path: ['comparator'], message: `${method} ranks organisations: use comparator england, peer-group or peer-type` });
    if (method === 'rank-scaled' && indicator.comparator === 'peer-group') context.addIssue({ code: 'custom', path: ['comparator'], message: 'rank-scaled works within england or peer-type' });
    if (method === 'category-map' && indicator.categories !== undefined) {
      for (const category of Object.keys(indicator.scoring.map)) {
        if (!indicator.categories.includes(category)) context.addIssue({ code: 'custom', path: ['scoring', 'map', category], message: `"${category}" is not one of the indicator's categories (${indicator.categories.join(', ')})` });
      }
    }
  });
export type Indicator = z.infer<typeof Indicator>;
