import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { InputError } from '../../domain/csv/decode.ts';
import type { Actor } from '../../domain/identity/actor.ts';
import { assuranceYearDates, assuranceYearOf, parseYearId, yearLabel } from '../../domain/oversight/assurance-year.ts';
import { compareFinanceWorstFirst, type FinanceMonthFigures, type FinanceYear, type FinanceYearMonth, financeYear, latestFinance } from '../../domain/oversight/finance.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { listFinanceReturns, type StoredFinanceReturn } from '../../db/repositories/finance-submissions.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { configuredTriggers } from '../special-measures/proposals.ts';
import { configuredOversight } from './config.ts';
import { visibleOversightOrganisation } from './visible-organisation.ts';

// CCGs' finances as people read them: one CCG's assurance year month by month (whoever sees that CCG's
// oversight record), and the CCGs one sees with their latest year-to-date variance and forecast shortfall,
// worst first: England for national roles, a regional lead's region, a CCG its own. Beside each figure, the
// special-measures financial trigger's threshold, so a reader sees which forecasts are seriously off plan.

/** Where a return came from. */
export interface FinanceSource {
  readonly fileName: string;
  readonly importedBy: string;
  readonly importedAt: Date;
}

export interface OrganisationFinanceMonth extends FinanceYearMonth {
  readonly source: FinanceSource | null;
}

export interface FinanceYearOption {
  readonly id: string;
  readonly label: string;
}

/** The financial trigger's test: a forecast this far below the control total, as a percentage of allocation. */
export interface FinanceThreshold {
  readonly enabled: boolean;
  readonly percentOfAllocation: number;
  readonly consecutiveReports: number;
}

export interface OrganisationFinance {
  readonly organisation: { readonly code: string; readonly name: string; readonly regionCode: string | null };
  /** The years with returns, the newest first. */
  readonly years: readonly FinanceYearOption[];
  readonly year: Omit<FinanceYear, 'months'> & { readonly months: readonly OrganisationFinanceMonth[] };
  readonly threshold: FinanceThreshold;
}

export interface FinanceListEntry {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string | null;
  /** The CCG's latest return with its year to date; null when it has none. */
  readonly latest: FinanceMonthFigures | null;
  /** The latest forecast is below its control total by at least the trigger's share of allocation. */
  readonly beyondThreshold: boolean;
}

export interface FinanceList {
  /** The region listed, or null for every CCG the actor sees (England for national roles). */
  readonly regionCode: string | null;
  /** The regions the list may be narrowed to (those with a CCG the actor sees), by code. */
  readonly regions: readonly { readonly code: string; readonly name: string }[];
  readonly threshold: FinanceThreshold;
  /** Worst first; CCGs without a return last. */
  readonly entries: readonly FinanceListEntry[];
}

async function threshold(): Promise<FinanceThreshold> {
  const { financialVariance } = await configuredTriggers();
  return { enabled: financialVariance.enabled, percentOfAllocation: financialVariance.percentOfAllocation, consecutiveReports: financialVariance.consecutiveReports };
}

function beyond(latest: FinanceMonthFigures | null, test: FinanceThreshold): boolean {
  return latest !== null && test.enabled && latest.shortfallPercentOfAllocation >= test.percentOfAllocation;
}

/**
 * One CCG's assurance year of finance returns month by month, the year given or else the newest with a
 * return (the year of `at` when there is none); NotFoundError for a CCG the actor does not see.
 */
export async function organisationFinance(db: Kysely<DB>, actor: Actor, code: string, yearId?: string, options: { at?: Date } = {}): Promise<OrganisationFinance> {
  assertCan(actor, 'oversight.list');
  const organisation = await visibleOversightOrganisation(db, actor, code);
  const asked = yearId === undefined ? undefined : parseYearId(yearId);
  if (asked === null) throw new InputError('query', [{ field: 'year', message: `"${String(yearId)}" is not an assurance year written like 2016-17` }]);
  const [{ yearStartMonth }, returns, test] = await Promise.all([configuredOversight(), listFinanceReturns(db, { organisationCodes: [code] }), threshold()]);
  const years = [...new Set(returns.map((row) => assuranceYearOf(row.month, yearStartMonth).id))].sort().reverse();
  const shown = asked ?? years[0] ?? assuranceYearOf(londonDate(options.at ?? new Date()), yearStartMonth).id;
  const year = financeYear(returns, code, assuranceYearDates(shown, yearStartMonth));
  const sources = new Map(returns.map((row) => [row.month, { fileName: row.fileName, importedBy: row.importedBy, importedAt: row.importedAt }]));
  return {
    organisation,
    years: years.map((id) => ({ id, label: yearLabel(id) })),
    year: { ...year, months: year.months.map((month) => ({ ...month, source: month.figures === null ? null : (sources.get(month.month) ?? null) })) },
    threshold: test,
  };
}

async function financeList(db: Kysely<DB>, actor: Actor, regionCode: string | null): Promise<FinanceList> {
  assertCan(actor, 'oversight.list');
  const organisations = await getAllOrganisations(db);
  if (regionCode !== null && organisations.get(regionCode)?.type !== 'nhs-england-region') throw new NotFoundError(`There is no NHS England region ${regionCode}.`);
  const seen = [...organisations.values()].filter(
    (organisation) => organisation.type === 'ccg' && can(actor, 'oversight.view', { organisationCode: organisation.code, regionCode: organisation.regionCode }) === 'allow',
  );
  const listed = regionCode === null ? seen : seen.filter((organisation) => organisation.regionCode === regionCode);
  const [{ yearStartMonth }, returns, test] = await Promise.all([configuredOversight(), listFinanceReturns(db, { organisationCodes: listed.map((organisation) => organisation.code) }), threshold()]);
  const byOrganisation = new Map<string, StoredFinanceReturn[]>();
  for (const row of returns) {
    const own = byOrganisation.get(row.organisationCode);
    if (own === undefined) byOrganisation.set(row.organisationCode, [row]);
    else own.push(row);
  }
  const entries = listed
    .map((organisation) => {
      const latest = latestFinance(byOrganisation.get(organisation.code) ?? [], organisation.code, yearStartMonth);
      return { code: organisation.code, name: organisation.name, regionCode: organisation.regionCode, latest, beyondThreshold: beyond(latest, test) };
    })
    .sort(compareFinanceWorstFirst);
  const regionCodes = new Set(seen.flatMap((organisation) => (organisation.regionCode === null ? [] : [organisation.regionCode])));
  const regions = [...regionCodes].sort().map((code) => ({ code, name: organisations.get(code)?.name ?? code }));
  return { regionCode, regions, threshold: test, entries };
}

/** Every CCG the actor sees (England for national roles, a regional lead's region, a CCG its own), worst first. */
export function nationalFinance(db: Kysely<DB>, actor: Actor): Promise<FinanceList> {
  return financeList(db, actor, null);
}

/** The CCGs of one NHS England region the actor sees, worst first; NotFoundError for a code that is no region. */
export function regionFinance(db: Kysely<DB>, actor: Actor, regionCode: string): Promise<FinanceList> {
  return financeList(db, actor, regionCode);
}
