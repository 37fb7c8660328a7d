import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/identity/actor.ts';
import { defaultMultiplier, ratedValue } from '../../domain/rating/prepare.ts';
import type { Polarity } from '../../domain/statistics/polarity.ts';
import { approvedPlan } from '../../domain/special-measures/case-record.ts';
import { findOrganisationSeries } from '../../db/repositories/indicator-values.ts';
import { findLatestDatasets } from '../../db/repositories/special-measures-cases.ts';
import type { DB } from '../../db/schema.ts';
import type { TrendPoint } from '../scorecard-organisation.ts';
import { getLatestPublishedRound } from '../scorecard.ts';
import { getCase } from './cases.ts';

// The indicators the improvement plan links to its objectives, as series for run charts: improvement shown as
// data beside the narrative of the progress reports.

export interface CaseIndicatorSeries {
  readonly indicatorCode: string;
  /** The indicator's name in the latest published framework, when it has one there. */
  readonly indicatorTitle: string | null;
  /** Which way is better, from the same framework; 'no-judgement' when the indicator is not in it. */
  readonly polarity: Polarity;
  readonly dataset: string;
  readonly points: TrendPoint[];
}

/** Each linked indicator's series for the case's organisation, from the dataset holding its latest values. */
export async function caseIndicatorSeries(db: Kysely<DB>, actor: Actor, caseId: string, at: Date = new Date()): Promise<CaseIndicatorSeries[]> {
  const { record } = await getCase(db, actor, caseId, at);
  const plan = approvedPlan(record) ?? record.plans.at(-1) ?? null;
  if (plan === null) return [];
  const codes = [...new Set(plan.plan.objectives.flatMap((objective) => objective.indicators))];
  const [datasets, latest] = await Promise.all([findLatestDatasets(db, record.organisationCode, codes), getLatestPublishedRound(db, actor, at)]);
  const definitions = new Map((latest?.framework.indicators ?? []).map((indicator) => [indicator.code, indicator]));
  const series: CaseIndicatorSeries[] = [];
  for (const code of codes) {
    const dataset = datasets.get(code);
    if (dataset === undefined) continue;
    const definition = definitions.get(code);
    const multiplier = definition === undefined ? 1 : defaultMultiplier(definition);
    const rows = await findOrganisationSeries(db, dataset, record.organisationCode, [code], '9999-12-31');
    const points = rows.flatMap((row) => {
      const value = ratedValue(row, multiplier);
      return Number.isNaN(value) ? [] : [{ periodStart: row.periodStart, periodEnd: row.periodEnd, value }];
    });
    series.push({ indicatorCode: code, indicatorTitle: definition?.name ?? null, polarity: definition?.polarity ?? 'no-judgement', dataset, points });
  }
  return series;
}
