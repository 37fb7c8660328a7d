-- Identity: local accounts, role grants with their scope, and database-backed sessions.

CREATE TABLE user_account (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email                 text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
  display_name          text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash         text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),  -- argon2id PHC string
  must_change_password  boolean NOT NULL DEFAULT false,
  disabled_at           timestamptz,
  -- Sign-in throttling: failures since the last success, and the lock they led to (see src/domain/identity/lockout.ts).
  failed_sign_ins       integer NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  last_failed_sign_in   timestamptz,
  locked_until          timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- One account per address whatever its case: Jo@nhs.net and jo@nhs.net are the same person.
CREATE UNIQUE INDEX user_account_email_key ON user_account (lower(email));

-- A role's scope must point at the right kind of organisation: a region code at an NHS England
-- region. The constant scope-type column lets a plain foreign key check the organisation's type.
ALTER TABLE organisation ADD CONSTRAINT organisation_code_type_key UNIQUE (code, type);

CREATE TABLE role_grant (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id            uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
  role               text NOT NULL CHECK (role IN ('national-analyst', 'committee-member', 'regional-lead', 'ccg-user', 'auditor', 'admin')),
  region_code        text,
  region_type        text NOT NULL DEFAULT 'nhs-england-region' CHECK (region_type = 'nhs-england-region'),
  organisation_code  text REFERENCES organisation (code),
  granted_at         timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (region_code, region_type) REFERENCES organisation (code, type),
  CHECK ((role = 'regional-lead') = (region_code IS NOT NULL)),
  CHECK ((role = 'ccg-user') = (organisation_code IS NOT NULL))
);

CREATE UNIQUE INDEX role_grant_unique_idx ON role_grant (user_id, role, coalesce(region_code, ''), coalesce(organisation_code, ''));

-- Sessions: the cookie carries a random token; only its SHA-256 is stored, so a copy of this table
-- cannot be used to sign in. Revoking sets revoked_at; the row stays for the user's own session list.
CREATE TABLE user_session (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash    text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  user_id       uuid NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  user_agent    text CHECK (length(user_agent) <= 500),
  ip_address    text CHECK (length(ip_address) <= 100)
);

CREATE INDEX user_session_user_idx ON user_session (user_id);
