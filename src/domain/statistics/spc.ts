import { keepNearPoints, markRunsOnOneSide, markTrends, markTwoInThreeWindows, spreadOverRun } from './spc-rules.ts';

// XmR charts with the Making Data Count rules (NHS England), as NHSRplotthedots 0.2.2 computes them:
// mean of the points, mean moving range (optionally screened of moving ranges ≥ 3.267 × its first estimate),
// process limits mean ± 2.66·mR̄ and "near" lines at mean ± 2·(2.66/3)·mR̄.

/** `ptd`: NHSRplotthedots 0.2.2 (points beyond 3σ do not count towards two-of-three); `mdc`: MDC's 2023 clarification that they do. */
export type SpcRuleSet = 'mdc' | 'ptd';
export type ImprovementDirection = 'increase' | 'decrease' | 'neutral';

export interface SpcOptions {
  readonly rules?: SpcRuleSet;
  /** Points in a shift or a trend: 7 (the package) or 6. */
  readonly runLength?: 6 | 7;
  readonly screenOutliers?: boolean;
  readonly improvement?: ImprovementDirection;
}

export interface SpcInput {
  readonly values: Float64Array;
  /** Series i is values[seriesStarts[i] … seriesStarts[i + 1]); the last entry is values.length. */
  readonly seriesStarts: Int32Array;
  /** 1 where a new baseline (rebase) begins; limits are recalculated from that point on. */
  readonly rebase?: Uint8Array;
}

export const SPECIAL_CAUSE = {
  common: 0,
  aboveUpper: 1,
  belowLower: 2,
  trendUp: 3,
  trendDown: 4,
  twoInThreeAbove: 5,
  twoInThreeBelow: 6,
  shiftAbove: 7,
  shiftBelow: 8,
} as const;

export const POINT_TYPE = { common: 0, improvement: 1, concern: 2, neutralHigh: 3, neutralLow: 4 } as const;
export const POINT_TYPE_LABELS: readonly string[] = [
  'common_cause',
  'special_cause_improvement',
  'special_cause_concern',
  'special_cause_neutral_high',
  'special_cause_neutral_low',
];

/** The package's special-cause labels; the run length appears in the trend and shift labels. */
export function specialCauseLabel(code: number, runLength: number): string {
  const labels = [
    'Common Cause',
    'Above UCL',
    'Below LCL',
    `${runLength} Point Trend (Increasing)`,
    `${runLength} Point Trend (Decreasing)`,
    '2 in 3 Above CL',
    '2 in 3 Below CL',
    `${runLength} Points Above CL`,
    `${runLength} Points Below CL`,
  ];
  return labels[code] ?? 'Common Cause';
}

/** Point flags packed in one byte per point. */
export const POINT_FLAG = { outside: 1, close: 2, above: 4, below: 8 } as const;

export interface SpcResult {
  /** Segment g (a series, or a rebased part of one) is points segmentStarts[g] … segmentStarts[g + 1]. */
  readonly segmentStarts: Int32Array;
  readonly segmentSeries: Int32Array;
  readonly mean: Float64Array;
  readonly lowerLimit: Float64Array;
  readonly upperLimit: Float64Array;
  readonly flags: Uint8Array;
  readonly specialCause: Uint8Array;
  readonly pointType: Uint8Array;
}

const LIMIT = 2.66;
const NEAR_LIMIT = 2 * (LIMIT / 3);
const MOVING_RANGE_SCREEN = 3.267;

function segmentBoundaries(input: SpcInput): { starts: Int32Array; series: Int32Array } {
  const starts: number[] = [];
  const series: number[] = [];
  for (let s = 0; s + 1 < input.seriesStarts.length; s++) {
    const from = input.seriesStarts[s] ?? 0;
    const to = input.seriesStarts[s + 1] ?? 0;
    for (let i = from; i < to; i++) {
      if (i === from || input.rebase?.[i] === 1) {
        starts.push(i);
        series.push(s);
      }
    }
  }
  starts.push(input.values.length);
  return { starts: Int32Array.from(starts), series: Int32Array.from(series) };
}

