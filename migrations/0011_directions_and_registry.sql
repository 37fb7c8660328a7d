-- The register of legal directions and the responsibility registry (who commissions what for whom): what
-- decided special-measures interventions change, kept as dated records so any past date can be answered.
-- A case id names the special-measures case that decided the change, when one did.

-- NHS England's legal directions to a CCG (s.14Z21 NHS Act 2006). Requirements and variations are the domain's
-- shapes (src/domain/special-measures/directions.ts), checked there and stored whole as JSON.
CREATE TABLE legal_direction (
  id                 text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  legal_basis        text NOT NULL CHECK (length(legal_basis) BETWEEN 1 AND 100),
  requirements       jsonb NOT NULL,
  applied_on         date NOT NULL,
  variations         jsonb NOT NULL DEFAULT '[]',
  lifted_on          date,
  lifted_reason      text CHECK (length(lifted_reason) BETWEEN 1 AND 4000),
  -- The day the direction went on the public register; null while it is not there.
  published_on       date,
  case_id            uuid REFERENCES special_measures_case (id),
  recorded_by        text NOT NULL,
  recorded_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT legal_direction_lift_has_reason CHECK ((lifted_on IS NULL) = (lifted_reason IS NULL)),
  CONSTRAINT legal_direction_lifted_after_applied CHECK (lifted_on IS NULL OR lifted_on > applied_on)
);
CREATE INDEX legal_direction_organisation_idx ON legal_direction (organisation_code, applied_on);

-- Another body performing a commissioning function for an organisation's population, from valid_from up to
-- the day before valid_until (null: until further notice).
CREATE TABLE responsibility_transfer (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_code      text NOT NULL REFERENCES organisation (code),
  function               text NOT NULL CHECK (function IN ('acute-commissioning', 'community-services-commissioning', 'mental-health-commissioning',
                                                           'primary-care-commissioning', 'continuing-healthcare', 'urgent-and-emergency-care-commissioning')),
  responsible_body_code  text NOT NULL REFERENCES organisation (code),
  valid_from             date NOT NULL,
  valid_until            date,
  basis                  text NOT NULL CHECK (length(basis) BETWEEN 1 AND 1000),
  case_id                uuid REFERENCES special_measures_case (id),
  recorded_by            text NOT NULL,
  recorded_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT responsibility_transfer_to_another_body CHECK (responsible_body_code <> organisation_code),
  CONSTRAINT responsibility_transfer_ends_after_start CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE INDEX responsibility_transfer_organisation_idx ON responsibility_transfer (organisation_code, function, valid_from);

-- Predecessors' populations served by a successor from effective_on: a 'merger' creates the successor, an
-- 'absorption' (a dissolution) hands them to a body that already existed.
CREATE TABLE organisation_merger (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('merger', 'absorption')),
  successor_code  text NOT NULL REFERENCES organisation (code),
  effective_on    date NOT NULL,
  case_id         uuid REFERENCES special_measures_case (id),
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisation_merger_creates_once ON organisation_merger (successor_code) WHERE kind = 'merger';

-- An organisation becomes part of another once: the key makes a second merger of the same predecessor impossible.
CREATE TABLE organisation_merger_predecessor (
  predecessor_code  text PRIMARY KEY REFERENCES organisation (code),
  merger_id         bigint NOT NULL REFERENCES organisation_merger (id)
);
CREATE INDEX organisation_merger_predecessor_merger_idx ON organisation_merger_predecessor (merger_id);
