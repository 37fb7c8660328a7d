import { ENGINE_VERSION } from './engine-version.ts';
import { evaluate, leagueRanks } from './evaluate.ts';
import { ratingInputHash } from './input-hash.ts';
import type { RatingInput } from './inputs.ts';
import { prepareRating } from './prepare.ts';
import type { OrganisationRating, RatingRun, RuleTrace } from './result.ts';
import { scoreIndicators } from './score-indicators.ts';
import { summarise } from './distribution.ts';
import { levelCode, scaleIndex } from './scales.ts';
import { dataFlags, groupTrace, indicatorTrace } from './trace.ts';

/**
 * Rates every organisation under one framework variant, with a full explanation trace. Pure and deterministic:
 * the same input gives the same run, and `renderRatingRun` gives the same bytes. Throws RatingInputError when
 * the input does not fit the framework.
 */
export function rate(input: RatingInput): RatingRun {
  const prepared = prepareRating(input);
  const { framework } = prepared;
  const scores = scoreIndicators(prepared);
  const traces: RuleTrace[][] = prepared.organisations.map(() => []);
  const { domains, composites, outcomes } = evaluate(prepared, scores, prepared.variant, traces);
  const headline = scaleIndex(framework, framework.headlineScale);
  const ranks = leagueRanks(prepared, outcomes, framework.points.best > framework.points.worst);
  const organisations = prepared.organisations.map((org, slot): OrganisationRating => {
    const outcome = outcomes[slot];
    const level = outcome?.level ?? -1;
    const indicators = scores.map((score) => indicatorTrace(prepared, score, slot));
    return {
      org: org.code,
      name: org.name,
      region: org.region,
      peerType: org.peerType,
      headline: levelCode(headline, level),
      label: level >= 0 ? (headline.labels[level] ?? null) : null,
      notRatedReason: outcome?.notRatedReason ?? null,
      decidedBy: outcome?.decidedBy ?? null,
      score: Number.isFinite(outcome?.score ?? Number.NaN) ? (outcome?.score ?? null) : null,
      rank: ranks[slot] ?? null,
      domains: domains.map((domain) => groupTrace(domain, slot)),
      composites: composites.map((composite) => groupTrace(composite, slot)),
      indicators,
      rules: traces[slot] ?? [],
      flags: dataFlags(indicators, domains, slot, framework.dataRules.domainNotRated),
    };
  });
  return {
    engineVersion: ENGINE_VERSION,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    variant: prepared.variant.id,
    asOf: prepared.asOf,
    inputHash: ratingInputHash(prepared),
    summary: summarise(framework, organisations.map((organisation) => organisation.headline)),
    organisations,
  };
}

/**
 * The bytes of a run: what is stored and compared for byte-identical re-runs. The engine builds every object
 * with a fixed key order and only finite numbers or null, so plain JSON is already canonical for its output
 * (and ten times faster than re-sorting keys); inputs, which come from outside, are hashed via canonicalJson.
 */
export function renderRatingRun(run: RatingRun): string {
  return JSON.stringify(run);
}
