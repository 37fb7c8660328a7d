import * as Plot from '@observablehq/plot';
import type nunjucks from 'nunjucks';
import { type ChartText, renderChart } from './accessible-svg.ts';

// A CCG's year of finance returns as a run chart: cumulative planned expenditure month by month as a dashed
// line, cumulative actual expenditure as a solid line with a dot for each return, over the assurance year's
// twelve months. The lines are told apart by their dash and their labels at the end, not by colour alone;
// the table beside the chart gives every figure.

export interface FinanceRunPoint {
  /** The month's first day, YYYY-MM-DD. */
  readonly month: string;
  readonly yearToDatePlan: number;
  readonly yearToDateActual: number;
}

export interface FinanceRunChartInput extends ChartText {
  readonly points: readonly FinanceRunPoint[];
  /** The assurance year's first and last days, so the chart spans the whole year. */
  readonly yearStartsOn: string;
  readonly yearEndsOn: string;
}

const INK = '#212b32';
const PLAN = '#425563';
const ACTUAL = '#005eb8';

const utc = (date: string): Date => new Date(`${date}T00:00:00Z`);

export function financeRunChart(input: FinanceRunChartInput): nunjucks.runtime.SafeString {
  const points = input.points.map((point) => ({ ...point, date: utc(point.month) }));
  const last = points.at(-1);
  const values = points.flatMap((point) => [point.yearToDatePlan, point.yearToDateActual]);
  const labels =
    last === undefined
      ? []
      : [
          { x: last.date, y: last.yearToDatePlan, label: 'Plan', above: last.yearToDatePlan >= last.yearToDateActual },
          { x: last.date, y: last.yearToDateActual, label: 'Actual', above: last.yearToDateActual > last.yearToDatePlan },
        ];
  const options = {
    width: 640,
    height: 280,
    marginTop: 32,
    marginLeft: 72,
    marginRight: 72,
    marginBottom: 40,
    style: { fontFamily: 'inherit', fontSize: '14px' },
    x: { type: 'utc' as const, domain: [utc(input.yearStartsOn), utc(input.yearEndsOn)], label: null, ticks: 6 },
    y: { domain: [0, Math.max(1, ...values)], nice: true, grid: true, label: '£ thousands, year to date' },
    marks: [
      Plot.ruleY([0], { stroke: INK }),
      Plot.line(points, { x: 'date', y: 'yearToDatePlan', stroke: PLAN, strokeWidth: 2, strokeDasharray: '6,4' }),
      Plot.line(points, { x: 'date', y: 'yearToDateActual', stroke: ACTUAL, strokeWidth: 2 }),
      Plot.dot(points, { x: 'date', y: 'yearToDateActual', fill: ACTUAL, r: 3.5, stroke: 'white', strokeWidth: 1 }),
      // The two labels sit above and below their lines' ends, so close lines do not print them on each other.
      Plot.text(labels.filter((label) => label.above), { x: 'x', y: 'y', text: 'label', textAnchor: 'start', dx: 8, dy: -8, fill: INK }),
      Plot.text(labels.filter((label) => !label.above), { x: 'x', y: 'y', text: 'label', textAnchor: 'start', dx: 8, dy: 8, fill: INK }),
    ],
  };
  return renderChart(options, input);
}
