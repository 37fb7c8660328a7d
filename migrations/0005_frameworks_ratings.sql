-- Frameworks as data, the datasets they are applied to, and the ratings the engine computes.

-- A framework version as loaded: the file as written (for display and download) and its parsed
-- definition (what the engine reads). A version used by a published rating never changes; a changed
-- file must carry a new version number.
CREATE TABLE framework_version (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]*@[1-9][0-9]*$'),  -- '<framework>@<version>'
  framework_id  text NOT NULL,
  version       integer NOT NULL CHECK (version > 0),
  title         text NOT NULL,
  file_name     text NOT NULL,
  source_text   text NOT NULL,
  definition    jsonb NOT NULL,
  content_hash  text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  loaded_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (framework_id, version)
);

-- A named set of indicator values and judgements to rate on (a year's data, a demo set).
CREATE TABLE dataset (
  code        text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
  title       text NOT NULL,
  as_of       date NOT NULL,
  synthetic   boolean NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO dataset (code, title, as_of, synthetic)
SELECT DISTINCT dataset, dataset, current_date, false FROM indicator_value;

ALTER TABLE indicator_value
  ADD COLUMN period_end  date,
  ADD COLUMN lower95     double precision,
  ADD COLUMN upper95     double precision,
  ADD COLUMN category    text,
  ADD COLUMN synthetic   boolean NOT NULL DEFAULT false,
  ADD COLUMN source      text,
  ADD CONSTRAINT indicator_value_dataset_fkey FOREIGN KEY (dataset) REFERENCES dataset (code),
  ADD CONSTRAINT indicator_value_period_order CHECK (period_end IS NULL OR period_end >= period_start);

-- A judgement recorded by people for one organisation in one dataset (a level code, true/false for a
-- flag, or not-applicable).
CREATE TABLE judgement (
  dataset            text NOT NULL REFERENCES dataset (code),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  judgement_code     text NOT NULL,
  value              text NOT NULL,
  recorded_by        text NOT NULL,
  rationale          text,
  synthetic          boolean NOT NULL DEFAULT false,
  PRIMARY KEY (dataset, organisation_code, judgement_code)
);

-- One run of the rating engine: what went in (framework version, rule variant, dataset, input hash,
-- engine version) and, byte for byte, what came out.
CREATE TABLE rating_run (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  framework_version_id  text NOT NULL REFERENCES framework_version (id),
  variant               text NOT NULL,
  dataset               text NOT NULL REFERENCES dataset (code),
  as_of                 date NOT NULL,
  engine_version        text NOT NULL,
  input_hash            text NOT NULL CHECK (input_hash ~ '^[0-9a-f]{64}$'),
  output                text NOT NULL,
  output_hash           text NOT NULL CHECK (output_hash ~ '^[0-9a-f]{64}$'),
  created_at            timestamptz NOT NULL DEFAULT now(),
  created_by            text NOT NULL,
  published_at          timestamptz
);

CREATE INDEX rating_run_framework_idx ON rating_run (framework_version_id);

-- Each organisation's rating within a run, with its explanation trace, for lookup by organisation.
CREATE TABLE rating (
  run_id             uuid NOT NULL REFERENCES rating_run (id),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  headline           text,
  explanation        jsonb NOT NULL,
  PRIMARY KEY (run_id, organisation_code)
);

CREATE INDEX rating_organisation_idx ON rating (organisation_code);
