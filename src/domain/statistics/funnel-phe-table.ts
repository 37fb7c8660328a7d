import { derivedDenominators, funnelAverage, type FunnelInput, type FunnelOptions, poissonFunnel, proportionFunnelLimit } from './funnel-phe.ts';
import { rPrintedWidth, roundHalfEven } from './r-compat.ts';

/** One row of the funnel curves table, named as PHEindicatormethods names its columns. */
export type FunnelTableRow = Readonly<Record<string, number | string>>;

const AXIS_POINTS = 100;

/** Rounds down to a "neat" axis value, as the package's signif.floor (95% of x, leading digit kept). */
function neatFloor(x: number): number {
  if (x === 0) return 0;
  const digits = rPrintedWidth(Math.floor(x * 0.95)) - 1;
  return Math.floor((x * 0.95) / 10 ** digits) * 10 ** digits;
}

/** Rounds up to a "neat" axis value, as the package's signif.ceiling (105% of x, two leading digits kept). */
function neatCeiling(x: number): number {
  if (x === 0) return 0;
  const digits = rPrintedWidth(Math.ceil(x * 1.05)) - 2;
  return Math.ceil((x * 1.05) / 10 ** digits) * 10 ** digits;
}

/** The 100 geometrically spaced axis points (populations, observed events or events) the curves are drawn at. */
function axisPoints(minimum: number, maximum: number, exponentOffset: number): number[] {
  const points = [Math.max(1, minimum)];
  for (let j = 2; j <= AXIS_POINTS; j++) {
    const previous = points[j - 2] ?? 1;
    points.push(Math.max(roundHalfEven((maximum / previous) ** (1 / (AXIS_POINTS + 1 - j + exponentOffset)) * previous), previous + 1));
  }
  return points;
}

function statisticLabel(options: FunnelOptions): string {
  if (options.statistic === 'ratio') return `ratio (${options.ratioType ?? 'isr'})`;
  if (options.statistic === 'rate') return `rate (${options.rateType ?? 'dsr'} per ${options.multiplier.toLocaleString('en-GB')})`;
  return 'proportion';
}

/**
 * The funnel curves table of calculate_funnel_limits: 100 axis points from a neat minimum (0 when the largest
 * denominator is more than twice the smallest) to a neat maximum, with 2s and 3s limits at each.
 */
export function funnelLimitsTable(input: FunnelInput, options: FunnelOptions): FunnelTableRow[] {
  const denominators = derivedDenominators(input, options);
  const average = funnelAverage(input.numerators, denominators);
  const present = Array.from(denominators).filter((n) => !Number.isNaN(n));
  const smallest = Math.min(...present);
  const largest = Math.max(...present);
  const years = options.statistic === 'rate' ? (options.yearsOfData ?? 1) : 1;
  let minimum = largest > 2 * smallest ? 0 : neatFloor(smallest / years) * years;
  let maximum = neatCeiling(largest / years) * years;
  const { multiplier } = options;
  const statistic = statisticLabel(options);
  if (options.statistic === 'proportion') {
    return axisPoints(minimum, maximum, 0).map((population) => ({
      Population: population,
      lower_2s_limit: Math.max(0, proportionFunnelLimit(0.975, population, average, 'low', multiplier)),
      upper_2s_limit: Math.min(100, proportionFunnelLimit(0.975, population, average, 'high', multiplier)),
      lower_3s_limit: Math.max(0, proportionFunnelLimit(0.999, population, average, 'low', multiplier)),
      upper_3s_limit: Math.min(100, proportionFunnelLimit(0.999, population, average, 'high', multiplier)),
      baseline: average * multiplier,
      statistic,
      method: 'Wilson',
    }));
  }
  if (options.statistic === 'ratio') {
    // A count ratio is shown as excess (ratio − 1); an ISR as a percentage of expected.
    const scale = (ratio: number): number => (options.ratioType === 'count' ? ratio - 1 : ratio * 100);
    return axisPoints(minimum, maximum, 1).map((observed) => ({
      Observed_events: observed,
      lower_2s_limit: scale(observed / poissonFunnel(observed, 0.025, 'high')),
      upper_2s_limit: scale(observed / poissonFunnel(observed, 0.025, 'low')),
      lower_3s_limit: scale(observed / poissonFunnel(observed, 0.001, 'high')),
      upper_3s_limit: scale(observed / poissonFunnel(observed, 0.001, 'low')),
      statistic,
    }));
  }
  minimum = Math.floor(minimum * average);
  maximum = Math.ceil(maximum * average);
  return axisPoints(minimum, maximum, 0).map((events) => {
    const population = (p: number, side: 'low' | 'high'): number => poissonFunnel(events, p, side) / average;
    const lower2s = population(0.025, 'high');
    const upper2s = population(0.025, 'low');
    const lower3s = population(0.001, 'high');
    const upper3s = population(0.001, 'low');
    return {
      Events: events,
      lower_2s_population_1_year: lower2s / years,
      lower_2s_limit: (events / lower2s) * multiplier,
      upper_2s_population_1_year: upper2s / years,
      upper_2s_limit: (events / upper2s) * multiplier,
      lower_3s_population_1_year: lower3s / years,
      lower_3s_limit: (events / lower3s) * multiplier,
      upper_3s_population_1_year: upper3s / years,
      upper_3s_limit: (events / upper3s) * multiplier,
      baseline: average * multiplier,
      statistic,
    };
  });
}
