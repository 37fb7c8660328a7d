import type { ColumnType } from 'kysely';
import type { AuditTables } from './tables/audit.ts';
import type { DirectionsRegistryTables } from './tables/directions-registry.ts';
import type { IdentityTables } from './tables/identity.ts';
import type { ImportTables } from './tables/imports.ts';
import type { OversightTables } from './tables/oversight.ts';
import type { RatingTables } from './tables/ratings.ts';
import type { RoundTables } from './tables/rounds.ts';
import type { SpecialMeasuresTables } from './tables/special-measures.ts';
import type { JobTables } from './tables/jobs.ts';
import type { RateLimitTables } from './tables/rate-limits.ts';
import type { ReportTables } from './tables/reports.ts';

// Hand-written table types; test/db/schema-drift.test.ts checks them against information_schema.

/** A `date` column: read as 'YYYY-MM-DD' (see types.ts). */
type DateString = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type OrganisationType = 'ccg' | 'icb' | 'trust' | 'local-authority' | 'integrated-provider' | 'nhs-england-region';

export interface OrganisationTable {
  code: string;
  ons_code: string | null;
  name: string;
  type: OrganisationType;
  region_code: string | null;
  population: number | null;
  established_on: DateString | null;
  closed_on: DateString | null;
  successor_code: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrganisationPeerTable {
  organisation_code: string;
  rank: number;
  peer_code: string;
}

export interface OrganisationBoundaryTable {
  organisation_code: string;
  geometry: ColumnType<unknown, string, string>;
  source: string;
}

export interface IndicatorValueTable {
  dataset: string;
  organisation_code: string;
  indicator_code: string;
  period_start: DateString;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  period_end: DateString | null;
  lower95: number | null;
  upper95: number | null;
  category: string | null;
  synthetic: ColumnType<boolean, boolean | undefined, boolean>;
  source: string | null;
  /** The import batch the value came from, and its row in that file; null for values loaded otherwise (demo data). */
  import_batch_id: ColumnType<string | null, string | null | undefined, string | null>;
  source_row: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface DB extends IdentityTables, AuditTables, RatingTables, RoundTables, ImportTables, SpecialMeasuresTables, DirectionsRegistryTables, OversightTables, RateLimitTables, JobTables, ReportTables {
  organisation: OrganisationTable;
  organisation_peer: OrganisationPeerTable;
  organisation_boundary: OrganisationBoundaryTable;
  indicator_value: IndicatorValueTable;
}
