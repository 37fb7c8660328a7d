import type { Framework } from '../../domain/frameworks/schema.ts';
import type { Polarity } from '../../domain/statistics/polarity.ts';
import type { IndicatorTrace, RatingRun } from '../../domain/rating/result.ts';
import { type NationalSpread, nationalQuartiles, nationalSpread, type Quartile } from '../../domain/statistics/national-distribution.ts';

// Each indicator of a published run across England: every organisation's national quartile and the spread,
// from the values the rating used (a missing, stale or excluded value takes no part). The organisation page,
// its spine charts and the downloads read the same figures.

export interface NationalFigures {
  readonly polarity: Polarity;
  readonly quartiles: ReadonlyMap<string, Quartile | null>;
  readonly spread: NationalSpread | null;
}

/** The value a trace counts with nationally: a usable number, else null. */
export function usableValue(trace: IndicatorTrace | undefined): number | null {
  if (trace === undefined || trace.category !== null || (trace.status !== 'scored' && trace.status !== 'not-compared')) return null;
  return trace.value;
}

/** By indicator code, for the framework's numeric indicators. */
export function nationalFigures(run: RatingRun, framework: Framework): ReadonlyMap<string, NationalFigures> {
  const figures = new Map<string, NationalFigures>();
  for (const indicator of framework.indicators) {
    if (indicator.dataType === 'categorical' || indicator.dataType === 'judgement') continue;
    const values = run.organisations.map((rating) => usableValue(rating.indicators.find((trace) => trace.indicator === indicator.code)));
    const quartiles = nationalQuartiles(values, indicator.polarity);
    figures.set(indicator.code, {
      polarity: indicator.polarity,
      quartiles: new Map(run.organisations.map((rating, index) => [rating.org, quartiles[index] ?? null])),
      spread: nationalSpread(values),
    });
  }
  return figures;
}

/** "1 (best quarter)", or "1 (lowest quarter)" for an indicator without a polarity; "—" without a quartile. */
export function quartileText(quartile: Quartile | null, polarity: Polarity): string {
  if (quartile === null) return '—';
  if (polarity === 'no-judgement') return `${String(quartile)} (${['lowest', 'second lowest', 'second highest', 'highest'][quartile - 1] ?? ''} quarter)`;
  return `${String(quartile)} (${['best', 'second best', 'second worst', 'worst'][quartile - 1] ?? ''} quarter)`;
}
