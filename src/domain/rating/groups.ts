import type { Composite, Domain, GroupRating } from '../frameworks/schema-rules.ts';
import type { Polarity } from '../statistics/polarity.ts';
import { quantileBands } from '../statistics/quantile-banding.ts';
import { bandFor, summarisePoints } from './aggregate-points.ts';
import { groupSlots, perGroup } from './groupings.ts';
import { NOT_APPLICABLE } from './inputs.ts';
import type { PreparedRating } from './prepare.ts';
import { levelOf, NO_LEVEL, NOT_APPLICABLE_LEVEL, type ScaleIndex, scaleIndex } from './scales.ts';

// Domain and composite (clinical priority area) results for every organisation.

export const GROUP_STATUS = { rated: 0, notRated: 1, notApplicable: 2, noLevel: 3 } as const;

export interface GroupResults {
  readonly id: string;
  readonly kind: 'domain' | 'composite';
  readonly name: string;
  readonly method: GroupRating['method'];
  readonly scale: ScaleIndex;
  /** Indicator positions (framework order) that count towards the group. */
  readonly members: readonly number[];
  readonly level: Int16Array;
  readonly status: Uint8Array;
  readonly score: Float64Array;
  readonly coverage: Float64Array;
  readonly used: Uint16Array;
  readonly reason: readonly (string | null)[];
}

/** Points run upwards (4 best) or downwards (1.00 best); quantile bands need to know which. */
export function pointsPolarity(prepared: PreparedRating): Polarity {
  const { best, worst } = prepared.framework.points;
  return best > worst ? 'high-is-good' : 'low-is-good';
}

function rateGroup(prepared: PreparedRating, points: readonly Float64Array[], group: Domain | Composite, kind: 'domain' | 'composite', members: readonly number[]): GroupResults {
  const size = prepared.organisations.length;
  const scale = scaleIndex(prepared.framework, group.scale);
  const level = new Int16Array(size).fill(NO_LEVEL);
  const status = new Uint8Array(size);
  const score = new Float64Array(size).fill(Number.NaN);
  const coverage = new Float64Array(size).fill(Number.NaN);
  const used = new Uint16Array(size);
  const reason = new Array<string | null>(size).fill(null);
  const rating = group.rating;
  const { minimumCoverage } = prepared.framework.dataRules;
  const weights = members.map((position) => prepared.columns[position]?.indicator.weight ?? 1);

  if (rating.method === 'judgement') {
    const recorded = prepared.judgements.get(rating.judgement) ?? [];
    for (let slot = 0; slot < size; slot++) {
      const value = recorded[slot]?.value;
      if (value === NOT_APPLICABLE) {
        level[slot] = NOT_APPLICABLE_LEVEL;
        status[slot] = GROUP_STATUS.notApplicable;
      } else if (typeof value === 'string') {
        level[slot] = levelOf(scale, value);
      } else {
        status[slot] = GROUP_STATUS.notRated;
        reason[slot] = `no "${rating.judgement}" judgement was recorded`;
      }
    }
    return { id: group.id, kind, name: group.name, method: rating.method, scale, members, level, status, score, coverage, used, reason };
  }

  const aggregate = rating.method === 'none' ? 'mean' : rating.aggregate;
  for (let slot = 0; slot < size; slot++) {
    const summary = summarisePoints(points, members, weights, slot, aggregate);
    coverage[slot] = summary.coverage;
    used[slot] = summary.used;
    if (rating.method === 'none') {
      score[slot] = summary.score;
      status[slot] = GROUP_STATUS.noLevel;
      continue;
    }
    if (summary.used === 0 || summary.coverage < minimumCoverage) {
      status[slot] = GROUP_STATUS.notRated;
      reason[slot] = `${summary.used} of ${members.length} indicators scored (${(summary.coverage * 100).toFixed(0)}% of the weight; the framework needs ${(minimumCoverage * 100).toFixed(0)}%)`;
      continue;
    }
    score[slot] = summary.score;
    if (rating.method === 'score-bands') {
      const band = bandFor(rating.bands, summary.score);
      level[slot] = levelOf(scale, rating.bands[band]?.level ?? '');
    }
  }
  if (rating.method === 'quantile-bands') {
    const bands = perGroup(score, groupSlots(prepared.organisations, rating.within), (values) => quantileBands(values, rating.levels.length, pointsPolarity(prepared)));
    bands.forEach((band, slot) => {
      if (Number.isNaN(band)) {
        if (status[slot] === GROUP_STATUS.rated) {
          status[slot] = GROUP_STATUS.notRated;
          reason[slot] = `too few organisations in the grouping for ${rating.levels.length} quantiles`;
        }
        return;
      }
      level[slot] = levelOf(scale, rating.levels[band - 1] ?? '');
    });
  }
  return { id: group.id, kind, name: group.name, method: rating.method, scale, members, level, status, score, coverage, used, reason };
}

/** Indicator positions of a domain or composite that count (contextual metrics are shown, not counted). */
function countedMembers(prepared: PreparedRating, codes: (code: string, domain: string) => boolean): number[] {
  return prepared.columns.flatMap((columns, position) => (columns.indicator.role === 'scored' && codes(columns.indicator.code, columns.indicator.domain) ? [position] : []));
}

export function rateDomains(prepared: PreparedRating, points: readonly Float64Array[]): GroupResults[] {
  return prepared.framework.domains.map((domain) => rateGroup(prepared, points, domain, 'domain', countedMembers(prepared, (_, owner) => owner === domain.id)));
}

export function rateComposites(prepared: PreparedRating, points: readonly Float64Array[]): GroupResults[] {
  return prepared.framework.composites.map((composite) => rateGroup(prepared, points, composite, 'composite', countedMembers(prepared, (code) => composite.indicators.includes(code))));
}
