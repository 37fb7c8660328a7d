import * as Plot from '@observablehq/plot';
import nunjucks from 'nunjucks';
import { type ChartText, renderChart } from '../charts/accessible-svg.ts';
import { INK, MARKER_FILL, MIDDLE_FILL, RANGE_FILL, type SpineSpread } from '../charts/spine-chart.ts';

// Every indicator of a CCG's year-end report in one spine chart, a row each, drawn as the scorecard's
// spineChart draws one: England's range as a pale bar, its middle half darker, England's median as a line, the
// similar CCGs' median as a hollow diamond and the CCG as a filled circle, better to the right. One chart and
// not one per indicator, because each Plot chart costs about 1.5 ms and a report has up to fifty indicators,
// and 209 reports must build in seconds. Each row is scaled to its own range, as Fingertips does.

export interface SpineRow extends SpineSpread {
  readonly label: string;
  readonly value: number | null;
  readonly peerMedian: number | null;
  /** Lower is better: the row runs right to left, so better is to the right on every row. */
  readonly reversed: boolean;
}

const ROW_HEIGHT = 22;

interface PlacedRow {
  readonly label: string;
  readonly minimum: number;
  readonly maximum: number;
  readonly lowerQuartile: number;
  readonly upperQuartile: number;
  readonly median: number;
  readonly value: number | null;
  readonly peerMedian: number | null;
}

/** The row's figures as shares of its own padded range, mirrored when lower is better. */
function place(row: SpineRow): PlacedRow {
  const ends = [row.minimum, row.maximum, ...(row.value === null ? [] : [row.value]), ...(row.peerMedian === null ? [] : [row.peerMedian])];
  const low = Math.min(...ends);
  const high = Math.max(...ends);
  const pad = (high - low) * 0.04 || Math.abs(high) * 0.04 || 1;
  const at = (figure: number): number => {
    const share = (figure - (low - pad)) / (high - low + 2 * pad);
    return row.reversed ? 1 - share : share;
  };
  return {
    label: row.label,
    minimum: at(row.minimum),
    maximum: at(row.maximum),
    lowerQuartile: at(row.lowerQuartile),
    upperQuartile: at(row.upperQuartile),
    median: at(row.median),
    value: row.value === null ? null : at(row.value),
    peerMedian: row.peerMedian === null ? null : at(row.peerMedian),
  };
}

/** Charts of England's figures already drawn, by their rows: the same for every CCG of a round, so drawn once. */
const ENGLAND_LAYERS = new Map<string, string>();
const ENGLAND_LAYERS_KEPT = 8;

function frame(rows: readonly PlacedRow[]) {
  return {
    width: 640,
    height: 24 + ROW_HEIGHT * rows.length,
    marginTop: 8,
    marginBottom: 16,
    marginLeft: 56,
    marginRight: 16,
    style: { fontFamily: 'inherit', fontSize: '13px' },
    x: { domain: [0, 1], axis: null },
    y: { type: 'band' as const, domain: rows.map((row) => row.label), label: null, tickSize: 0, padding: 0.25 },
  };
}

/** England's range, middle half and median for every row, with the rows' labels: hidden from assistive technology, which hears the table. */
function englandLayer(rows: readonly PlacedRow[], id: string): string {
  const key = JSON.stringify([id, rows.map((row) => [row.label, row.minimum, row.maximum, row.lowerQuartile, row.upperQuartile, row.median])]);
  const kept = ENGLAND_LAYERS.get(key);
  if (kept !== undefined) return kept;
  const svg = renderChart(
    {
      ...frame(rows),
      marks: [
        Plot.barX(rows, { y: 'label', x1: 'minimum', x2: 'maximum', fill: RANGE_FILL, stroke: MIDDLE_FILL }),
        Plot.barX(rows, { y: 'label', x1: 'lowerQuartile', x2: 'upperQuartile', fill: MIDDLE_FILL }),
        Plot.tickX(rows, { y: 'label', x: 'median', stroke: INK, strokeWidth: 2 }),
      ],
    },
    { id: `${id}-england`, title: 'England’s range, middle half and median for each indicator', description: 'The same for every CCG; the chart over it marks this CCG and its similar CCGs.' },
  ).toString();
  if (ENGLAND_LAYERS.size >= ENGLAND_LAYERS_KEPT) ENGLAND_LAYERS.delete(ENGLAND_LAYERS.keys().next().value ?? '');
  ENGLAND_LAYERS.set(key, svg);
  return svg;
}

/**
 * The chart in two layers drawn on the same frame: England's figures, drawn once for every CCG with the same
 * indicators (each Plot element costs tens of microseconds in linkedom, and they are two thirds of the chart),
 * and over it the CCG's and its similar CCGs' markers, which carry the chart's name and description.
 */
export function indicatorSpineChart(input: ChartText & { readonly rows: readonly SpineRow[] }): nunjucks.runtime.SafeString {
  const rows = input.rows.map(place);
  const shared = frame(rows);
  const markers = renderChart(
    {
      ...shared,
      y: { ...shared.y, axis: null },
      marks: [
        Plot.dot(
          rows.filter((row) => row.peerMedian !== null),
          { y: 'label', x: 'peerMedian', symbol: 'diamond', r: 5, stroke: INK, strokeWidth: 1.5, fill: 'white' },
        ),
        Plot.dot(
          rows.filter((row) => row.value !== null),
          { y: 'label', x: 'value', symbol: 'circle', r: 5, stroke: 'white', strokeWidth: 1.5, fill: MARKER_FILL },
        ),
      ],
    },
    input,
  );
  return new nunjucks.runtime.SafeString(`<div class="spine-layers"><div aria-hidden="true">${englandLayer(rows, input.id)}</div>${markers.toString()}</div>`);
}
