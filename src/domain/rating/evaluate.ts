import type { Variant } from '../frameworks/schema-rules.ts';
import type { ConditionContext } from './conditions.ts';
import { type GroupResults, rateComposites, rateDomains } from './groups.ts';
import { headlineScores, type PipelineContext, type PipelineOutcome, runPipeline } from './pipeline.ts';
import type { PreparedRating } from './prepare.ts';
import type { RuleTrace } from './result.ts';
import { actionFor, type IndicatorScores } from './score-indicators.ts';
import { scaleIndex } from './scales.ts';

// Scored indicators → domains and composites → the variant's pipeline for every organisation. Shared by a
// full rating (with traces), the what-if (two variants over one scoring) and the resampler (many scorings).

export interface Evaluation {
  readonly domains: readonly GroupResults[];
  readonly composites: readonly GroupResults[];
  readonly context: PipelineContext;
  readonly outcomes: readonly PipelineOutcome[];
}

const STATUS_WORDS = ['usable', 'missing', 'stale', 'below the minimum denominator'];

/** Organisations a "not-rated" data rule takes out of the rating, with the reason. */
function notRatedByData(prepared: PreparedRating, scores: readonly IndicatorScores[]): (string | null)[] {
  const rules = prepared.framework.dataRules;
  const possible = rules.missing === 'not-rated' || rules.smallDenominator === 'not-rated' || rules.stale?.action === 'not-rated';
  if (!possible || scores.length === 0) return new Array<string | null>(prepared.organisations.length).fill(null);
  return prepared.organisations.map((_, slot) => {
    const reasons = scores.flatMap((score, position) => {
      const code = score.status[slot] ?? 0;
      const columns = prepared.columns[position];
      if (columns?.indicator.role !== 'scored' || actionFor(prepared, code) !== 'not-rated') return [];
      return [`${columns.indicator.code} is ${STATUS_WORDS[code] ?? 'unusable'}`];
    });
    return reasons.length === 0 ? null : `not rated under the framework's data rules: ${reasons.join('; ')}`;
  });
}

export function conditionContext(prepared: PreparedRating, domains: readonly GroupResults[]): ConditionContext {
  return {
    prepared,
    domains,
    domainIndex: new Map(domains.map((domain, position) => [domain.id, position])),
    headlineScale: scaleIndex(prepared.framework, prepared.framework.headlineScale),
    levelledDomains: domains.flatMap((domain, position) => (domain.method === 'none' ? [] : [position])),
    categoryIndex: new Map(prepared.columns.map((columns, position) => [columns.indicator.code, position])),
  };
}

/**
 * Rates every organisation under `variant`; with `traces`, fills one rule trace list per organisation. Domain
 * results do not depend on the variant: pass those of an earlier evaluation on the same scores to reuse them.
 */
export function evaluate(prepared: PreparedRating, scores: readonly IndicatorScores[], variant: Variant, traces: RuleTrace[][] | null, sameScores?: Evaluation): Evaluation {
  const points = scores.map((score) => score.points);
  const domains = sameScores?.domains ?? rateDomains(prepared, points);
  const composites = traces === null ? [] : rateComposites(prepared, points);
  const base = conditionContext(prepared, domains);
  const context: PipelineContext = { ...base, variant, headlineScores: headlineScores(base, variant, points), notRatedByData: notRatedByData(prepared, scores) };
  const outcomes = prepared.organisations.map((_, slot) => runPipeline(context, slot, traces?.[slot] ?? null));
  return { domains, composites, context, outcomes };
}

/** League-table positions (1 = best) within the framework's ranking grouping: by level, then score, then code. */
export function leagueRanks(prepared: PreparedRating, outcomes: readonly PipelineOutcome[], bestIsHigh: boolean): (number | null)[] {
  const ranking = prepared.framework.ranking;
  const ranks = new Array<number | null>(outcomes.length).fill(null);
  if (ranking === undefined) return ranks;
  const groups = new Map<string, number[]>();
  prepared.organisations.forEach((org, slot) => {
    if ((outcomes[slot]?.level ?? -1) < 0) return;
    const key = ranking.within === 'england' ? '' : (org.peerType ?? '');
    groups.set(key, [...(groups.get(key) ?? []), slot]);
  });
  for (const members of groups.values()) {
    const orientedScore = (slot: number): number => {
      const score = outcomes[slot]?.score ?? Number.NaN;
      return Number.isNaN(score) ? Infinity : bestIsHigh ? -score : score;
    };
    members
      .sort((a, b) => (outcomes[a]?.level ?? 0) - (outcomes[b]?.level ?? 0) || orientedScore(a) - orientedScore(b) || a - b)
      .forEach((slot, position) => (ranks[slot] = position + 1));
  }
  return ranks;
}
