import type { Kysely } from 'kysely';
import { type Agenda, generateAgenda } from '../../domain/oversight/agenda.ts';
import { assuranceYearOf } from '../../domain/oversight/assurance-year.ts';
import type { OversightConfig } from '../../domain/oversight/config.ts';
import { FrameworkSchema, type Framework } from '../../domain/frameworks/schema.ts';
import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import { indicatorSeriesFrom, riskEvidenceOn } from '../../domain/oversight/risk-signals.ts';
import { dueItems } from '../../domain/special-measures/deadlines.ts';
import { listActions } from '../../db/repositories/checkpoint-meetings.ts';
import { listFinanceReturns } from '../../db/repositories/finance-submissions.ts';
import { listFrameworkVersions } from '../../db/repositories/framework-versions.ts';
import { listMonthlyIndicatorValues } from '../../db/repositories/risk-evidence.ts';
import { listCases } from '../../db/repositories/special-measures-cases.ts';
import type { DB } from '../../db/schema.ts';
import { configuredTriggers } from '../special-measures/proposals.ts';

// The evidence a meeting's agenda is generated from, for one CCG on one day: its indicator series through the SPC
// (read as the risk view reads them), its finance returns against the financial trigger's threshold, its open
// actions and its open special-measures case. The agenda itself is the domain's (agenda.ts).

// A framework version's definition never changes under the same content hash, so its parse is kept.
const PARSED = new Map<string, Framework>();

/** Every numeric indicator of the CCG frameworks loaded, by code (the first framework by id that defines it). */
async function indicatorCatalogue(db: Kysely<DB>): Promise<Map<string, Indicator>> {
  const catalogue = new Map<string, Indicator>();
  for (const stored of await listFrameworkVersions(db)) {
    const key = `${stored.id}:${stored.contentHash}`;
    let framework = PARSED.get(key);
    if (framework === undefined) {
      framework = FrameworkSchema.parse(stored.definition);
      PARSED.set(key, framework);
    }
    if (framework.organisationType !== 'ccg') continue;
    for (const indicator of framework.indicators) {
      if (indicator.dataType === 'categorical' || indicator.dataType === 'judgement' || catalogue.has(indicator.code)) continue;
      catalogue.set(indicator.code, indicator);
    }
  }
  return catalogue;
}

/**
 * The agenda of a meeting with the CCG on `asOf`, looking back to the last meeting held before it; the actions
 * agreed at the meeting itself (when its record is amended) are not on its own agenda.
 */
export async function agendaFor(db: Kysely<DB>, organisationCode: string, asOf: string, lastHeldOn: string | null, config: OversightConfig, meetingId?: string): Promise<Agenda> {
  const codes = [organisationCode];
  const [catalogue, returns, actions, cases, triggers] = await Promise.all([
    indicatorCatalogue(db),
    listFinanceReturns(db, { organisationCodes: codes }),
    listActions(db, { organisationCodes: codes, statuses: ['open'] }),
    listCases(db, { organisationCode }),
    configuredTriggers(),
  ]);
  const values = await listMonthlyIndicatorValues(db, { upTo: asOf, indicatorCodes: [...catalogue.keys()], organisationCodes: codes });
  const empty = new Map();
  const [evidence] = riskEvidenceOn(
    { series: indicatorSeriesFrom(values, (code) => catalogue.get(code)), financeReturns: new Map([[organisationCode, returns]]), surveys: [], assessments: empty, ratings: empty, concerns: empty, auditFindings: empty },
    codes,
    asOf,
    config.yearStartMonth,
  );
  return generateAgenda({
    asOf,
    lastHeldOn,
    yearStartsOn: assuranceYearOf(asOf, config.yearStartMonth).startsOn,
    indicators: evidence?.indicators ?? [],
    finance: evidence?.finance ?? null,
    financeThresholdPercent: triggers.financialVariance.percentOfAllocation,
    actions: actions.filter((action) => action.meetingId !== meetingId),
    caseItems: cases.flatMap((stored) => dueItems(stored.record, asOf, config.actionsDueSoonDays).map((item) => ({ ...item, caseId: stored.record.id }))),
    dueSoonDays: config.actionsDueSoonDays,
  });
}
