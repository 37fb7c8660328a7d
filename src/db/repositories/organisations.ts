import { type Kysely, sql } from 'kysely';
import type { OrganisationRecord, OrganisationType } from '../../domain/organisations/organisation.ts';
import type { DB, OrganisationTable } from '../schema.ts';

type Row = Pick<
  OrganisationTable,
  'code' | 'ons_code' | 'name' | 'type' | 'region_code' | 'population' | 'established_on' | 'closed_on' | 'successor_code'
>;

const RECORD_COLUMNS = [
  'code',
  'ons_code',
  'name',
  'type',
  'region_code',
  'population',
  'established_on',
  'closed_on',
  'successor_code',
] as const;

function toRecord(row: Row, peerCodes: readonly string[]): OrganisationRecord {
  return {
    code: row.code,
    onsCode: row.ons_code,
    name: row.name,
    type: row.type,
    regionCode: row.region_code,
    population: row.population,
    establishedOn: row.established_on,
    closedOn: row.closed_on,
    successorCode: row.successor_code,
    peerCodes,
  };
}

function toRow(record: OrganisationRecord): Row {
  return {
    code: record.code,
    ons_code: record.onsCode,
    name: record.name,
    type: record.type,
    region_code: record.regionCode,
    population: record.population,
    established_on: record.establishedOn,
    closed_on: record.closedOn,
    successor_code: record.successorCode,
  };
}

async function peersOf(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, string[]>> {
  const peers = new Map<string, string[]>();
  if (codes.length === 0) return peers;
  const rows = await db
    .selectFrom('organisation_peer')
    .select(['organisation_code', 'peer_code'])
    .where('organisation_code', 'in', codes)
    .orderBy('organisation_code')
    .orderBy('rank')
    .execute();
  for (const row of rows) {
    const list = peers.get(row.organisation_code) ?? [];
    list.push(row.peer_code);
    peers.set(row.organisation_code, list);
  }
  return peers;
}

/** Every stored organisation with its peers, keyed by code: what an import compares against. */
export async function getAllOrganisations(db: Kysely<DB>): Promise<Map<string, OrganisationRecord>> {
  const rows = await db.selectFrom('organisation').select(RECORD_COLUMNS).execute();
  const peers = await peersOf(
    db,
    rows.map((row) => row.code),
  );
  return new Map(rows.map((row) => [row.code, toRecord(row, peers.get(row.code) ?? [])]));
}

export interface OrganisationFilter {
  /** Matches the name (case-insensitive, anywhere) or the ODS or ONS code (exactly, any case). */
  readonly search?: string | undefined;
  readonly type?: OrganisationType | undefined;
  readonly regionCode?: string | undefined;
}

function filtered(db: Kysely<DB>, filter: OrganisationFilter) {
  let query = db.selectFrom('organisation');
  const search = filter.search?.trim();
  if (search !== undefined && search !== '') {
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    const code = search.toUpperCase();
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`lower(organisation.name)`, 'like', pattern),
        eb('organisation.code', '=', code),
        eb('organisation.ons_code', '=', code),
      ]),
    );
  }
  if (filter.type !== undefined) query = query.where('organisation.type', '=', filter.type);
  if (filter.regionCode !== undefined) query = query.where('organisation.region_code', '=', filter.regionCode);
  return query;
}

/** How many organisations match the filter. */
export async function countOrganisations(db: Kysely<DB>, filter: OrganisationFilter = {}): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface OrganisationSummary {
  readonly code: string;
  readonly onsCode: string | null;
  readonly name: string;
  readonly type: OrganisationType;
  readonly regionCode: string | null;
  readonly regionName: string | null;
  readonly population: number | null;
}

/** One page of matching organisations, in name order (case-insensitive, then code, so pages are stable). */
export async function listOrganisations(
  db: Kysely<DB>,
  filter: OrganisationFilter,
  page: { limit: number; offset: number },
): Promise<OrganisationSummary[]> {
  const rows = await filtered(db, filter)
    .leftJoin('organisation as region', 'region.code', 'organisation.region_code')
    .select([
      'organisation.code',
      'organisation.ons_code',
      'organisation.name',
      'organisation.type',
      'organisation.region_code',
      'organisation.population',
      'region.name as region_name',
    ])
    .orderBy(sql`lower(organisation.name)`)
    .orderBy('organisation.code')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map((row) => ({
    code: row.code,
    onsCode: row.ons_code,
    name: row.name,
    type: row.type,
    regionCode: row.region_code,
    regionName: row.region_name,
    population: row.population,
  }));
}

