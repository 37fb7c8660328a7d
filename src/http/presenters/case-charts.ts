import type { CaseIndicatorSeries } from '../../services/special-measures/case-indicators.ts';
import { type TrendsModel, trendsModel } from './scorecard-trends.ts';

// The run charts of the indicators an improvement plan links to its objectives, drawn and analysed exactly as
// the scorecard's organisation page draws them (the same renderer and SPC), each with its data table.

export function caseChartsModel(organisationName: string, series: readonly CaseIndicatorSeries[]): TrendsModel & { readonly datasets: string } {
  const indicators = series.map((entry) => ({ code: entry.indicatorCode, name: entry.indicatorTitle ?? entry.indicatorCode, polarity: entry.polarity }));
  const trends = new Map(series.map((entry) => [entry.indicatorCode, entry.points]));
  return { ...trendsModel(organisationName, indicators, trends), datasets: [...new Set(series.map((entry) => entry.dataset))].join(', ') };
}
