import { stringify } from 'csv-stringify/sync';
import { addDays, addMonths } from '../special-measures/calendar-months.ts';
import { seededRandom } from '../rating/random.ts';

// Synthetic monthly series for the demo's assurance year, so that the risk view has current indicators to read
// through the SPC: incomplete referral-to-treatment pathways within 18 weeks (129a) and the estimated dementia
// diagnosis rate (126a), the framework's monthly indicators, for every CCG, 24 months up to the last month ended. Each CCG varies around its own level; the CCGs named as
// deteriorating fall month on month over the latest months, past the lower process limit, which the Making
// Data Count rules flag as special cause. Every figure is made up, reproducibly from the seed; the file name
// and the source column say so.

export interface DemoIndicatorOrganisation {
  readonly code: string;
  readonly population: number;
}

/** The indicators, their unit, each CCG's usual level and spread, in per cent. */
const SERIES = [
  { code: '129a', level: 92, spread: 2.5, sd: 0.5, denominatorPerHead: 0.06 },
  { code: '126a', level: 68, spread: 5, sd: 0.7, denominatorPerHead: 0.008 },
] as const;

export const DEMO_MONTHLY_MONTHS = 24;
/** The deteriorating CCGs fall over this many of the latest months. */
export const DETERIORATION_MONTHS = 7;
const FALL_PER_MONTH = 0.9;
const SOURCE = 'Synthetic demo data (not real NHS data)';

export function demoMonthlyFileName(lastMonth: string): string {
  return `synthetic-ccg-monthly-indicators-to-${lastMonth.slice(0, 7)}.csv`;
}

/**
 * The demo's monthly indicator file (CSV, the indicator importer's columns) for the CCGs given, for the 24
 * months ending with the month that starts on `lastMonth` (a first day of a month).
 */
export function generateDemoMonthlyIndicators(organisations: readonly DemoIndicatorOrganisation[], lastMonth: string, deteriorating: readonly string[], seed: number): string {
  const random = seededRandom(seed);
  const rows: (string | number)[][] = [];
  for (const organisation of organisations) {
    for (const series of SERIES) {
      const level = series.level + (random.uniform() - 0.5) * 2 * series.spread;
      const denominator = Math.max(200, Math.round(organisation.population * series.denominatorPerHead));
      for (let index = 0; index < DEMO_MONTHLY_MONTHS; index += 1) {
        const start = addMonths(lastMonth, index - (DEMO_MONTHLY_MONTHS - 1));
        const monthsFromEnd = DEMO_MONTHLY_MONTHS - 1 - index;
        const fall = deteriorating.includes(organisation.code) && monthsFromEnd < DETERIORATION_MONTHS ? (DETERIORATION_MONTHS - monthsFromEnd) * FALL_PER_MONTH : 0;
        const percent = Math.min(99.9, Math.max(50, level - fall + random.normal() * series.sd));
        const numerator = Math.round((denominator * percent) / 100);
        rows.push([organisation.code, series.code, start, addDays(addMonths(start, 1), -1), numerator, denominator, '', '%', SOURCE]);
      }
    }
  }
  return stringify(rows, { header: true, columns: ['organisation_code', 'indicator_code', 'period_start', 'period_end', 'numerator', 'denominator', 'value', 'unit', 'source'] });
}
