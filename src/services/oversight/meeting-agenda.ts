import type { Kysely } from 'kysely';
import { type Agenda, type AgendaAction, generateAgenda } from '../../domain/oversight/agenda.ts';
import { assuranceYearOf } from '../../domain/oversight/assurance-year.ts';
import { byOrganisation } from '../../domain/oversight/by-organisation.ts';
import type { OversightConfig } from '../../domain/oversight/config.ts';
import type { FinanceReturn } from '../../domain/oversight/finance.ts';
import { FrameworkSchema, type Framework } from '../../domain/frameworks/schema.ts';
import type { Indicator } from '../../domain/frameworks/schema-indicators.ts';
import { type IndicatorSeries, indicatorSeriesFrom, riskEvidenceOn } from '../../domain/oversight/risk-signals.ts';
import type { SpecialMeasuresCase } from '../../domain/special-measures/case-record.ts';
import { dueItems } from '../../domain/special-measures/deadlines.ts';
import { listActions } from '../../db/repositories/checkpoint-meetings.ts';
import { listFinanceReturns } from '../../db/repositories/finance-submissions.ts';
import { listFrameworkVersions } from '../../db/repositories/framework-versions.ts';
import { listMonthlyIndicatorValues } from '../../db/repositories/risk-evidence.ts';
import { listCases } from '../../db/repositories/special-measures-cases.ts';
import type { DB } from '../../db/schema.ts';
import { configuredTriggers } from '../special-measures/proposals.ts';

// The evidence a meeting's agenda is generated from: the CCG's indicator series through the SPC (read as the risk
// view reads them), its finance returns against the financial trigger's threshold, its open special-measures case,
// and its open actions. The sources of several CCGs load at once (the demo's year of checkpoints), and each
// meeting's agenda is then the domain's (agenda.ts) on its own date.

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

/** What the agendas of some CCGs' meetings read, up to a day. */
export interface AgendaSources {
  readonly series: ReadonlyMap<string, readonly IndicatorSeries[]>;
  readonly returns: ReadonlyMap<string, readonly FinanceReturn[]>;
  readonly cases: ReadonlyMap<string, readonly SpecialMeasuresCase[]>;
  readonly financeThresholdPercent: number;
  readonly config: OversightConfig;
}

/** The agenda sources of the CCGs named, with indicator values up to `upTo`. */
export async function loadAgendaSources(db: Kysely<DB>, organisationCodes: readonly string[], upTo: string, config: OversightConfig): Promise<AgendaSources> {
  const [only] = organisationCodes;
  const [catalogue, returns, cases, triggers] = await Promise.all([
    indicatorCatalogue(db),
    listFinanceReturns(db, { organisationCodes }),
    listCases(db, organisationCodes.length === 1 && only !== undefined ? { organisationCode: only } : {}),
    configuredTriggers(),
  ]);
  const values = await listMonthlyIndicatorValues(db, { upTo, indicatorCodes: [...catalogue.keys()], organisationCodes });
  const wanted = new Set(organisationCodes);
  return {
    series: byOrganisation(indicatorSeriesFrom(values, (code) => catalogue.get(code))),
    returns: byOrganisation(returns),
    cases: byOrganisation(cases.map((stored) => stored.record).filter((record) => wanted.has(record.organisationCode))),
    financeThresholdPercent: triggers.financialVariance.percentOfAllocation,
    config,
  };
}

/** The agenda of a meeting with the CCG on `asOf`, from its sources and its actions open then. */
export function agendaFromSources(sources: AgendaSources, organisationCode: string, asOf: string, lastHeldOn: string | null, openActions: readonly (AgendaAction & { readonly status: string })[]): Agenda {
  const empty = new Map();
  const [evidence] = riskEvidenceOn(
    {
      series: sources.series.get(organisationCode) ?? [],
      financeReturns: new Map([[organisationCode, sources.returns.get(organisationCode) ?? []]]),
      surveys: [],
      assessments: empty,
      ratings: empty,
      concerns: empty,
      auditFindings: empty,
    },
    [organisationCode],
    asOf,
    sources.config.yearStartMonth,
  );
  return generateAgenda({
    asOf,
    lastHeldOn,
    yearStartsOn: assuranceYearOf(asOf, sources.config.yearStartMonth).startsOn,
    indicators: evidence?.indicators ?? [],
    finance: evidence?.finance ?? null,
    financeThresholdPercent: sources.financeThresholdPercent,
    actions: openActions,
    caseItems: (sources.cases.get(organisationCode) ?? []).flatMap((record) => dueItems(record, asOf, sources.config.actionsDueSoonDays).map((item) => ({ ...item, caseId: record.id }))),
    dueSoonDays: sources.config.actionsDueSoonDays,
  });
}

/**
 * The agenda of a meeting with the CCG on `asOf`, looking back to the last meeting held before it; the actions
 * agreed at the meeting itself (when its record is amended) are not on its own agenda.
 */
export async function agendaFor(db: Kysely<DB>, organisationCode: string, asOf: string, lastHeldOn: string | null, config: OversightConfig, meetingId?: string): Promise<Agenda> {
  const [sources, actions] = await Promise.all([loadAgendaSources(db, [organisationCode], asOf, config), listActions(db, { organisationCodes: [organisationCode], statuses: ['open'] })]);
  return agendaFromSources(
    sources,
    organisationCode,
    asOf,
    lastHeldOn,
    actions.filter((action) => action.meetingId !== meetingId),
  );
}
