// Small pieces of R's arithmetic that the reference packages' results depend on.

/** R's round(x) for the axis points: halves go to the even neighbour (IEC 60559). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * nchar() of a whole number as R prints it: R switches to scientific notation ("1e+05") when that is narrower
 * than fixed notation, which changes the digit count PHEindicatormethods' axis rounding relies on.
 */
export function rPrintedWidth(whole: number): number {
  const fixed = String(Math.abs(whole)).length + (whole < 0 ? 1 : 0);
  if (whole === 0) return 1;
  const mantissa = Math.abs(whole).toExponential().split('e')[0] ?? '';
  const exponentDigits = Math.max(2, String(Math.floor(Math.log10(Math.abs(whole)))).length);
  const scientific = mantissa.length + 2 + exponentDigits + (whole < 0 ? 1 : 0);
  return fixed > scientific ? scientific : fixed;
}

/** R's quantile(type = 7) of already sorted values. */
export function quantileType7(sorted: Float64Array, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? Number.NaN;
  return low + (position - below) * (high - low);
}

/** R's rank(ties.method = "average"): 1-based ranks, tied values share the mean of their positions. */
export function averageRanks(values: Float64Array): Float64Array {
  const order = new Uint32Array(values.length).map((_, index) => index);
  order.sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
  const ranks = new Float64Array(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    const value = values[order[start] ?? 0];
    while (end + 1 < order.length && values[order[end + 1] ?? 0] === value) end++;
    const rank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position++) ranks[order[position] ?? 0] = rank;
    start = end + 1;
  }
  return ranks;
}