export interface OrganisationReference {
  readonly code: string;
  readonly name: string;
}

export interface OrganisationDetail extends OrganisationRecord {
  readonly region: OrganisationReference | null;
  readonly successor: OrganisationReference | null;
  readonly peers: readonly OrganisationReference[];
  /** Organisations whose successor this one is (merged into it). */
  readonly predecessors: readonly OrganisationReference[];
  readonly hasBoundary: boolean;
}

/** One organisation with the names of everything it refers to, or undefined. */
export async function findOrganisation(db: Kysely<DB>, code: string): Promise<OrganisationDetail | undefined> {
  const row = await db.selectFrom('organisation').select(RECORD_COLUMNS).where('code', '=', code).executeTakeFirst();
  if (row === undefined) return undefined;
  const peerRows = await db
    .selectFrom('organisation_peer')
    .innerJoin('organisation', 'organisation.code', 'organisation_peer.peer_code')
    .select(['organisation.code', 'organisation.name'])
    .where('organisation_peer.organisation_code', '=', code)
    .orderBy('organisation_peer.rank')
    .execute();
  const referenced = [row.region_code, row.successor_code].filter((value): value is string => value !== null);
  const names = new Map(
    referenced.length === 0
      ? []
      : (await db.selectFrom('organisation').select(['code', 'name']).where('code', 'in', referenced).execute()).map(
          (named) => [named.code, named.name] as const,
        ),
  );
  const reference = (target: string | null): OrganisationReference | null =>
    target === null ? null : { code: target, name: names.get(target) ?? target };
  const predecessors = await db
    .selectFrom('organisation')
    .select(['code', 'name'])
    .where('successor_code', '=', code)
    .orderBy('code')
    .execute();
  const boundary = await db
    .selectFrom('organisation_boundary')
    .select('organisation_code')
    .where('organisation_code', '=', code)
    .executeTakeFirst();
  return {
    ...toRecord(
      row,
      peerRows.map((peer) => peer.code),
    ),
    region: reference(row.region_code),
    successor: reference(row.successor_code),
    peers: peerRows,
    predecessors,
    hasBoundary: boundary !== undefined,
  };
}

/** Inserts new organisations and their peers. Reference checks are deferred to commit. */
export async function insertOrganisations(db: Kysely<DB>, records: readonly OrganisationRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.insertInto('organisation').values(records.map(toRow)).execute();
  await insertPeers(db, records);
}

/** Overwrites stored organisations (same codes) and their peer lists. */
export async function updateOrganisations(db: Kysely<DB>, records: readonly OrganisationRecord[]): Promise<void> {
  if (records.length === 0) return;
  for (const record of records) {
    const { code, ...changes } = toRow(record);
    await db
      .updateTable('organisation')
      .set({ ...changes, updated_at: sql<Date>`now()` })
      .where('code', '=', code)
      .execute();
  }
  await db
    .deleteFrom('organisation_peer')
    .where(
      'organisation_code',
      'in',
      records.map((record) => record.code),
    )
    .execute();
  await insertPeers(db, records);
}

async function insertPeers(db: Kysely<DB>, records: readonly OrganisationRecord[]): Promise<void> {
  const peers = records.flatMap((record) =>
    record.peerCodes.map((peerCode, index) => ({ organisation_code: record.code, rank: index + 1, peer_code: peerCode })),
  );
  for (let start = 0; start < peers.length; start += 1000) {
    await db.insertInto('organisation_peer').values(peers.slice(start, start + 1000)).execute();
  }
}

/** Stores or replaces boundaries (GeoJSON geometry) for organisations that exist. */
export async function upsertBoundaries(
  db: Kysely<DB>,
  boundaries: readonly { code: string; geometry: unknown; source: string }[],
): Promise<void> {
  for (const boundary of boundaries) {
    await db
      .insertInto('organisation_boundary')
      .values({ organisation_code: boundary.code, geometry: JSON.stringify(boundary.geometry), source: boundary.source })
      .onConflict((conflict) =>
        conflict.column('organisation_code').doUpdateSet({
          geometry: (eb) => eb.ref('excluded.geometry'),
          source: (eb) => eb.ref('excluded.source'),
        }),
      )
      .execute();
  }
}

/** Whether any boundary is stored yet. */
export async function hasAnyBoundary(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('organisation_boundary').select('organisation_code').limit(1).executeTakeFirst();
  return row !== undefined;
}
