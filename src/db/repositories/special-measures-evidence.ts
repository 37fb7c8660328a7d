import type { Kysely } from 'kysely';
import { financialPosition } from '../../domain/oversight/finance.ts';
import type { AuditSeverity, ConcernKind } from '../../domain/special-measures/trigger-config.ts';
import type { AuditFinding, ConcernFlag, FinancialPosition } from '../../domain/special-measures/triggers.ts';
import type { DB } from '../schema.ts';

// The triggers' evidence beyond published ratings: concern flags, financial positions and audit findings,
// each with who recorded it and when. The CCGs' imported monthly finance returns count as financial
// positions too, at each month's end; a position recorded by hand for the same date wins.

export interface RecordedBy {
  readonly recordedBy: string;
  readonly recordedAt: Date;
}

export interface StoredEvidence {
  readonly concerns: ConcernFlag[];
  readonly finances: FinancialPosition[];
  readonly auditFindings: AuditFinding[];
}

export async function insertConcernFlag(db: Kysely<DB>, organisationCode: string, flag: ConcernFlag, by: RecordedBy): Promise<string> {
  const { id } = await db
    .insertInto('concern_flag')
    .values({ organisation_code: organisationCode, flagged_on: flag.on, kind: flag.kind, serious: flag.serious, note: flag.note, recorded_by: by.recordedBy, recorded_at: by.recordedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Stores a financial report; undefined when one for that period end is recorded already. */
export async function insertFinancialPosition(db: Kysely<DB>, organisationCode: string, position: FinancialPosition, by: RecordedBy): Promise<string | undefined> {
  const row = await db
    .insertInto('financial_position')
    .values({
      organisation_code: organisationCode,
      period_end: position.periodEnd,
      allocation: position.allocation,
      planned_surplus: position.plannedSurplus,
      forecast_surplus: position.forecastSurplus,
      recorded_by: by.recordedBy,
      recorded_at: by.recordedAt,
    })
    .onConflict((conflict) => conflict.columns(['organisation_code', 'period_end']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function insertAuditFinding(db: Kysely<DB>, organisationCode: string, finding: AuditFinding, by: RecordedBy): Promise<string> {
  const { id } = await db
    .insertInto('audit_finding')
    .values({
      organisation_code: organisationCode,
      reported_on: finding.reportedOn,
      auditor: finding.auditor,
      severity: finding.severity,
      about_financial_controls: finding.aboutFinancialControls,
      summary: finding.summary,
      resolved_on: finding.resolvedOn,
      recorded_by: by.recordedBy,
      recorded_at: by.recordedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Every organisation's stored evidence, by organisation code, each list in date order. */
export async function listStoredEvidence(db: Kysely<DB>): Promise<Map<string, StoredEvidence>> {
  const [concerns, finances, returns, findings] = await Promise.all([
    db.selectFrom('concern_flag').selectAll().orderBy('flagged_on').orderBy('recorded_at').execute(),
    db.selectFrom('financial_position').selectAll().orderBy('period_end').execute(),
    db.selectFrom('finance_submission').select(['organisation_code', 'month', 'allocation', 'control_total', 'plan', 'actual', 'forecast_outturn']).execute(),
    db.selectFrom('audit_finding').selectAll().orderBy('reported_on').orderBy('recorded_at').execute(),
  ]);
  const evidence = new Map<string, StoredEvidence>();
  const of = (code: string): StoredEvidence => {
    let entry = evidence.get(code);
    if (entry === undefined) {
      entry = { concerns: [], finances: [], auditFindings: [] };
      evidence.set(code, entry);
    }
    return entry;
  };
  for (const row of concerns) of(row.organisation_code).concerns.push({ on: row.flagged_on, kind: row.kind as ConcernKind, serious: row.serious, note: row.note });
  for (const row of finances) {
    of(row.organisation_code).finances.push({ periodEnd: row.period_end, allocation: row.allocation, plannedSurplus: row.planned_surplus, forecastSurplus: row.forecast_surplus });
  }
  const recorded = new Set(finances.map((row) => `${row.organisation_code} ${row.period_end}`));
  for (const row of returns) {
    const position = financialPosition({ organisationCode: row.organisation_code, month: row.month, allocation: row.allocation, controlTotal: row.control_total, plan: row.plan, actual: row.actual, forecastOutturn: row.forecast_outturn });
    if (!recorded.has(`${row.organisation_code} ${position.periodEnd}`)) of(row.organisation_code).finances.push(position);
  }
  for (const entry of evidence.values()) entry.finances.sort((a, b) => a.periodEnd.localeCompare(b.periodEnd));
  for (const row of findings) {
    of(row.organisation_code).auditFindings.push({
      reportedOn: row.reported_on,
      auditor: row.auditor as AuditFinding['auditor'],
      severity: row.severity as AuditSeverity,
      aboutFinancialControls: row.about_financial_controls,
      summary: row.summary,
      resolvedOn: row.resolved_on,
    });
  }
  return evidence;
}
