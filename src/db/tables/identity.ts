import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../domain/identity/actor.ts';

// Table types for migrations/0003_identity.sql; test/db/schema-drift.test.ts checks them.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UserAccountTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  disabled_at: NullableTimestamp;
  failed_sign_ins: Generated<number>;
  last_failed_sign_in: NullableTimestamp;
  locked_until: NullableTimestamp;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface RoleGrantTable {
  id: Generated<string>;
  user_id: string;
  role: Role;
  region_code: string | null;
  region_type: ColumnType<'nhs-england-region', never, never>;
  organisation_code: string | null;
  granted_at: DefaultTimestamp;
}

export interface UserSessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  user_agent: string | null;
  ip_address: string | null;
}

export interface IdentityTables {
  user_account: UserAccountTable;
  role_grant: RoleGrantTable;
  user_session: UserSessionTable;
}
