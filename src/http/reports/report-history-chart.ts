import * as Plot from '@observablehq/plot';
import type nunjucks from 'nunjucks';
import { type ChartText, renderChart } from '../charts/accessible-svg.ts';

// A CCG's headline rating round by round: the level on a scale from the lowest up, each published round a dot
// joined in date order; a round with no rating breaks the line and is marked with a cross on the axis, so a
// gap is never read as a fall. The table beside it gives every round in words.

export interface HistoryPoint {
  /** YYYY-MM-DD */
  readonly publishedOn: string;
  /** 0 = the scale's lowest level; null when not rated. */
  readonly levelIndex: number | null;
}

const LINE = '#005eb8';
const NOT_RATED = '#4c6272';

export function ratingHistoryChart(input: ChartText & { readonly scale: readonly string[]; readonly points: readonly HistoryPoint[] }): nunjucks.runtime.SafeString {
  const points = [...input.points]
    .sort((left, right) => left.publishedOn.localeCompare(right.publishedOn))
    .map((point) => ({ date: new Date(`${point.publishedOn}T00:00:00Z`), level: point.levelIndex }));
  const rated = points.filter((point) => point.level !== null);
  const unrated = points.filter((point) => point.level === null);
  const top = Math.max(0, input.scale.length - 1);
  const options = {
    width: 640,
    height: 80 + 40 * input.scale.length,
    marginTop: 16,
    marginLeft: 176,
    marginRight: 32,
    marginBottom: 40,
    style: { fontFamily: 'inherit', fontSize: '14px' },
    x: { type: 'utc' as const, label: null, ticks: Math.min(6, Math.max(2, points.length)), inset: 24 },
    y: {
      domain: [0, top],
      ticks: input.scale.map((_label, index) => index),
      tickFormat: (index: number) => input.scale[index] ?? '',
      grid: true,
      label: null,
      inset: 12,
    },
    marks: [
      Plot.line(points, { x: 'date', y: 'level', stroke: LINE, strokeWidth: 2 }),
      Plot.dot(rated, { x: 'date', y: 'level', r: 5, fill: LINE, stroke: 'white', strokeWidth: 1.5 }),
      Plot.dot(unrated, { x: 'date', y: () => 0, symbol: 'times', r: 6, stroke: NOT_RATED, strokeWidth: 2, dy: 16 }),
    ],
  };
  return renderChart(options, input);
}
