// The metadata strings PHEindicatormethods writes in its `statistic`, `method` and `confidence` columns.

export function proportionStatisticLabel(multiplier: number): string {
  return multiplier === 100 ? 'percentage' : `proportion of ${multiplier}`;
}

export function rateStatisticLabel(multiplier: number): string {
  return `rate per ${multiplier}`;
}

/** "95%", or "95%, 99.8%" for two levels. */
export function confidenceLabel(levels: readonly number[]): string {
  return levels.map((level) => `${Number((level * 100).toFixed(4))}%`).join(', ');
}
