-- The organisation registry: every body Assure assures or refers to, with its peer group and boundary.

CREATE TABLE organisation (
  code            text PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{3,6}$'),            -- ODS code, e.g. 02N
  ons_code        text UNIQUE CHECK (ons_code ~ '^[EWSN][0-9]{8}$'),             -- ONS code, e.g. E38000001
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type            text NOT NULL CHECK (type IN ('ccg', 'icb', 'trust', 'local-authority', 'integrated-provider', 'nhs-england-region')),
  region_code     text REFERENCES organisation (code) DEFERRABLE INITIALLY DEFERRED,
  population      integer CHECK (population >= 0),
  established_on  date,
  closed_on       date,
  successor_code  text REFERENCES organisation (code) DEFERRABLE INITIALLY DEFERRED,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (closed_on IS NULL OR established_on IS NULL OR closed_on >= established_on),
  CHECK (successor_code IS NULL OR successor_code <> code),
  CHECK (region_code IS NULL OR region_code <> code)
);

CREATE INDEX organisation_region_idx ON organisation (region_code);
CREATE INDEX organisation_lower_name_idx ON organisation (lower(name));

-- The peer group: an organisation's most similar organisations, in rank order (1 = most similar).
CREATE TABLE organisation_peer (
  organisation_code  text NOT NULL REFERENCES organisation (code) ON DELETE CASCADE,
  rank               smallint NOT NULL CHECK (rank BETWEEN 1 AND 50),
  peer_code          text NOT NULL REFERENCES organisation (code) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (organisation_code, rank),
  UNIQUE (organisation_code, peer_code),
  CHECK (peer_code <> organisation_code)
);

-- Boundaries as GeoJSON geometry (WGS84), for maps.
CREATE TABLE organisation_boundary (
  organisation_code  text PRIMARY KEY REFERENCES organisation (code) ON DELETE CASCADE,
  geometry           jsonb NOT NULL,
  source             text NOT NULL
);
