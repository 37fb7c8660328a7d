import type { Kysely } from 'kysely';
import { DEFAULT_DEMO_SEED, type DemoOrganisation, generateDemoData } from '../domain/demo/generate.ts';
import { demoPeriodStart } from '../domain/demo/history.ts';
import type { Actor, SystemActor } from '../domain/identity/actor.ts';
import { assertCan } from '../domain/policy/can.ts';
import { findDataset, insertDataset } from '../db/repositories/datasets.ts';
import { insertIndicatorValues, toIndicatorValueColumns } from '../db/repositories/indicator-values.ts';
import { insertJudgements } from '../db/repositories/judgements.ts';
import { getAllOrganisations } from '../db/repositories/organisations.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { ConflictError } from './errors.ts';
import { readReferenceEquity } from './reference-data.ts';

export interface DemoRequest {
  readonly seed?: number;
  /** The dataset's code; `demo-<seed>` when omitted. */
  readonly code?: string;
  readonly requestId?: string;
}

export interface DemoSummary {
  readonly code: string;
  readonly organisations: number;
  readonly values: number;
  readonly judgements: number;
}

/** The first day of the twelve months that end on periodEnd: most demo values cover a financial year. */
function yearStarting(periodEnd: string): string {
  const end = new Date(`${periodEnd}T00:00:00Z`);
  return new Date(Date.UTC(end.getUTCFullYear() - 1, end.getUTCMonth(), end.getUTCDate() + 1)).toISOString().slice(0, 10);
}

async function demoOrganisations(db: Kysely<DB>): Promise<DemoOrganisation[]> {
  const [organisations, equity] = await Promise.all([getAllOrganisations(db), readReferenceEquity()]);
  return [...organisations.values()].flatMap((org) => {
    const measures = equity.get(org.code);
    if (org.type !== 'ccg' || measures === undefined || org.population === null) return [];
    return [{ code: org.code, name: org.name, region: org.regionCode, peerCodes: org.peerCodes, population: org.population, ...measures }];
  });
}

/**
 * Generates a reproducible year of demo data for the 2016 CCGs (real populations, peers and inequality
 * indicator; every other value synthetic and flagged so), with the monthly history of a few indicators, and
 * stores it as a dataset, audited.
 */
export async function generateDemoDataset(db: Kysely<DB>, actor: Actor, request: DemoRequest = {}): Promise<DemoSummary> {
  assertCan(actor, 'data.import');
  return storeDemoDataset(db, actor, request);
}

async function storeDemoDataset(db: Kysely<DB>, actor: Actor, request: DemoRequest): Promise<DemoSummary> {
  const seed = request.seed ?? DEFAULT_DEMO_SEED;
  const code = request.code ?? `demo-${String(seed)}`;
  const demo = generateDemoData(await demoOrganisations(db), seed);
  return db.transaction().execute(async (trx) => {
    if ((await findDataset(trx, code)) !== undefined) throw new ConflictError(`Dataset ${code} exists already; choose another code with --dataset.`);
    await insertDataset(trx, { code, title: demo.label, asOf: demo.asOf, synthetic: true });
    const values = [...demo.values.map((value) => ({ ...value, periodStart: demoPeriodStart(value.indicator, value.periodEnd ?? demo.asOf, yearStarting) })), ...demo.history].map((value) => ({
      organisationCode: value.org,
      indicatorCode: value.indicator,
      periodStart: value.periodStart,
      periodEnd: value.periodEnd ?? null,
      numerator: value.numerator ?? null,
      denominator: value.denominator ?? null,
      value: value.value ?? null,
      lower95: value.lower95 ?? null,
      upper95: value.upper95 ?? null,
      category: value.category ?? null,
      synthetic: value.synthetic,
      source: value.source ?? null,
    }));
    await insertIndicatorValues(trx, toIndicatorValueColumns(code, values));
    await insertJudgements(
      trx,
      code,
      demo.judgements.map((judgement) => ({
        organisationCode: judgement.org,
        judgementCode: judgement.judgement,
        value: String(judgement.value),
        recordedBy: judgement.recordedBy,
        rationale: judgement.rationale ?? null,
        synthetic: true,
      })),
    );
    const summary = { code, organisations: demo.organisations.length, values: values.length, judgements: demo.judgements.length };
    await recordAuditEvent(trx, {
      actor,
      action: 'dataset.generate',
      object: { type: 'dataset', id: code },
      after: { ...summary, seed, asOf: demo.asOf, title: demo.label },
      requestId: request.requestId,
    });
    return summary;
  });
}

const DEMO_INSTALLER: SystemActor = { kind: 'system', name: 'assure:demo-data' };

/** On a new (non-production) database: the default demo dataset, so every page has something to show. */
export async function installDemoDataset(db: Kysely<DB>): Promise<DemoSummary | 'already-present'> {
  if ((await findDataset(db, `demo-${String(DEFAULT_DEMO_SEED)}`)) !== undefined) return 'already-present';
  return storeDemoDataset(db, DEMO_INSTALLER, {});
}
