import type { Polarity } from '../../domain/statistics/polarity.ts';
import type { CaseIndicatorSeries } from '../../services/special-measures/case-indicators.ts';
import { type TrendsModel, trendsModel } from './scorecard-trends.ts';

// The run charts of the indicators an improvement plan links to its objectives, drawn and analysed exactly as
// the scorecard's organisation page draws them (the same renderer and SPC), each with its data table.

/** A series, with its polarity when known: without one, special causes are marked neither better nor worse. */
export type ChartedSeries = CaseIndicatorSeries & { readonly polarity?: Polarity };

export function caseChartsModel(organisationName: string, series: readonly ChartedSeries[]): TrendsModel & { readonly datasets: string } {
  const indicators = series.map((entry) => ({ code: entry.indicatorCode, name: entry.indicatorTitle ?? entry.indicatorCode, polarity: entry.polarity ?? ('no-judgement' as const) }));
  const trends = new Map(series.map((entry) => [entry.indicatorCode, entry.points]));
  return { ...trendsModel(organisationName, indicators, trends), datasets: [...new Set(series.map((entry) => entry.dataset))].join(', ') };
}
