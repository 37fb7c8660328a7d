import { LIMITS, LIMITS_LENGTH, pointTypeOf, segmentLimits, SPECIAL_CAUSE, type SpcOptions, type SpcRuleSet, spcSettings } from './spc.ts';

// The special cause of each series' last point only, for readers that ask "what does the latest month say?" of
// hundreds of thousands of series (the risk score). Every Making Data Count rule can be decided at the last
// point from the limits and the last runLength points, so this reads each series twice for its limits and a
// few points more, where analyseSpc makes ten passes over every point. It must agree with analyseSpc's last
// point for every series, rule set and run length: test/statistics/spc-latest.test.ts checks it as a property.

export interface LatestPoints {
  /** Series i's last point's special cause (SPECIAL_CAUSE) and point type (POINT_TYPE). */
  readonly specialCause: Uint8Array;
  readonly pointType: Uint8Array;
}

/** Consecutive strictly rising (or strictly falling) steps ending at `last`, as markTrends counts them. */
function stepsInOneDirection(values: Float64Array, start: number, last: number): number {
  let direction = 0;
  let steps = 0;
  for (let i = last; i > start; i--) {
    const step = Math.sign((values[i] ?? Number.NaN) - (values[i - 1] ?? Number.NaN)) || 0;
    if (step === 0 || (direction !== 0 && step !== direction)) break;
    direction = step;
    steps += 1;
  }
  return steps;
}

// Plain functions, not closures made per series: tsx names every closure as it is made, which cost more than
// the analysis itself at 600,000 series.

function sideOf(y: number | undefined, mean: number): number {
  const value = y ?? Number.NaN;
  return value > mean ? 1 : value < mean ? -1 : 0;
}

function isOutside(y: number | undefined, limits: Float64Array): boolean {
  const value = y ?? Number.NaN;
  return value > (limits[LIMITS.upper] ?? Number.NaN) || value < (limits[LIMITS.lower] ?? Number.NaN);
}

/** A point between the near lines and the limits, or (by the 'mdc' rules) beyond the limits. */
function isNear(y: number | undefined, limits: Float64Array, rules: SpcRuleSet): boolean {
  const value = y ?? Number.NaN;
  const outside = isOutside(value, limits);
  return (!outside && (value < (limits[LIMITS.nearLower] ?? Number.NaN) || value > (limits[LIMITS.nearUpper] ?? Number.NaN))) || (rules === 'mdc' && outside);
}

/**
 * The special cause at the last point of every series of one segment each (no rebasing), with the options
 * analyseSpc takes. A series with no points gets common cause.
 */
export function analyseLatestPoints(values: Float64Array, seriesStarts: Int32Array, options: SpcOptions = {}): LatestPoints {
  const { rules, runLength, screen, improvement } = spcSettings(options);
  const count = Math.max(seriesStarts.length - 1, 0);
  const specialCause = new Uint8Array(count);
  const pointType = new Uint8Array(count);
  const limits = new Float64Array(LIMITS_LENGTH);
  for (let s = 0; s < count; s++) {
    const start = seriesStarts[s] ?? 0;
    const end = seriesStarts[s + 1] ?? 0;
    if (end <= start) continue;
    segmentLimits(values, start, end, screen, limits);
    const mean = limits[LIMITS.mean] ?? Number.NaN;
    const last = end - 1;
    const side = sideOf(values[last], mean);
    let cause: number = SPECIAL_CAUSE.common;
    if (isOutside(values[last], limits)) cause = side === 1 ? SPECIAL_CAUSE.aboveUpper : SPECIAL_CAUSE.belowLower;
    else if (stepsInOneDirection(values, start, last) >= runLength - 1) {
      cause = (values[last] ?? 0) - (values[last - 1] ?? 0) > 0 ? SPECIAL_CAUSE.trendUp : SPECIAL_CAUSE.trendDown;
    } else if (
      last - 2 >= start &&
      isNear(values[last], limits, rules) &&
      Number(isNear(values[last - 2], limits, rules)) + Number(isNear(values[last - 1], limits, rules)) + 1 >= 2 &&
      Math.abs(sideOf(values[last - 2], mean) + sideOf(values[last - 1], mean) + side) === 3
    ) {
      cause = side > 0 ? SPECIAL_CAUSE.twoInThreeAbove : SPECIAL_CAUSE.twoInThreeBelow;
    } else if (side !== 0) {
      let run = 1;
      while (run < runLength && last - run >= start && sideOf(values[last - run], mean) === side) run += 1;
      if (run >= runLength) cause = side > 0 ? SPECIAL_CAUSE.shiftAbove : SPECIAL_CAUSE.shiftBelow;
    }
    specialCause[s] = cause;
    pointType[s] = pointTypeOf(cause, improvement);
  }
  return { specialCause, pointType };
}
