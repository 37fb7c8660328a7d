import * as Plot from '@observablehq/plot';
import type nunjucks from 'nunjucks';
import type { NationalSpread } from '../../domain/statistics/national-distribution.ts';
import type { Polarity } from '../../domain/statistics/polarity.ts';
import { type ChartText, renderChart } from './accessible-svg.ts';

// A spine chart for one indicator in the Fingertips (PHE) style: England's range as a pale bar, its middle half
// (25th to 75th percentile) as a darker one, England's median as a line, the similar CCGs' median as a hollow
// diamond and this organisation as a filled circle. Where the indicator has a polarity, better is to the right.
// Each mark has its own shape or form, so nothing depends on colour; the numbers are in the table beside it.

/** England's spread of an indicator: its range and its quartiles. */
export type SpineSpread = Pick<NationalSpread, 'minimum' | 'lowerQuartile' | 'median' | 'upperQuartile' | 'maximum'>;

export interface SpineChartInput extends ChartText, SpineSpread {
  readonly value: number | null;
  readonly peerMedian: number | null;
  readonly polarity: Polarity;
}

/** The spine charts' colours, the scorecard's and the year-end reports' alike. */
export const RANGE_FILL = '#e8edee';
export const MIDDLE_FILL = '#aeb7bd';
export const INK = '#212b32';
export const MARKER_FILL = '#005eb8';

export function spineChart(input: SpineChartInput): nunjucks.runtime.SafeString {
  const ends = [input.minimum, input.maximum, ...(input.value === null ? [] : [input.value]), ...(input.peerMedian === null ? [] : [input.peerMedian])];
  const low = Math.min(...ends);
  const high = Math.max(...ends);
  const pad = (high - low) * 0.04 || Math.abs(high) * 0.04 || 1;
  const options = {
    width: 240,
    height: 36,
    margin: 8,
    x: { domain: [low - pad, high + pad], reverse: input.polarity === 'low-is-good', axis: null },
    y: { domain: [0, 1], axis: null },
    marks: [
      Plot.rect([{ x1: input.minimum, x2: input.maximum }], { x1: 'x1', x2: 'x2', y1: 0.15, y2: 0.85, fill: RANGE_FILL, stroke: MIDDLE_FILL }),
      Plot.rect([{ x1: input.lowerQuartile, x2: input.upperQuartile }], { x1: 'x1', x2: 'x2', y1: 0.15, y2: 0.85, fill: MIDDLE_FILL }),
      Plot.ruleX([input.median], { y1: 0, y2: 1, stroke: INK, strokeWidth: 2 }),
      ...(input.peerMedian === null ? [] : [Plot.dot([input.peerMedian], { x: (value: number) => value, y: 0.5, symbol: 'diamond', r: 6, stroke: INK, strokeWidth: 1.5, fill: 'white' })]),
      ...(input.value === null ? [] : [Plot.dot([input.value], { x: (value: number) => value, y: 0.5, symbol: 'circle', r: 6, stroke: 'white', strokeWidth: 1.5, fill: MARKER_FILL })]),
    ],
  };
  return renderChart(options, input);
}
