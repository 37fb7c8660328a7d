// The Making Data Count special-cause rules as NHSRplotthedots 0.2.2 defines them (ptd_calculate_point_type.R),
// as passes over a range [start, end) of caller-owned typed arrays so that a batch of millions of series
// needs no allocation per series. Run length is 7 in the package; the MDC Excel tool also offers 6.

/** out[i] = 1 when point i and the runLength − 1 points before it are all on the same side of the mean. */
export function markRunsOnOneSide(relativeToMean: Int8Array, start: number, end: number, runLength: number, out: Uint8Array): void {
  let run = 0;
  for (let i = start; i < end; i++) {
    const side = relativeToMean[i] ?? 0;
    run = side !== 0 && side === (relativeToMean[i - 1] ?? 0) && i > start ? run + 1 : side === 0 ? 0 : 1;
    out[i] = run >= runLength ? 1 : 0;
  }
}

/** out[i] = ±1 when points i − runLength + 1 … i strictly increase (+1) or decrease (−1); equal neighbours break it. */
export function markTrends(values: Float64Array, start: number, end: number, runLength: number, out: Int8Array): void {
  let run = 0;
  let direction = 0;
  for (let i = start; i < end; i++) {
    const step = i === start ? 0 : Math.sign((values[i] ?? Number.NaN) - (values[i - 1] ?? Number.NaN)) || 0;
    run = step !== 0 && step === direction ? run + 1 : step !== 0 ? 1 : 0;
    direction = step;
    out[i] = run >= runLength - 1 ? direction : 0;
  }
}

/** Spreads each flag back over the run it ends: out[i] = 1 when any of flags[i … i + runLength − 1] is ±1. */
export function spreadOverRun(flags: Uint8Array | Int8Array, start: number, end: number, runLength: number, out: Uint8Array): void {
  let lastFlagAhead = -1;
  for (let i = end - 1; i >= start; i--) {
    if (Math.abs(flags[i] ?? 0) === 1) lastFlagAhead = i;
    out[i] = lastFlagAhead >= 0 && lastFlagAhead - i < runLength ? 1 : 0;
  }
}

/**
 * out[i] = 1 when some window of 3 consecutive points containing i (none reaching past the range) has at least
 * 2 "near" points and all 3 points on the same side of the mean.
 */
export function markTwoInThreeWindows(near: Uint8Array, relativeToMean: Int8Array, start: number, end: number, out: Uint8Array): void {
  out.fill(0, start, end);
  for (let first = start; first + 2 < end; first++) {
    const nearCount = (near[first] ?? 0) + (near[first + 1] ?? 0) + (near[first + 2] ?? 0);
    const sides = (relativeToMean[first] ?? 0) + (relativeToMean[first + 1] ?? 0) + (relativeToMean[first + 2] ?? 0);
    if (nearCount >= 2 && (sides === 3 || sides === -3)) {
      out[first] = 1;
      out[first + 1] = 1;
      out[first + 2] = 1;
    }
  }
}

/** Keeps only the near points of qualifying windows: out[i] = windows[i] and near[i]. */
export function keepNearPoints(windows: Uint8Array, near: Uint8Array, start: number, end: number, out: Uint8Array): void {
  for (let i = start; i < end; i++) out[i] = (windows[i] ?? 0) === 1 && Math.abs(near[i] ?? 0) === 1 ? 1 : 0;
}
