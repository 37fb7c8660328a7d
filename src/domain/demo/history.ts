import type { IndicatorValueInput } from '../rating/inputs.ts';
import { type Random, sampleBinomial } from '../rating/random.ts';

// A synthetic monthly history for the demo indicators whose framework rates the latest month (RTT incomplete
// pathways, 129a, and the dementia diagnosis rate, 126a: both month-end snapshots NHS England publishes
// monthly), so the scorecard's run charts have something to show. The generated value is the latest month,
// March 2016; the 23 months before it wander around it (a drift of each CCG's own and month-to-month
// persistence), so some CCGs show special causes and most do not. The rating uses the latest month only.

/** A month's value: the engine's input with the month's first and last days. */
export interface DemoHistoryValue extends IndicatorValueInput {
  readonly periodStart: string;
  readonly periodEnd: string;
}

export const MONTHLY_DEMO_INDICATORS: readonly string[] = ['129a', '126a'];
export const HISTORY_MONTHS = 24;
const PERSISTENCE = 0.6;
const MONTHLY_NOISE = 0.08;
const DRIFT_SPREAD = 0.012;
/** The waiting list and the register both grow a little each month. */
const MONTHLY_GROWTH = 0.003;

const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));
const iso = (date: Date): string => date.toISOString().slice(0, 10);

/** The first day of the month `back` months before the month of `date` (YYYY-MM-DD). */
function monthStart(date: string, back = 0): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return iso(new Date(Date.UTC(year, month - 1 - back, 1)));
}

/** The last day of the month `back` months before the month of `date`. */
function monthEnd(date: string, back: number): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return iso(new Date(Date.UTC(year, month - back, 0)));
}

/** Where a demo value's period starts: the month of its end for the monthly indicators, else the year before it. */
export function demoPeriodStart(indicator: string, periodEnd: string, yearStart: (periodEnd: string) => string): string {
  return MONTHLY_DEMO_INDICATORS.includes(indicator) ? monthStart(periodEnd) : yearStart(periodEnd);
}

/**
 * The months before each organisation's latest month of the monthly indicators (proportions given as counts),
 * oldest first, drawn from `random` after everything else so that no generated value changes.
 */
export function monthlyHistory(latestMonths: readonly IndicatorValueInput[], random: Random, source: string): DemoHistoryValue[] {
  const history: DemoHistoryValue[] = [];
  for (const latest of latestMonths) {
    const { numerator, denominator, periodEnd } = latest;
    if (!MONTHLY_DEMO_INDICATORS.includes(latest.indicator) || typeof numerator !== 'number' || typeof denominator !== 'number' || typeof periodEnd !== 'string') continue;
    const centre = logit(Math.min(0.999, Math.max(0.001, numerator / denominator)));
    const drift = DRIFT_SPREAD * random.normal();
    let wander = 0;
    for (let back = HISTORY_MONTHS - 1; back >= 1; back--) {
      wander = PERSISTENCE * wander + MONTHLY_NOISE * random.normal();
      const trials = Math.max(1, Math.round(denominator * (1 - MONTHLY_GROWTH * back)));
      history.push({
        org: latest.org,
        indicator: latest.indicator,
        numerator: sampleBinomial(random, trials, expit(centre - drift * back + wander)),
        denominator: trials,
        periodStart: monthStart(periodEnd, back),
        periodEnd: monthEnd(periodEnd, back),
        synthetic: true,
        source,
      });
    }
  }
  return history;
}
