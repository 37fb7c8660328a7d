import { type ImprovementDirection, POINT_TYPE_LABELS, type SpcResult } from './spc.ts';

/** Fewer points than this give "trial limits" (NHSRplotthedots warns). */
export const SPC_MINIMUM_POINTS = 12;

export type AssuranceType = 'consistent_pass' | 'consistent_fail' | 'inconsistent';

/**
 * The MDC assurance icon from the latest limits against the target: a target beyond the upper limit can never be
 * met when increase is good (consistent fail) and is always met when decrease is good; below the lower limit the
 * reverse; between them, inconsistent. No icon (null) without a target or with a neutral direction.
 */
export function assuranceType(lower: number, upper: number, target: number, improvement: ImprovementDirection): AssuranceType | null {
  if (Number.isNaN(target) || improvement === 'neutral') return null;
  if (target > upper) return improvement === 'increase' ? 'consistent_fail' : 'consistent_pass';
  if (target < lower) return improvement === 'increase' ? 'consistent_pass' : 'consistent_fail';
  return 'inconsistent';
}

export interface SpcSeriesSummary {
  readonly series: number;
  readonly points: number;
  /** The variation icon: the latest point's type. */
  readonly variation: string;
  readonly assurance: AssuranceType | null;
  readonly mean: number;
  readonly lowerLimit: number;
  readonly upperLimit: number;
  readonly warning: string | null;
}

/** Per series: variation from the last point, assurance from the last segment's limits, a trial-limits warning. */
export function summariseSpc(result: SpcResult, seriesStarts: Int32Array, targets: Float64Array, improvement: ImprovementDirection): SpcSeriesSummary[] {
  const summaries: SpcSeriesSummary[] = [];
  let segment = 0;
  for (let s = 0; s + 1 < seriesStarts.length; s++) {
    while (segment + 1 < result.segmentSeries.length && (result.segmentSeries[segment + 1] ?? -1) <= s) segment++;
    const from = seriesStarts[s] ?? 0;
    const to = seriesStarts[s + 1] ?? 0;
    const baselinePoints = (result.segmentStarts[segment + 1] ?? to) - (result.segmentStarts[segment] ?? from);
    const lowerLimit = result.lowerLimit[segment] ?? Number.NaN;
    const upperLimit = result.upperLimit[segment] ?? Number.NaN;
    summaries.push({
      series: s,
      points: to - from,
      variation: POINT_TYPE_LABELS[result.pointType[to - 1] ?? 0] ?? 'common_cause',
      assurance: assuranceType(lowerLimit, upperLimit, targets[s] ?? Number.NaN, improvement),
      mean: result.mean[segment] ?? Number.NaN,
      lowerLimit,
      upperLimit,
      warning: baselinePoints < SPC_MINIMUM_POINTS ? `trial limits: the limits rest on ${baselinePoints} points (fewer than ${SPC_MINIMUM_POINTS})` : null,
    });
  }
  return summaries;
}
