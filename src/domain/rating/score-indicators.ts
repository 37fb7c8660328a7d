import type { Indicator } from '../frameworks/schema-indicators.ts';
import type { DataAction } from '../frameworks/schema-rules.ts';
import { COMPARISON, compareToReferenceInto } from '../statistics/compare.ts';
import { quantileBands } from '../statistics/quantile-banding.ts';
import { averageRanks } from '../statistics/r-compat.ts';
import { groupSlots, perGroup } from './groupings.ts';
import { type IndicatorIntervals, indicatorIntervals } from './intervals.ts';
import { NOT_APPLICABLE } from './inputs.ts';
import { type IndicatorColumns, type PreparedRating, VALUE_STATUS } from './prepare.ts';

// Turns each indicator's column of values into points, by the indicator's scoring method. Relative methods
// (quartiles, ranks) use only usable values, so a missing or stale value never shifts anyone else's score.

/** Outcome of scoring against a standard. */
export const STANDARD_OUTCOME = { none: 0, met: 1, withinTolerance: 2, notMet: 3 } as const;

export interface IndicatorScores extends IndicatorIntervals {
  readonly columns: IndicatorColumns;
  /** VALUE_STATUS per organisation (judgement indicators: missing when no judgement was recorded). */
  readonly status: Uint8Array;
  /** The comparator value each organisation was compared with (NaN for methods without one). */
  readonly reference: Float64Array;
  /** COMPARISON code for ci-comparison. */
  readonly comparison: Uint8Array;
  /** Quartile (1 = best) for national-quartile, rank (1 = best) for rank-scaled. */
  readonly position: Float64Array;
  /** Size of the group the position was taken within. */
  readonly groupSize: Float64Array;
  readonly standardOutcome: Uint8Array;
  /** Level recorded for judgement indicators. */
  readonly judged: readonly (string | null)[];
  /** Points; NaN when the value is not scored (excluded by the data rules). */
  readonly points: Float64Array;
}

/** The data rule that applies to a value with this status. */
export function actionFor(prepared: PreparedRating, status: number): DataAction | null {
  const rules = prepared.framework.dataRules;
  if (status === VALUE_STATUS.missing) return rules.missing;
  if (status === VALUE_STATUS.stale) return rules.stale?.action ?? 'exclude';
  if (status === VALUE_STATUS.smallDenominator) return rules.smallDenominator;
  return null;
}

function usableValues(columns: IndicatorColumns, status: Uint8Array): Float64Array {
  const usable = new Float64Array(status.length);
  for (let slot = 0; slot < status.length; slot++) usable[slot] = status[slot] === VALUE_STATUS.usable ? (columns.value[slot] ?? Number.NaN) : Number.NaN;
  return usable;
}

/** England: pooled numerator over denominator where every usable value has counts, else the mean of values. */
function englandReference(columns: IndicatorColumns, status: Uint8Array): number {
  let numerator = 0;
  let denominator = 0;
  let sum = 0;
  let count = 0;
  let pooled = true;
  for (let slot = 0; slot < status.length; slot++) {
    if (status[slot] !== VALUE_STATUS.usable) continue;
    const x = columns.numerator[slot] ?? Number.NaN;
    const n = columns.denominator[slot] ?? Number.NaN;
    if (Number.isNaN(x) || Number.isNaN(n)) pooled = false;
    numerator += x;
    denominator += n;
    sum += columns.value[slot] ?? 0;
    count += 1;
  }
  if (count === 0) return Number.NaN;
  return pooled ? (numerator / denominator) * columns.multiplier : sum / count;
}

function meanOf(values: Float64Array, slots: Iterable<number>): number {
  let sum = 0;
  let count = 0;
  for (const slot of slots) {
    const value = values[slot] ?? Number.NaN;
    if (Number.isNaN(value)) continue;
    sum += value;
    count += 1;
  }
  return count === 0 ? Number.NaN : sum / count;
}

function references(prepared: PreparedRating, columns: IndicatorColumns, status: Uint8Array, usable: Float64Array): Float64Array {
  const { indicator } = columns;
  const size = usable.length;
  switch (indicator.comparator) {
    case 'standard':
      return new Float64Array(size).fill(indicator.standard ?? Number.NaN);
    case 'england':
      return new Float64Array(size).fill(englandReference(columns, status));
    case 'peer-group':
      return Float64Array.from(prepared.peers, (peers) => meanOf(usable, peers));
    case 'peer-type': {
      const output = new Float64Array(size);
      for (const members of groupSlots(prepared.organisations, 'peer-type')) {
        const mean = meanOf(usable, members);
        for (const slot of members) output[slot] = mean;
      }
      return output;
    }
  }
}