/** Where segmentLimits writes each figure in its output. */
export const LIMITS = { mean: 0, lower: 1, upper: 2, nearLower: 3, nearUpper: 4 } as const;
export const LIMITS_LENGTH = 5;

/**
 * The mean, process limits and near lines of points [start, end), written into `out` at the LIMITS positions
 * (a caller-owned array, so that millions of segments allocate nothing).
 */
export function segmentLimits(values: Float64Array, start: number, end: number, screen: boolean, out: Float64Array): void {
  let total = 0;
  let count = 0;
  let rangeTotal = 0;
  let ranges = 0;
  for (let i = start; i < end; i++) {
    const y = values[i] ?? Number.NaN;
    if (y !== y) continue;
    total += y;
    count += 1;
    const range = Math.abs(y - (values[i - 1] ?? Number.NaN));
    if (i > start && range === range) {
      rangeTotal += range;
      ranges += 1;
    }
  }
  const mean = total / count;
  let meanRange = rangeTotal / ranges;
  // A zero mean range has no outlying ranges to screen (the package would divide by an empty set).
  if (screen && meanRange > 0) {
    const cut = MOVING_RANGE_SCREEN * meanRange;
    rangeTotal = 0;
    ranges = 0;
    for (let i = start + 1; i < end; i++) {
      const range = Math.abs((values[i] ?? Number.NaN) - (values[i - 1] ?? Number.NaN));
      if (range < cut) {
        rangeTotal += range;
        ranges += 1;
      }
    }
    meanRange = rangeTotal / ranges;
  }
  out[LIMITS.mean] = mean;
  out[LIMITS.lower] = mean - LIMIT * meanRange;
  out[LIMITS.upper] = mean + LIMIT * meanRange;
  out[LIMITS.nearLower] = mean - NEAR_LIMIT * meanRange;
  out[LIMITS.nearUpper] = mean + NEAR_LIMIT * meanRange;
}

/** The options with the package's defaults: MDC rules, runs of 7, moving ranges screened, increase is improvement. */
export function spcSettings(options: SpcOptions): { rules: SpcRuleSet; runLength: 6 | 7; screen: boolean; improvement: ImprovementDirection } {
  return { rules: options.rules ?? 'mdc', runLength: options.runLength ?? 7, screen: options.screenOutliers ?? true, improvement: options.improvement ?? 'increase' };
}

