import type { ColumnType, Generated } from 'kysely';

// Table types for migrations/0011_directions_and_registry.sql; test/db/schema-drift.test.ts checks them.

/** A `date` column: read as 'YYYY-MM-DD' (see types.ts). */
type DateString = string;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column: read as parsed JSON, written as its JSON text. */
type Json = ColumnType<unknown, string, string>;
type DefaultedJson = ColumnType<unknown, string | undefined, string>;

export interface LegalDirectionTable {
  id: string;
  organisation_code: string;
  title: string;
  legal_basis: string;
  requirements: Json;
  applied_on: DateString;
  variations: DefaultedJson;
  lifted_on: DateString | null;
  lifted_reason: string | null;
  published_on: DateString | null;
  case_id: string | null;
  recorded_by: string;
  recorded_at: DefaultedTimestamp;
}

export interface ResponsibilityTransferTable {
  id: Generated<string>;
  organisation_code: string;
  function: string;
  responsible_body_code: string;
  valid_from: DateString;
  valid_until: DateString | null;
  basis: string;
  case_id: string | null;
  recorded_by: string;
  recorded_at: DefaultedTimestamp;
}

export interface OrganisationMergerTable {
  id: Generated<string>;
  kind: 'merger' | 'absorption';
  successor_code: string;
  effective_on: DateString;
  case_id: string | null;
  recorded_by: string;
  recorded_at: DefaultedTimestamp;
}

export interface OrganisationMergerPredecessorTable {
  predecessor_code: string;
  merger_id: string;
}

export interface DirectionsRegistryTables {
  legal_direction: LegalDirectionTable;
  responsibility_transfer: ResponsibilityTransferTable;
  organisation_merger: OrganisationMergerTable;
  organisation_merger_predecessor: OrganisationMergerPredecessorTable;
}
