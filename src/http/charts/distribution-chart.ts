import * as Plot from '@observablehq/plot';
import type nunjucks from 'nunjucks';
import { type ChartText, renderChart } from './accessible-svg.ts';

// Rating distributions as horizontal bars, one bar per level (best first), or grouped per level when several
// distributions are compared. Every bar carries its count as text, so no reading depends on colour.

/** One distribution to draw: counts aligned with the chart's levels; null where the count is not known. */
export interface DistributionSeries {
  readonly name: string;
  readonly counts: readonly (number | null)[];
}

export interface DistributionChartInput extends ChartText {
  /** Level labels, best first. */
  readonly levels: readonly string[];
  readonly series: readonly DistributionSeries[];
  /** What the bars count: "CCGs", "organisations". */
  readonly unit: string;
}

export interface LegendEntry {
  readonly name: string;
  readonly colour: string;
}

export interface DistributionChart {
  readonly svg: nunjucks.runtime.SafeString;
  /** One entry per series when there are several (a single series needs no key). */
  readonly legend: readonly LegendEntry[];
}

// NHS identity colours with at least 3:1 contrast against white, as non-text contrast asks.
const SERIES_COLOURS = ['#005eb8', '#7c2855', '#425563'] as const;
const SINGLE_COLOUR = '#005eb8';

interface Bar {
  readonly level: string;
  readonly series: string;
  readonly count: number;
}

export function distributionChart(input: DistributionChartInput): DistributionChart {
  const bars: Bar[] = input.series.flatMap((series) =>
    input.levels.flatMap((level, index) => {
      const count = series.counts[index] ?? null;
      return count === null ? [] : [{ level, series: series.name, count }];
    }),
  );
  const names = input.series.map((series) => series.name);
  const grouped = input.series.length > 1;
  const colours = names.map((_name, index) => SERIES_COLOURS[index % SERIES_COLOURS.length] ?? SINGLE_COLOUR);
  const label = (bar: Bar): string => String(bar.count);
  // Heights give each bar room for its 16px count label.
  const height = 90 + input.levels.length * (grouped ? names.length * 26 + 16 : 40);
  const shared = {
    width: 640,
    height,
    marginLeft: 180,
    marginRight: 48,
    marginBottom: 48,
    style: { fontFamily: 'inherit', fontSize: '16px' },
    x: { label: `Number of ${input.unit}`, labelAnchor: 'center' as const, labelArrow: 'none' as const, labelOffset: 40, grid: true, nice: true },
  };
  const options = grouped
    ? {
        ...shared,
        fy: { domain: [...input.levels], label: null, axis: 'left' as const, padding: 0.2 },
        y: { domain: names, axis: null },
        color: { domain: names, range: colours },
        marks: [
          Plot.barX(bars, { fy: 'level', y: 'series', x: 'count', fill: 'series' }),
          Plot.text(bars, { fy: 'level', y: 'series', x: 'count', text: label, textAnchor: 'start', dx: 4 }),
          Plot.ruleX([0]),
        ],
      }
    : {
        ...shared,
        y: { domain: [...input.levels], label: null },
        marks: [
          Plot.barX(bars, { y: 'level', x: 'count', fill: SINGLE_COLOUR }),
          Plot.text(bars, { y: 'level', x: 'count', text: label, textAnchor: 'start', dx: 4 }),
          Plot.ruleX([0]),
        ],
      };
  return {
    svg: renderChart(options, input),
    legend: grouped ? names.map((name, index) => ({ name, colour: colours[index] ?? SINGLE_COLOUR })) : [],
  };
}
