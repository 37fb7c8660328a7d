-- A round may be an assurance year's year-end assessment: its documents then draw on that year's quarterly
-- assessments, finance returns, 360° survey and special-measures record.
ALTER TABLE rating_round ADD COLUMN assurance_year_id text REFERENCES assurance_year (id);

-- The year-end documents of a rating round: each CCG's annual assessment letter and public assurance report,
-- the national statutory annual assurance report and each region's summary. Each is stored as built: the
-- content (the model every format is rendered from), its HTML page, its workbook and its PDF. Before the
-- round is published a document may be rebuilt; once the round is published its final documents are never
-- rebuilt (a correction is a correction round, whose documents say what they correct).
CREATE TABLE report_document (
  round_id      uuid NOT NULL REFERENCES rating_round (id),
  kind          text NOT NULL CHECK (kind IN ('ccg-assessment-letter', 'ccg-assurance-report', 'national-annual-report', 'region-summary')),
  -- The organisation's code, the region's code, or 'england'.
  subject       text NOT NULL CHECK (length(subject) BETWEEN 1 AND 20),
  -- A draft is watermarked and never public; a final says the date it is published on.
  status        text NOT NULL CHECK (status IN ('draft', 'final')),
  published_on  date,
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 400),
  model         jsonb NOT NULL,
  content_hash  text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  html          text NOT NULL,
  xlsx          bytea NOT NULL,
  -- The PDF, or why it could not be printed (Chromium missing, crashed, or out of time): never both.
  pdf           bytea,
  pdf_problem   text,
  built_by      text NOT NULL,
  built_at      timestamptz NOT NULL,
  PRIMARY KEY (round_id, kind, subject),
  CHECK ((status = 'final') = (published_on IS NOT NULL)),
  CHECK ((pdf IS NULL) <> (pdf_problem IS NULL))
);

-- Building a round's documents is a background job a person starts from the round's reports page.
ALTER TABLE background_job DROP CONSTRAINT background_job_kind_check;
ALTER TABLE background_job ADD CONSTRAINT background_job_kind_check CHECK (kind IN ('indicator-import', 'daily-check', 'report-build'));
