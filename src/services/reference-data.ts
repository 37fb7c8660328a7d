import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Kysely, Transaction } from 'kysely';
import { InputError, readCsv, type CsvRow } from '../domain/csv/decode.ts';
import type { SystemActor } from '../domain/identity/actor.ts';
import type { OrganisationRecord } from '../domain/organisations/organisation.ts';
import { countOrganisations, hasAnyBoundary, upsertBoundaries } from '../db/repositories/organisations.ts';
import type { DB } from '../db/schema.ts';
import { recordAuditEvent } from './audit.ts';
import { applyOrganisationImport, type ImportSummary, summariseImport } from './import-organisations.ts';

const REFERENCE_DIR = fileURLToPath(new URL('../../reference-data/', import.meta.url));
const CCG_ESTABLISHED_ON = '2013-04-01';
const BOUNDARY_SOURCE = 'ONS Open Geography, CCG boundaries 2016 (OGL v3.0), via miqdadasaria/ccg_equity';

async function readReferenceCsv(relativePath: string): Promise<readonly CsvRow[]> {
  const table = readCsv(await fs.readFile(REFERENCE_DIR + relativePath));
  if ('problems' in table) throw new InputError(relativePath, table.problems);
  return table.rows;
}

function cell(row: CsvRow, column: string): string {
  const value = row.values[column.toLowerCase()];
  if (value === undefined || value === '') throw new Error(`reference-data: row ${row.line} lacks ${column}`);
  return value;
}

/** The four NHS England regions and the 209 CCGs of 2016, as organisation records. */
export async function readReferenceOrganisations(): Promise<OrganisationRecord[]> {
  const [regions, similar, inequality, regionOfCcg] = await Promise.all([
    readReferenceCsv('nhs-england-regions-2016.csv'),
    readReferenceCsv('ccg-2016/ccg_similar_10.csv'),
    readReferenceCsv('ccg-2016/ccg_acsc_inequality_2016.csv'),
    readReferenceCsv('ccg-2016/ccg_region_2016.csv'),
  ]);
  const populationByOns = new Map(inequality.map((row) => [cell(row, 'CCG16CD'), Math.round(Number(cell(row, 'total_pop')))]));
  const regionByCode = new Map(regionOfCcg.map((row) => [cell(row, 'CCG16CDH'), cell(row, 'region_code')]));
  const regionRecords = regions.map(
    (row): OrganisationRecord => ({
      code: cell(row, 'code'),
      onsCode: null,
      name: cell(row, 'name'),
      type: 'nhs-england-region',
      regionCode: null,
      population: null,
      establishedOn: CCG_ESTABLISHED_ON,
      closedOn: null,
      successorCode: null,
      peerCodes: [],
    }),
  );
  const ccgRecords = similar.map((row): OrganisationRecord => {
    const onsCode = cell(row, 'CCG16CD');
    return {
      code: cell(row, 'CCG16CDH'),
      onsCode,
      name: cell(row, 'CCG16NM'),
      type: 'ccg',
      regionCode: regionByCode.get(cell(row, 'CCG16CDH')) ?? null,
      population: populationByOns.get(onsCode) ?? null,
      establishedOn: CCG_ESTABLISHED_ON,
      closedOn: null,
      successorCode: null,
      peerCodes: Array.from({ length: 10 }, (_, index) => cell(row, `similar_ccg_${index + 1}`)),
    };
  });
  return [...regionRecords, ...ccgRecords];
}

interface BoundaryFeature {
  properties: { CCG16CD: string };
  geometry: unknown;
}

async function readReferenceBoundaries(codeByOns: ReadonlyMap<string, string>) {
  const text = await fs.readFile(`${REFERENCE_DIR}ccg-2016/ccg_boundaries_2016.geojson`, 'utf8');
  const collection = JSON.parse(text) as { features: BoundaryFeature[] };
  return collection.features.flatMap((feature) => {
    const code = codeByOns.get(feature.properties.CCG16CD);
    return code === undefined ? [] : [{ code, geometry: feature.geometry, source: BOUNDARY_SOURCE }];
  });
}

export interface SeedResult {
  readonly organisations: ImportSummary | 'already-present';
  readonly boundaries: number | 'already-present';
}

/** Assure itself, loading the reference data it ships with: the actor of the seeding audit event. */
export const REFERENCE_DATA_ACTOR: SystemActor = { kind: 'system', name: 'assure:reference-data' };

async function seedBoundaries(trx: Transaction<DB>, records: readonly OrganisationRecord[]): Promise<number> {
  const codeByOns = new Map(records.flatMap((record) => (record.onsCode === null ? [] : [[record.onsCode, record.code] as const])));
  const boundaries = await readReferenceBoundaries(codeByOns);
  await upsertBoundaries(trx, boundaries);
  return boundaries.length;
}

/**
 * Loads the shipped reference data into an empty registry, in one transaction recorded as one audit
 * event; a registry with data is left as it is, and then nothing is recorded.
 */
export async function seedReferenceData(db: Kysely<DB>): Promise<SeedResult> {
  const records = await readReferenceOrganisations();
  return db.transaction().execute(async (trx) => {
    const organisations =
      (await countOrganisations(trx)) > 0
        ? 'already-present'
        : summariseImport(await applyOrganisationImport(trx, { source: 'reference-data', records }));
    const boundaries = (await hasAnyBoundary(trx)) ? 'already-present' : await seedBoundaries(trx, records);
    if (organisations !== 'already-present' || boundaries !== 'already-present') {
      await recordAuditEvent(trx, {
        actor: REFERENCE_DATA_ACTOR,
        action: 'reference-data.seed',
        object: { type: 'reference-data', id: 'organisations-2016' },
        after: {
          source: 'reference-data/ (see reference-data/PROVENANCE.md)',
          organisationsAdded: organisations === 'already-present' ? 0 : organisations.added,
          boundariesAdded: boundaries === 'already-present' ? 0 : boundaries,
        },
        reason: 'The registry was empty: loading the reference data Assure ships with',
      });
    }
    return { organisations, boundaries };
  });
}

/** Deprivation and the real inequality indicator of each 2016 CCG, by ODS code (ccg_acsc_inequality_2016.csv). */
export interface ReferenceEquity {
  /** Index of Multiple Deprivation score of the CCG's population (`IMD`). */
  readonly deprivation: number;
  /** Absolute gradient index of unplanned hospitalisation for ambulatory care sensitive conditions, with its 95% interval. */
  readonly inequality: { readonly value: number; readonly lower95: number; readonly upper95: number };
}

export async function readReferenceEquity(): Promise<Map<string, ReferenceEquity>> {
  const rows = await readReferenceCsv('ccg-2016/ccg_acsc_inequality_2016.csv');
  return new Map(
    rows.map((row) => [
      cell(row, 'CCG16CDH'),
      {
        deprivation: Number(cell(row, 'IMD')),
        inequality: { value: Number(cell(row, 'AGI')), lower95: Number(cell(row, 'AGI_LCI')), upper95: Number(cell(row, 'AGI_UCI')) },
      },
    ]),
  );
}
