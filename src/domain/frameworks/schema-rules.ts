import { z } from 'zod';
import { Aggregate, Bands, Basis, Grouping, Identifier, IndicatorCode } from './schema-basics.ts';

// Group ratings (domains, composites), conditions, the headline pipeline, guard rails and data rules.

/** How a domain or composite gets its level. */
export const GroupRating = z.discriminatedUnion('method', [
  /** Aggregate the points of the group's scored indicators, then read the level off absolute bands. */
  z.strictObject({ method: z.literal('score-bands'), aggregate: Aggregate.default('mean'), bands: Bands }),
  /** Aggregate the points, then cut the organisations into quantiles (best first) within a grouping. */
  z.strictObject({ method: z.literal('quantile-bands'), aggregate: Aggregate.default('mean'), within: Grouping.default('england'), levels: z.array(Identifier).min(2) }),
  /** The level is a judgement recorded by people (a panel, a regional team). */
  z.strictObject({ method: z.literal('judgement'), judgement: Identifier }),
  /** The group only collects indicators (for display); it gets no level of its own. */
  z.strictObject({ method: z.literal('none') }),
]);
export type GroupRating = z.infer<typeof GroupRating>;

export const Domain = z.strictObject({
  id: Identifier,
  name: z.string().min(1),
  description: z.string().optional(),
  scale: Identifier,
  rating: GroupRating,
  basis: Basis,
});
export type Domain = z.infer<typeof Domain>;

export const Composite = z.strictObject({
  id: Identifier,
  name: z.string().min(1),
  description: z.string().optional(),
  indicators: z.array(IndicatorCode).min(1),
  scale: Identifier,
  rating: GroupRating,
  basis: Basis,
});
export type Composite = z.infer<typeof Composite>;

/** Compare a level with another on the same scale (best first): exactly one of is / atOrWorse / atOrBetter. */
const LevelTest = {
  is: Identifier.optional(),
  atOrWorse: Identifier.optional(),
  atOrBetter: Identifier.optional(),
};

/**
 * A condition on one organisation's results. Exactly one of: `domain` (with a level test), `countDomains`
 * (with atLeast/atMost), `flag` (a yes/no judgement is yes), `indicator` + `category`, `headline` (with a level
 * test), `all`, `any`, `not`. Written as one object so YAML stays flat: `{ domain: finance, is: inadequate }`.
 */
export interface Condition {
  readonly domain?: string | undefined;
  readonly countDomains?: { readonly of?: readonly string[] | undefined; readonly is?: string | undefined; readonly atOrWorse?: string | undefined; readonly atOrBetter?: string | undefined } | undefined;
  readonly flag?: string | undefined;
  readonly indicator?: string | undefined;
  readonly category?: string | undefined;
  readonly headline?: boolean | undefined;
  readonly is?: string | undefined;
  readonly atOrWorse?: string | undefined;
  readonly atOrBetter?: string | undefined;
  readonly atLeast?: number | undefined;
  readonly atMost?: number | undefined;
  readonly all?: readonly Condition[] | undefined;
  readonly any?: readonly Condition[] | undefined;
  readonly not?: Condition | undefined;
}

export const CONDITION_KINDS = ['domain', 'countDomains', 'flag', 'indicator', 'headline', 'all', 'any', 'not'] as const;

function levelTests(value: { is?: string | undefined; atOrWorse?: string | undefined; atOrBetter?: string | undefined }): number {
  return [value.is, value.atOrWorse, value.atOrBetter].filter((test) => test !== undefined).length;
}

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      domain: Identifier.optional(),
      countDomains: z.strictObject({ of: z.array(Identifier).optional(), ...LevelTest }).optional(),
      flag: Identifier.optional(),
      indicator: IndicatorCode.optional(),
      category: z.string().optional(),
      headline: z.literal(true).optional(),
      ...LevelTest,
      atLeast: z.number().int().nonnegative().optional(),
      atMost: z.number().int().nonnegative().optional(),
      all: z.array(Condition).min(1).optional(),
      any: z.array(Condition).min(1).optional(),
      not: Condition.optional(),
    })
    .superRefine((condition, context) => {
      const kinds = CONDITION_KINDS.filter((kind) => condition[kind] !== undefined);
      if (kinds.length !== 1) {
        context.addIssue({ code: 'custom', message: `a condition needs exactly one of ${CONDITION_KINDS.join(', ')} (found ${kinds.length === 0 ? 'none' : kinds.join(', ')})` });
        return;
      }
      const kind = kinds[0];
      if ((kind === 'domain' || kind === 'headline') && levelTests(condition) !== 1) context.addIssue({ code: 'custom', message: `a ${kind} condition needs exactly one of is, atOrWorse, atOrBetter` });
      if (kind === 'countDomains') {
        if (condition.countDomains !== undefined && levelTests(condition.countDomains) !== 1) context.addIssue({ code: 'custom', path: ['countDomains'], message: 'countDomains needs exactly one of is, atOrWorse, atOrBetter' });
        if (condition.atLeast === undefined && condition.atMost === undefined) context.addIssue({ code: 'custom', message: 'countDomains needs atLeast or atMost' });
      }
      if (kind === 'indicator' && condition.category === undefined) context.addIssue({ code: 'custom', message: 'an indicator condition needs a category' });
    }),
);

const StepBase = { id: Identifier, description: z.string().optional(), basis: Basis };

