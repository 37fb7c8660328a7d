import { analyseSpc, type ImprovementDirection, POINT_TYPE_LABELS, specialCauseLabel } from './spc.ts';
import { SPC_MINIMUM_POINTS } from './spc-summary.ts';
import type { Polarity } from './polarity.ts';

// One organisation's series of one indicator through the XmR analysis (analyseSpc, which agrees with
// NHSRplotthedots), with Making Data Count's default rules, as a chart and a table beside it read it.

export interface SpcSeriesPoint {
  readonly value: number;
  /** The package's label: "Common Cause", "Above UCL", "7 Point Trend (Increasing)", … */
  readonly specialCause: string;
  /** common_cause, special_cause_improvement, special_cause_concern, special_cause_neutral_high or _low. */
  readonly pointType: string;
}

export type SpcSeries =
  | { readonly enough: true; readonly mean: number; readonly lowerLimit: number; readonly upperLimit: number; readonly points: readonly SpcSeriesPoint[] }
  | { readonly enough: false; readonly minimum: number; readonly count: number };

/** The direction of improvement an indicator's polarity implies. */
export function improvementOf(polarity: Polarity): ImprovementDirection {
  return polarity === 'high-is-good' ? 'increase' : polarity === 'low-is-good' ? 'decrease' : 'neutral';
}

/**
 * The XmR chart of a series in time order, or how many points it lacks: with fewer than SPC_MINIMUM_POINTS the
 * limits would be trial limits, which a public page should not present as a judgement.
 */
export function spcSeries(values: readonly number[], polarity: Polarity): SpcSeries {
  if (values.length < SPC_MINIMUM_POINTS) return { enough: false, minimum: SPC_MINIMUM_POINTS, count: values.length };
  const result = analyseSpc({ values: Float64Array.from(values), seriesStarts: Int32Array.of(0, values.length) }, { improvement: improvementOf(polarity) });
  return {
    enough: true,
    mean: result.mean[0] ?? Number.NaN,
    lowerLimit: result.lowerLimit[0] ?? Number.NaN,
    upperLimit: result.upperLimit[0] ?? Number.NaN,
    points: values.map((value, index) => ({
      value,
      specialCause: specialCauseLabel(result.specialCause[index] ?? 0, 7),
      pointType: POINT_TYPE_LABELS[result.pointType[index] ?? 0] ?? 'common_cause',
    })),
  };
}
