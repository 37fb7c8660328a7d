// Confidence limits for the SII and RII by simulation, as phe_sii draws them: each repetition draws every
// quantile's value from Normal(value, SE) on the model scale (log/logit for rates/proportions), refits the line,
// and the limits are order statistics of the sorted simulated slopes. Seeded, so a seed gives the same limits.
import type { Random } from '../rating/random.ts';
import { normalStream } from './sii-normal-stream.ts';
import { fitLine, type LineFit, type RegressionDesign } from './sii-regression.ts';
import { roundHalfEven } from './r-compat.ts';
import { fromModelScale, type SiiValueType } from './sii-scale.ts';

export interface SimulationInput {
  readonly design: RegressionDesign;
  /** Values and SEs on the model scale, in ascending quantile order. */
  readonly centre: Float64Array;
  readonly standardError: Float64Array;
  readonly valueType: SiiValueType;
  readonly transform: boolean;
  readonly multiplier: number;
  readonly wantRii: boolean;
  readonly reps: number;
  /** 10 with phe_sii's reliability_stat (ten independent sets of `reps`), otherwise 1. */
  readonly sets: number;
}

/** Simulated slopes (and RIIs when asked), one block of `reps` per set, each block sorted ascending. */
export interface SimulatedSets {
  readonly slopes: Float64Array;
  readonly riis: Float64Array | null;
}

export function simulate(input: SimulationInput, random: Random): SimulatedSets {
  const count = input.centre.length;
  const total = input.reps * input.sets;
  const slopes = new Float64Array(total);
  // With `transform` the RII limits come from the slope limits, so per-draw RIIs are only needed without it.
  const riis = input.wantRii && !input.transform ? new Float64Array(total) : null;
  const draws = new Float64Array(count);
  const deviates = new Float64Array(count);
  const normals = normalStream(random);
  const fit: LineFit = { slope: 0, intercept: 0 };
  const backTransform = !input.transform && input.valueType !== 'other';
  for (let rep = 0; rep < total; rep++) {
    normals.fill(deviates);
    for (let index = 0; index < count; index++) {
      const drawn = (input.centre[index] ?? 0) + (input.standardError[index] ?? 0) * (deviates[index] ?? 0);
      draws[index] = backTransform ? fromModelScale(input.valueType, drawn) : drawn;
    }
    fitLine(input.design, draws, fit);
    if (input.transform) {
      // The multiplier is applied after back-transformation (sii.ts), not to slopes on the log/logit scale.
      slopes[rep] = fit.slope;
    } else {
      slopes[rep] = input.multiplier * fit.slope;
      if (riis) {
        const ratio = (fit.intercept + fit.slope) / fit.intercept;
        riis[rep] = input.multiplier < 0 ? 1 / ratio : ratio;
      }
    }
  }
  for (let set = 0; set < input.sets; set++) {
    slopes.subarray(set * input.reps, (set + 1) * input.reps).sort();
    riis?.subarray(set * input.reps, (set + 1) * input.reps).sort();
  }
  return { slopes, riis };
}

/**
 * 1-based positions of the lower and upper limits among `reps` sorted draws: round(reps·(1 − p)) and
 * round(reps·p) with p = confidence + (1 − confidence)/2, i.e. an order statistic rather than R's
 * interpolating quantile(type = 7).
 */
export function limitPositions(reps: number, confidence: number): { lower: number; upper: number } {
  const critical = confidence + (1 - confidence) / 2;
  const clamp = (position: number): number => Math.min(reps, Math.max(1, position));
  return { lower: clamp(roundHalfEven(reps * (1 - critical))), upper: clamp(roundHalfEven(reps * critical)) };
}

/** The simulated value at a 1-based position within one sorted set. */
export function orderStatistic(sorted: Float64Array, reps: number, set: number, position: number): number {
  return sorted[set * reps + position - 1] ?? Number.NaN;
}
