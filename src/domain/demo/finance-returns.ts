import { stringify } from 'csv-stringify/sync';
import { addMonths } from '../special-measures/calendar-months.ts';
import { FINANCE_COLUMNS } from '../oversight/finance-import.ts';
import { type Random, seededRandom } from '../rating/random.ts';

// Synthetic monthly finance returns for the demo, in the importer's columns and £ thousands: every CCG's
// allocation (about £1,400 a head), a control total of a 1% surplus for most (less, or an agreed deficit, for
// a few), monthly plans with a winter peak, actual spending close to plan and a full-year forecast that
// follows the year to date. The CCGs named as drifting overspend and forecast a widening shortfall in the
// year's latest months, well beyond 1% of allocation; everyone else stays within 0.6% of allocation.
// Every figure is made up, reproducibly from the seed; the file name says so.

export interface DemoFinanceOrganisation {
  readonly code: string;
  readonly population: number;
}

/** £ thousands of allocation per head of population. */
const ALLOCATION_PER_HEAD = 1.4;
/** The drifting CCGs are off plan in this many of the latest months. */
export const DRIFT_MONTHS = 4;
/** Everyone else's forecast stays within this share of allocation of the control total. */
const NEAR_PLAN = 0.006;

const round = (value: number, places = 0): number => Math.round(value * 10 ** places) / 10 ** places;

function controlTotalShare(random: Random): number {
  const draw = random.uniform();
  if (draw < 0.8) return 0.01;
  if (draw < 0.95) return 0.005;
  return -0.005;
}

/** The file name the demo's returns are imported under: it says they are synthetic. */
export function demoFinanceFileName(yearId: string): string {
  return `synthetic-ccg-finance-returns-${yearId}.csv`;
}

/**
 * The demo's finance file (CSV) for the CCGs given: `months` monthly returns from the year's first month
 * (YYYY-MM-01). The CCGs in `drifting` go off plan in the latest DRIFT_MONTHS months (all of them when fewer).
 */
export function generateDemoFinance(organisations: readonly DemoFinanceOrganisation[], seed: number, yearStartsOn: string, months: number, drifting: readonly string[] = []): string {
  const random = seededRandom(seed);
  // A winter peak: December to February about 4% above the year's average month.
  const weights = Array.from({ length: 12 }, (_, index) => 1 + 0.04 * Math.cos(((Number(addMonths(yearStartsOn, index).slice(5, 7)) - 1) / 12) * 2 * Math.PI));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const driftFrom = Math.max(0, months - DRIFT_MONTHS);
  const rows: string[][] = [];
  for (const organisation of [...organisations].sort((a, b) => a.code.localeCompare(b.code))) {
    const allocation = round(organisation.population * ALLOCATION_PER_HEAD * (1 + 0.05 * random.normal()));
    const controlTotal = round(allocation * controlTotalShare(random));
    const plannedSpend = allocation - controlTotal;
    // The CCG's own lean, over or under plan all year.
    const bias = 0.0007 * random.normal();
    const drifts = drifting.includes(organisation.code);
    let yearToDateVariance = 0;
    for (let index = 0; index < months; index += 1) {
      const plan = round((plannedSpend * (weights[index] ?? 1)) / totalWeight, 1);
      const step = drifts && index >= driftFrom ? index - driftFrom + 1 : 0;
      const actual = round(plan * (1 + bias + 0.004 * random.normal() + (step > 0 ? 0.02 + 0.01 * step : 0)), 1);
      yearToDateVariance += actual - plan;
      // The finance team expects the year to date's overspend and a tenth as much again by the year's end, give or
      // take; a CCG not drifting keeps its forecast within NEAR_PLAN of its allocation, well inside the trigger's 1%.
      const nearPlan = Math.min(NEAR_PLAN, Math.max(-NEAR_PLAN, yearToDateVariance / allocation * 1.1 + 0.0004 * random.normal()));
      const shortfall = step > 0 ? allocation * (0.008 + 0.006 * step) : allocation * nearPlan;
      const forecastOutturn = round(Math.max(0, plannedSpend + shortfall), 1);
      rows.push([organisation.code, addMonths(yearStartsOn, index).slice(0, 7), String(allocation), String(controlTotal), String(plan), String(actual), String(forecastOutturn)]);
    }
  }
  return stringify([[...FINANCE_COLUMNS.required], ...rows]);
}
