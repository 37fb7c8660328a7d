import * as Plot from '@observablehq/plot';
import type nunjucks from 'nunjucks';
import { type ChartText, renderChart } from './accessible-svg.ts';

// A run chart with XmR limits for one indicator's series (Making Data Count style): the values joined in time
// order, the mean as a solid line, the process limits dashed and labelled, and each point by its type. A
// special cause is drawn larger and in a shape of its own (triangle improvement, square concern, diamond
// neither), so a reader who cannot tell the colours apart can still tell the points; the table beside it lists them.

export interface RunChartPoint {
  /** The period's first day, YYYY-MM-DD. */
  readonly periodStart: string;
  readonly value: number;
  /** common_cause, special_cause_improvement, special_cause_concern, special_cause_neutral_high or _low. */
  readonly pointType: string;
}

export interface RunChartInput extends ChartText {
  readonly points: readonly RunChartPoint[];
  readonly mean: number;
  readonly lowerLimit: number;
  readonly upperLimit: number;
}

/** How each point type is drawn; the page's key uses the same names. */
export const POINT_STYLES: Readonly<Record<string, { readonly name: string; readonly symbol: string; readonly fill: string; readonly r: number }>> = {
  common_cause: { name: 'Common cause', symbol: 'circle', fill: '#768692', r: 3.5 },
  special_cause_improvement: { name: 'Special cause: improvement', symbol: 'triangle', fill: '#005eb8', r: 6 },
  special_cause_concern: { name: 'Special cause: concern', symbol: 'square', fill: '#ed8b00', r: 6 },
  special_cause_neutral_high: { name: 'Special cause: neither better nor worse', symbol: 'diamond', fill: '#7c2855', r: 6 },
  special_cause_neutral_low: { name: 'Special cause: neither better nor worse', symbol: 'diamond', fill: '#7c2855', r: 6 },
};

const INK = '#212b32';

export function runChart(input: RunChartInput): nunjucks.runtime.SafeString {
  const points = input.points.map((point) => ({ ...point, date: new Date(`${point.periodStart}T00:00:00Z`), style: POINT_STYLES[point.pointType] ?? POINT_STYLES['common_cause'] }));
  const last = points[points.length - 1]?.date ?? new Date(0);
  const values = [input.lowerLimit, input.upperLimit, ...points.map((point) => point.value)].filter(Number.isFinite);
  const lines = [
    { y: input.upperLimit, label: 'Upper limit', dash: '5,4' },
    { y: input.mean, label: 'Mean', dash: null },
    { y: input.lowerLimit, label: 'Lower limit', dash: '5,4' },
  ].filter((line) => Number.isFinite(line.y));
  const options = {
    width: 640,
    height: 260,
    marginLeft: 56,
    marginRight: 96,
    marginBottom: 40,
    style: { fontFamily: 'inherit', fontSize: '14px' },
    x: { type: 'utc' as const, label: null, ticks: 6 },
    y: { domain: [Math.min(...values), Math.max(...values)], nice: true, grid: true, label: null },
    color: { type: 'identity' as const },
    symbol: { type: 'identity' as const },
    r: { type: 'identity' as const },
    marks: [
      ...lines.map((line) => Plot.ruleY([line.y], { stroke: INK, strokeWidth: line.dash === null ? 1.5 : 1, ...(line.dash === null ? {} : { strokeDasharray: line.dash }) })),
      Plot.text(lines, { x: last, y: 'y', text: 'label', textAnchor: 'start', dx: 8, fill: INK }),
      Plot.line(points, { x: 'date', y: 'value', stroke: '#425563', strokeWidth: 1.5 }),
      Plot.dot(points, { x: 'date', y: 'value', symbol: (point: (typeof points)[number]) => point.style?.symbol, fill: (point: (typeof points)[number]) => point.style?.fill, r: (point: (typeof points)[number]) => point.style?.r, stroke: 'white', strokeWidth: 1 }),
    ],
  };
  return renderChart(options, input);
}