function quartiles(prepared: PreparedRating, indicator: Indicator, usable: Float64Array, groupSize: Float64Array): Float64Array {
  const polarity = indicator.polarity;
  if (indicator.comparator === 'peer-group') {
    // Each organisation's quartile among itself and its peers (RightCare's 10 similar CCGs).
    return Float64Array.from(prepared.peers, (peers, slot) => {
      const values = Float64Array.from([slot, ...peers], (member) => usable[member] ?? Number.NaN);
      groupSize[slot] = values.filter((value) => !Number.isNaN(value)).length;
      return Number.isNaN(usable[slot] ?? Number.NaN) ? Number.NaN : (quantileBands(values, 4, polarity)[0] ?? Number.NaN);
    });
  }
  const groups = groupSlots(prepared.organisations, indicator.comparator === 'peer-type' ? 'peer-type' : 'england');
  for (const members of groups) {
    let present = 0;
    for (const slot of members) if (!Number.isNaN(usable[slot] ?? Number.NaN)) present += 1;
    for (const slot of members) groupSize[slot] = present;
  }
  return perGroup(usable, groups, (values) => quantileBands(values, 4, polarity));
}

/** Ranks with 1 = best (ties share the average rank, as R's rank()); missing values get NaN. */
function bestFirstRanks(values: Float64Array, polarity: Indicator['polarity']): Float64Array {
  const present: number[] = [];
  values.forEach((value, index) => {
    if (!Number.isNaN(value)) present.push(index);
  });
  const oriented = Float64Array.from(present, (index) => (polarity === 'low-is-good' ? (values[index] ?? 0) : -(values[index] ?? 0)));
  const ranks = averageRanks(oriented);
  const output = new Float64Array(values.length).fill(Number.NaN);
  present.forEach((index, position) => (output[index] = ranks[position] ?? Number.NaN));
  return output;
}

function judgementStatus(prepared: PreparedRating, indicator: Indicator): { status: Uint8Array; judged: (string | null)[] } {
  const judgementId = indicator.scoring.method === 'judgement' ? indicator.scoring.judgement : '';
  const recorded = prepared.judgements.get(judgementId) ?? [];
  const judged = prepared.organisations.map((_, slot) => {
    const value = recorded[slot]?.value;
    return typeof value === 'string' && value !== NOT_APPLICABLE ? value : null;
  });
  return { status: Uint8Array.from(judged, (level) => (level === null ? VALUE_STATUS.missing : VALUE_STATUS.usable)), judged };
}

// Read-only NaN columns, one set per size: the loops that skip intervals ask for them thousands of times.
const NO_INTERVALS = new Map<number, IndicatorIntervals>();

function noIntervals(size: number): IndicatorIntervals {
  let intervals = NO_INTERVALS.get(size);
  if (intervals === undefined) {
    const none = new Float64Array(size).fill(Number.NaN);
    intervals = { lower95: none, upper95: none, lower998: none, upper998: none };
    NO_INTERVALS.set(size, intervals);
  }
  return intervals;
}

/**
 * Scores one indicator for every organisation. Intervals are computed when the method needs them or a trace
 * will show them (`withIntervals`); the what-if and resampling loops skip them for quartile and rank methods.
 */