/** The headline's starting level, combined from the rated domains' levels. */
const CombineStep = z.strictObject({
  ...StepBase,
  type: z.literal('combine'),
  method: z.enum(['worst', 'best', 'mode', 'median']),
  /** Which level wins a tie between equally common levels (mode) or between the two middle ones (median). */
  tieBreak: z.enum(['worse', 'better']).default('worse'),
  of: z.array(Identifier).optional(),
});

/** The headline from a score over the counted indicators' points (of `domains`, default all), read off absolute bands. */
const ScoreBandsStep = z.strictObject({ ...StepBase, type: z.literal('score-bands'), aggregate: Aggregate.default('mean'), domains: z.array(Identifier).optional(), bands: Bands });

/** The headline from quantiles of that score within a grouping (NOF 2025/26 quartile segments). */
const QuantileBandsStep = z.strictObject({
  ...StepBase,
  type: z.literal('quantile-bands'),
  aggregate: Aggregate.default('mean'),
  domains: z.array(Identifier).optional(),
  within: Grouping.default('peer-type'),
  levels: z.array(Identifier).min(2),
});

/** Ordered cases; the first whose condition holds sets the level (CQC's counting rules). */
const FirstMatchStep = z.strictObject({
  ...StepBase,
  type: z.literal('first-match'),
  cases: z.array(z.strictObject({ id: Identifier, when: Condition, level: Identifier, basis: Basis.optional() })).min(1),
  otherwise: z.strictObject({ id: Identifier, level: Identifier, basis: Basis.optional() }).optional(),
});

/** When the condition holds: cap (no better than), floor (no worse than) or set the headline. */
const LimiterStep = z
  .strictObject({ ...StepBase, type: z.literal('limiter'), when: Condition, cap: Identifier.optional(), floor: Identifier.optional(), set: Identifier.optional() })
  .refine((step) => [step.cap, step.floor, step.set].filter((action) => action !== undefined).length === 1, 'a limiter needs exactly one of cap, floor, set');

/** A level judgement recorded by people replaces the headline when present (segment 5 by judgement). */
const JudgementStep = z.strictObject({ ...StepBase, type: z.literal('judgement'), judgement: Identifier });

/** Moderation overrides from the input, each with its rationale and approver, replace the headline. */
const ModerationStep = z.strictObject({ ...StepBase, type: z.literal('moderation') });

export const Step = z.discriminatedUnion('type', [CombineStep, ScoreBandsStep, QuantileBandsStep, FirstMatchStep, LimiterStep, JudgementStep, ModerationStep]);
export type Step = z.infer<typeof Step>;

/**
 * One headline level of a published (or reported) distribution: an exact count, or a share where the record
 * gives only a proportion ("about three-quarters"); `approximate` when the record says "about".
 */
export const PublishedLevel = z
  .strictObject({
    level: Identifier,
    count: z.number().int().nonnegative().optional(),
    share: z.number().min(0).max(1).optional(),
    approximate: z.boolean().default(false),
  })
  .refine((entry) => (entry.count === undefined) !== (entry.share === undefined), 'give exactly one of count, share');
export type PublishedLevel = z.infer<typeof PublishedLevel>;

/**
 * What the public record says a variant's rule produced in reality, so a reconstruction can be calibrated
 * against it. Levels the record is silent on are left out.
 */
export const PublishedDistribution = z.strictObject({
  /** How many organisations were rated (209 CCGs in 2015/16). */
  organisations: z.number().int().positive(),
  levels: z.array(PublishedLevel).min(1),
  sources: z.array(Identifier).min(1, 'name the sources of the published figures'),
  note: z.string().optional(),
});
export type PublishedDistribution = z.infer<typeof PublishedDistribution>;

export const Variant = z.strictObject({
  id: Identifier,
  name: z.string().min(1),
  description: z.string().optional(),
  pipeline: z.array(Step).min(1),
  basis: Basis,
  published: PublishedDistribution.optional(),
});
export type Variant = z.infer<typeof Variant>;

/** A warning on a whole run's distribution, raised before a candidate rule set can go forward. */
export const GuardRail = z
  .strictObject({
    id: Identifier,
    level: Identifier,
    warnWhenShareAbove: z.number().min(0).max(1).optional(),
    warnWhenCountAtMost: z.number().int().nonnegative().optional(),
    message: z.string().min(1),
    basis: Basis,
  })
  .refine((rail) => (rail.warnWhenShareAbove === undefined) !== (rail.warnWhenCountAtMost === undefined), 'give exactly one of warnWhenShareAbove, warnWhenCountAtMost');
export type GuardRail = z.infer<typeof GuardRail>;

/** What happens to an indicator value that is missing, stale or rests on too small a denominator. */
export const DataAction = z.enum(['exclude', 'worst-points', 'not-rated']);
export type DataAction = z.infer<typeof DataAction>;

export const DataRules = z.strictObject({
  missing: DataAction,
  stale: z.strictObject({ afterMonths: z.number().int().positive(), action: DataAction }).optional(),
  smallDenominator: DataAction,
  /** Share of a group's indicator weight that must be scored for the group to be rated. */
  minimumCoverage: z.number().min(0).max(1),
  /** A domain that cannot be rated either drops out of the headline (rated on fewer) or stops the headline. */
  domainNotRated: z.enum(['rate-on-fewer', 'headline-not-rated']),
  basis: Basis,
});
export type DataRules = z.infer<typeof DataRules>;

export const Ranking = z.strictObject({ within: Grouping, basis: Basis });
