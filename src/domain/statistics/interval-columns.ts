import { zForConfidence } from './confidence.ts';

/** Column-oriented results of an interval method: one value per row and one limit pair per confidence level. */
export interface IntervalColumns {
  readonly confidenceLevels: readonly number[];
  readonly value: Float64Array;
  /** lower[k][i] is row i's lower limit at confidenceLevels[k]. */
  readonly lower: readonly Float64Array[];
  readonly upper: readonly Float64Array[];
}

/** Allocates result columns for `rows` rows: one allocation per column, none per row. */
export function allocateIntervalColumns(rows: number, confidenceLevels: readonly number[]): IntervalColumns {
  return {
    confidenceLevels,
    value: new Float64Array(rows),
    lower: confidenceLevels.map(() => new Float64Array(rows)),
    upper: confidenceLevels.map(() => new Float64Array(rows)),
  };
}

export function zValues(confidenceLevels: readonly number[]): number[] {
  return confidenceLevels.map(zForConfidence);
}