export function scoreIndicator(prepared: PreparedRating, columns: IndicatorColumns, withIntervals = true): IndicatorScores {
  const { indicator } = columns;
  const size = columns.value.length;
  const { best, worst } = prepared.framework.points;
  const judgement = indicator.dataType === 'judgement' ? judgementStatus(prepared, indicator) : null;
  const status = judgement?.status ?? columns.status;
  const judged = judgement?.judged ?? [];
  const intervals = withIntervals || indicator.scoring.method === 'ci-comparison' ? indicatorIntervals(columns) : noIntervals(size);
  const usable = usableValues(columns, status);
  const reference = new Float64Array(size).fill(Number.NaN);
  const comparison = new Uint8Array(size);
  const position = new Float64Array(size).fill(Number.NaN);
  const groupSize = new Float64Array(size).fill(Number.NaN);
  const standardOutcome = new Uint8Array(size);
  const points = new Float64Array(size).fill(Number.NaN);
  const scoring = indicator.scoring;

  switch (scoring.method) {
    case 'national-quartile': {
      position.set(quartiles(prepared, indicator, usable, groupSize));
      for (let slot = 0; slot < size; slot++) {
        const band = position[slot] ?? Number.NaN;
        if (!Number.isNaN(band)) points[slot] = scoring.points[band - 1] ?? Number.NaN;
      }
      break;
    }
    case 'rank-scaled': {
      const groups = groupSlots(prepared.organisations, indicator.comparator === 'peer-type' ? 'peer-type' : 'england');
      position.set(perGroup(usable, groups, (values) => bestFirstRanks(values, indicator.polarity)));
      for (const members of groups) {
        const present = members.filter((slot) => !Number.isNaN(usable[slot] ?? Number.NaN)).length;
        for (const slot of members) {
          groupSize[slot] = present;
          const rank = position[slot] ?? Number.NaN;
          if (Number.isNaN(rank)) continue;
          // NOF: best + (worst − best)(rank − 1)/(n − 1); a lone organisation sits in the middle.
          points[slot] = present === 1 ? (best + worst) / 2 : best + ((worst - best) * (rank - 1)) / (present - 1);
        }
      }
      break;
    }
    case 'ci-comparison': {
      reference.set(references(prepared, columns, status, usable));
      const out95 = new Uint8Array(size);
      const out998 = new Uint8Array(size);
      const single = indicator.comparator === 'standard' || indicator.comparator === 'england';
      if (single) {
        compareToReferenceInto(reference[0] ?? Number.NaN, intervals.lower95, intervals.upper95, intervals.lower998, intervals.upper998, indicator.polarity, out95, out998);
      } else {
        for (let slot = 0; slot < size; slot++) {
          const view = (column: Float64Array): Float64Array => column.subarray(slot, slot + 1);
          compareToReferenceInto(reference[slot] ?? Number.NaN, view(intervals.lower95), view(intervals.upper95), view(intervals.lower998), view(intervals.upper998), indicator.polarity, out95.subarray(slot, slot + 1), out998.subarray(slot, slot + 1));
        }
      }
      const outcomes = scoring.level === 95 ? out95 : out998;
      const byCode: Record<number, number | undefined> = {
        [COMPARISON.best]: scoring.points.best,
        [COMPARISON.better]: scoring.points.better,
        [COMPARISON.similar]: scoring.points.similar,
        [COMPARISON.worse]: scoring.points.worse,
        [COMPARISON.worst]: scoring.points.worst,
      };
      outcomes.forEach((code, slot) => {
        if (status[slot] !== VALUE_STATUS.usable) return;
        comparison[slot] = code;
        points[slot] = byCode[code] ?? Number.NaN;
      });
      break;
    }
    case 'against-standard': {
      const standard = indicator.standard ?? Number.NaN;
      reference.fill(standard);
      const sign = indicator.polarity === 'low-is-good' ? -1 : 1;
      usable.forEach((value, slot) => {
        if (Number.isNaN(value)) return;
        const margin = sign * (value - standard);
        const outcome = margin >= 0 ? STANDARD_OUTCOME.met : margin >= -scoring.tolerance ? STANDARD_OUTCOME.withinTolerance : STANDARD_OUTCOME.notMet;
        standardOutcome[slot] = outcome;
        points[slot] = outcome === STANDARD_OUTCOME.met ? scoring.points.met : outcome === STANDARD_OUTCOME.withinTolerance ? scoring.points.withinTolerance : scoring.points.notMet;
      });
      break;
    }
    case 'category-map':
      columns.category.forEach((category, slot) => {
        if (status[slot] === VALUE_STATUS.usable && category !== null) points[slot] = scoring.map[category] ?? Number.NaN;
      });
      break;
    case 'judgement':
      judged.forEach((level, slot) => {
        if (level !== null) points[slot] = scoring.map[level] ?? Number.NaN;
      });
      break;
  }

  const rules = prepared.framework.dataRules;
  if (rules.missing === 'worst-points' || rules.smallDenominator === 'worst-points' || rules.stale?.action === 'worst-points') {
    for (let slot = 0; slot < size; slot++) if (actionFor(prepared, status[slot] ?? VALUE_STATUS.usable) === 'worst-points') points[slot] = worst;
  }
  return { ...intervals, columns, status, reference, comparison, position, groupSize, standardOutcome, judged, points };
}

export function scoreIndicators(prepared: PreparedRating, withIntervals = true): IndicatorScores[] {
  return prepared.columns.map((columns) => scoreIndicator(prepared, columns, withIntervals));
}
