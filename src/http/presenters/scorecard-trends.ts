import type nunjucks from 'nunjucks';
import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import { spcSeries } from '../../domain/statistics/spc-series.ts';
import { POINT_STYLES, runChart } from '../charts/run-chart.ts';
import { formatNumber } from './scorecard-organisation.ts';

// Each indicator's history on an organisation's page: a run chart with XmR limits and every point in a table
// beside it, or, for a series too short for SPC, a sentence saying so.

export interface TrendSeriesPoint {
  readonly periodStart: string;
  readonly periodEnd: string | null;
  readonly value: number;
}

const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const month = (date: string): string => MONTH.format(new Date(`${date}T00:00:00Z`));

/** "March 2016" for a month, "April 2015 to March 2016" for a longer period. */
export function periodLabel(periodStart: string, periodEnd: string | null): string {
  if (periodEnd === null || periodEnd.slice(0, 7) === periodStart.slice(0, 7)) return month(periodStart);
  return `${month(periodStart)} to ${month(periodEnd)}`;
}

export interface TrendModel {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly chart: nunjucks.runtime.SafeString;
  readonly summary: string;
  readonly rows: readonly { readonly period: string; readonly value: string; readonly specialCause: string; readonly pointType: string }[];
}

export interface TrendsModel {
  readonly charts: readonly TrendModel[];
  /** Indicators whose series is too short: "127c A&E …: SPC needs at least 12 points; this indicator has 1." */
  readonly tooShort: readonly { readonly code: string; readonly name: string; readonly text: string }[];
  readonly key: readonly { readonly name: string; readonly symbol: string; readonly fill: string }[];
}

/** Indicators need only their code, name and polarity here, so pages other than the scorecard can chart series too. */
export function trendsModel(organisationName: string, indicators: readonly Pick<Indicator, 'code' | 'name' | 'polarity'>[], trends: ReadonlyMap<string, readonly TrendSeriesPoint[]>): TrendsModel {
  const charts: TrendModel[] = [];
  const tooShort: TrendsModel['tooShort'][number][] = [];
  for (const indicator of indicators) {
    const series = trends.get(indicator.code);
    if (series === undefined) continue;
    const spc = spcSeries(series.map((point) => point.value), indicator.polarity);
    if (!spc.enough) {
      tooShort.push({ code: indicator.code, name: indicator.name, text: `SPC needs at least ${String(spc.minimum)} points; this indicator has ${String(spc.count)}.` });
      continue;
    }
    const rows = series.map((point, index) => {
      const assessed = spc.points[index];
      return {
        period: periodLabel(point.periodStart, point.periodEnd),
        value: formatNumber(point.value),
        specialCause: assessed?.specialCause ?? 'Common Cause',
        pointType: POINT_STYLES[assessed?.pointType ?? 'common_cause']?.name ?? 'Common cause',
      };
    });
    const special = rows.filter((row) => row.specialCause !== 'Common Cause');
    const first = rows[0];
    const last = rows[rows.length - 1];
    const summary =
      `${String(rows.length)} values from ${first?.period ?? ''} to ${last?.period ?? ''}: mean ${formatNumber(spc.mean)}, process limits ${formatNumber(spc.lowerLimit)} to ${formatNumber(spc.upperLimit)}. ` +
      (special.length === 0 ? 'Every point is common cause variation.' : `${String(special.length)} ${special.length === 1 ? 'point shows' : 'points show'} special cause variation; the latest, ${last?.period ?? ''}, is ${(last?.pointType ?? '').toLowerCase()}.`);
    const id = `trend-${indicator.code}`;
    charts.push({
      id,
      code: indicator.code,
      name: indicator.name,
      summary,
      rows,
      chart: runChart({
        id: `${id}-chart`,
        title: `${indicator.code} ${indicator.name}, ${organisationName}: run chart with process limits`,
        description: `${summary} The table after the chart lists every value.`,
        points: series.map((point, index) => ({ periodStart: point.periodStart, value: point.value, pointType: spc.points[index]?.pointType ?? 'common_cause' })),
        mean: spc.mean,
        lowerLimit: spc.lowerLimit,
        upperLimit: spc.upperLimit,
      }),
    });
  }
  const key = [...new Map(Object.values(POINT_STYLES).map((style) => [style.name, { name: style.name, symbol: style.symbol, fill: style.fill }])).values()];
  return { charts, tooShort, key };
}