/** Classifies every point of every series; memory is a few bytes per point plus one record per segment. */
export function analyseSpc(input: SpcInput, options: SpcOptions = {}): SpcResult {
  const { rules, runLength, screen, improvement } = spcSettings(options);
  const { values } = input;
  const points = values.length;
  const { starts, series } = segmentBoundaries(input);
  const segments = series.length;
  const result: SpcResult = {
    segmentStarts: starts,
    segmentSeries: series,
    mean: new Float64Array(segments),
    lowerLimit: new Float64Array(segments),
    upperLimit: new Float64Array(segments),
    flags: new Uint8Array(points),
    specialCause: new Uint8Array(points),
    pointType: new Uint8Array(points),
  };
  // Scratch passes, reused by every segment.
  const side = new Int8Array(points);
  const near = new Uint8Array(points);
  const trend = new Int8Array(points);
  const inTrend = new Uint8Array(points);
  const runEnds = new Uint8Array(points);
  const inShift = new Uint8Array(points);
  const windows = new Uint8Array(points);
  const inTwoInThree = new Uint8Array(points);
  const limits = new Float64Array(LIMITS_LENGTH);

  for (let g = 0; g < segments; g++) {
    const start = starts[g] ?? 0;
    const end = starts[g + 1] ?? 0;
    segmentLimits(values, start, end, screen, limits);
    const mean = limits[LIMITS.mean] ?? Number.NaN;
    const lower = limits[LIMITS.lower] ?? Number.NaN;
    const upper = limits[LIMITS.upper] ?? Number.NaN;
    const nearLower = limits[LIMITS.nearLower] ?? Number.NaN;
    const nearUpper = limits[LIMITS.nearUpper] ?? Number.NaN;
    result.mean[g] = mean;
    result.lowerLimit[g] = lower;
    result.upperLimit[g] = upper;

    for (let i = start; i < end; i++) {
      const y = values[i] ?? Number.NaN;
      const outside = y > upper || y < lower;
      const close = !outside && (y < nearLower || y > nearUpper);
      const sign = y > mean ? 1 : y < mean ? -1 : 0;
      side[i] = sign;
      near[i] = close || (rules === 'mdc' && outside) ? 1 : 0;
      result.flags[i] = (outside ? POINT_FLAG.outside : 0) | (close ? POINT_FLAG.close : 0) | (sign > 0 ? POINT_FLAG.above : 0) | (sign < 0 ? POINT_FLAG.below : 0);
    }
    markTrends(values, start, end, runLength, trend);
    spreadOverRun(trend, start, end, runLength, inTrend);
    markRunsOnOneSide(side, start, end, runLength, runEnds);
    spreadOverRun(runEnds, start, end, runLength, inShift);
    markTwoInThreeWindows(near, side, start, end, windows);
    keepNearPoints(windows, near, start, end, inTwoInThree);

    for (let i = start; i < end; i++) {
      const outside = ((result.flags[i] ?? 0) & POINT_FLAG.outside) !== 0;
      const cause = specialCauseAt(i, end, values, side, outside, inTrend, inTwoInThree, inShift);
      result.specialCause[i] = cause;
      result.pointType[i] = pointTypeOf(cause, improvement);
    }
  }
  return result;
}

/**
 * The special cause of point i by the package's precedence: outside the limits, part of a trend (direction from
 * the step to the next point when it is in the same trend, else the step into this one), part of two-of-three,
 * part of a shift, otherwise common cause. The side comes from the point's position relative to the mean.
 */
export function specialCauseAt(
  i: number,
  end: number,
  values: Float64Array,
  side: Int8Array,
  outside: boolean,
  inTrend: Uint8Array,
  inTwoInThree: Uint8Array,
  inShift: Uint8Array,
): number {
  const sign = side[i] ?? 0;
  if (outside) return sign === 1 ? SPECIAL_CAUSE.aboveUpper : SPECIAL_CAUSE.belowLower;
  if (inTrend[i] === 1) {
    const nextInTrend = i + 1 < end && inTrend[i + 1] === 1;
    const step = nextInTrend ? (values[i + 1] ?? 0) - (values[i] ?? 0) : (values[i] ?? 0) - (values[i - 1] ?? 0);
    return step > 0 ? SPECIAL_CAUSE.trendUp : SPECIAL_CAUSE.trendDown;
  }
  if (inTwoInThree[i] === 1) return sign > 0 ? SPECIAL_CAUSE.twoInThreeAbove : SPECIAL_CAUSE.twoInThreeBelow;
  if (inShift[i] === 1) return sign > 0 ? SPECIAL_CAUSE.shiftAbove : SPECIAL_CAUSE.shiftBelow;
  return SPECIAL_CAUSE.common;
}

/** Special causes on the high side (odd codes) are improvement when increase is good, and so on. */
export function pointTypeOf(cause: number, improvement: ImprovementDirection): number {
  if (cause === SPECIAL_CAUSE.common) return POINT_TYPE.common;
  const high = cause % 2 === 1;
  if (improvement === 'neutral') return high ? POINT_TYPE.neutralHigh : POINT_TYPE.neutralLow;
  return high === (improvement === 'increase') ? POINT_TYPE.improvement : POINT_TYPE.concern;
}
