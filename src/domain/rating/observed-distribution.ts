import { groupSlots } from './groupings.ts';
import { normalCdf } from './normal-cdf.ts';
import type { IndicatorColumns, PreparedRating } from './prepare.ts';
import { VALUE_STATUS } from './prepare.ts';
import type { IndicatorScores } from './score-indicators.ts';

// For the resampler: a relative indicator (national quartile, rank) scored against the observed distribution.
// A resampled value takes the points of the nearest observed value in its organisation's group — the points
// the statistics library gave that value on the observed data. The other organisations are held fixed, so a
// draw measures the organisation's own measurement noise. Nearest-value scoring makes the points a step
// function of the value, with a boundary half-way between neighbouring observed values whose points differ;
// where the value's sampling distribution is close to normal, each draw then needs one uniform number and the
// probabilities of landing between boundaries, worked out once.

/** Below this variance (events, or n·p·(1 − p)) a count is sampled exactly rather than as a normal. */
const NORMAL_ENOUGH = 10;
const Z95 = 1.959963984540054;
/** Boundaries further than this many standard errors away are never reached in practice. */
const REACH = 8;

interface Steps {
  /** Boundaries between runs of equal points, ascending. */
  readonly cuts: Float64Array;
  /** Points of each run: cuts.length + 1 entries. */
  readonly points: Float64Array;
}

/** How each organisation's points are drawn: fixed, from precomputed run probabilities, or by sampling a value. */
export const DRAW_MODE = { fixed: 0, runs: 1, value: 2 } as const;

export interface PointsSampler {
  readonly mode: Uint8Array;
  /** For `runs`: the slot's cumulative probabilities and points, at [start, start + count). */
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly cumulative: Float64Array;
  readonly runPoints: Float64Array;
  /** For `value`: the step function of the slot's group. */
  readonly stepsOf: readonly (Steps | undefined)[];
}

/** Whether an indicator's points can be read off its observed distribution (quartiles and ranks within england or peer type). */
export function usesObservedDistribution(columns: IndicatorColumns): boolean {
  const { scoring, comparator } = columns.indicator;
  return (scoring.method === 'national-quartile' || scoring.method === 'rank-scaled') && comparator !== 'peer-group';
}

function stepsOfGroup(observed: IndicatorScores, members: readonly number[]): Steps {
  const scored = members.filter((slot) => observed.status[slot] === VALUE_STATUS.usable && !Number.isNaN(observed.points[slot] ?? Number.NaN));
  scored.sort((a, b) => (observed.columns.value[a] ?? 0) - (observed.columns.value[b] ?? 0));
  const cuts: number[] = [];
  const points: number[] = [];
  scored.forEach((slot, position) => {
    const value = observed.columns.value[slot] ?? 0;
    const scoredPoints = observed.points[slot] ?? Number.NaN;
    const previous = scored[position - 1];
    if (previous === undefined) {
      points.push(scoredPoints);
      return;
    }
    const last = points[points.length - 1] ?? Number.NaN;
    if (scoredPoints === last) return;
    const previousValue = observed.columns.value[previous] ?? 0;
    // Equal values always score equally, so previousValue < value here.
    cuts.push((previousValue + value) / 2);
    points.push(scoredPoints);
  });
  return { cuts: Float64Array.from(cuts), points: Float64Array.from(points) };
}

/** Points of a value on a step function (a value exactly on a boundary takes the run above it). */
export function pointsOnSteps(steps: Steps, value: number): number {
  const { cuts, points } = steps;
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cuts[middle] ?? 0) <= value) low = middle + 1;
    else high = middle;
  }
  return points[low] ?? Number.NaN;
}

/** The standard error of a usable value, and whether a normal describes its sampling distribution well. */
function spread(columns: IndicatorColumns, slot: number): { sd: number; normal: boolean } {
  const x = columns.numerator[slot] ?? Number.NaN;
  const n = columns.denominator[slot] ?? Number.NaN;
  if (!Number.isNaN(x) && !Number.isNaN(n)) {
    if (columns.indicator.dataType === 'proportion') {
      const p = x / n;
      return { sd: (Math.sqrt((p * (1 - p)) / n) || 0) * columns.multiplier, normal: n * p * (1 - p) >= NORMAL_ENOUGH };
    }
    return { sd: (Math.sqrt(x) / n) * columns.multiplier, normal: x >= NORMAL_ENOUGH };
  }
  const lower = columns.lower95[slot] ?? Number.NaN;
  const upper = columns.upper95[slot] ?? Number.NaN;
  if (Number.isNaN(lower) || Number.isNaN(upper)) return { sd: 0, normal: true };
  return { sd: (upper - lower) / (2 * Z95), normal: true };
}

export function pointsSampler(prepared: PreparedRating, observed: IndicatorScores): PointsSampler {
  const size = prepared.organisations.length;
  const within = observed.columns.indicator.comparator === 'peer-type' ? 'peer-type' : 'england';
  const stepsOf = new Array<Steps | undefined>(size);
  for (const members of groupSlots(prepared.organisations, within)) {
    const steps = stepsOfGroup(observed, members);
    for (const slot of members) stepsOf[slot] = steps;
  }
  const mode = new Uint8Array(size);
  const start = new Int32Array(size);
  const count = new Int32Array(size);
  const cumulative: number[] = [];
  const runPoints: number[] = [];
  for (let slot = 0; slot < size; slot++) {
    const steps = stepsOf[slot];
    if (observed.status[slot] !== VALUE_STATUS.usable || steps === undefined || steps.points.length === 0) continue;
    const { sd, normal } = spread(observed.columns, slot);
    if (!normal) {
      mode[slot] = DRAW_MODE.value;
      continue;
    }
    if (!(sd > 0)) continue;
    const mean = observed.columns.value[slot] ?? 0;
    mode[slot] = DRAW_MODE.runs;
    start[slot] = cumulative.length;
    // Runs within reach of the mean, with the probability of ending at or below each boundary.
    let run = 0;
    while (run < steps.cuts.length && (steps.cuts[run] ?? 0) < mean - REACH * sd) run++;
    for (; run < steps.cuts.length && (steps.cuts[run] ?? 0) <= mean + REACH * sd; run++) {
      cumulative.push(normalCdf(((steps.cuts[run] ?? 0) - mean) / sd));
      runPoints.push(steps.points[run] ?? Number.NaN);
    }
    cumulative.push(1);
    runPoints.push(steps.points[run] ?? Number.NaN);
    count[slot] = cumulative.length - (start[slot] ?? 0);
  }
  return { mode, start, count, cumulative: Float64Array.from(cumulative), runPoints: Float64Array.from(runPoints), stepsOf };
}

/** Points for a uniform draw `u` of a slot in `runs` mode. */
export function pointsFromRuns(sampler: PointsSampler, slot: number, u: number): number {
  const first = sampler.start[slot] ?? 0;
  const last = first + (sampler.count[slot] ?? 1) - 1;
  let index = first;
  while (index < last && u >= (sampler.cumulative[index] ?? 1)) index++;
  return sampler.runPoints[index] ?? Number.NaN;
}
