-- Assurance through the year (src/domain/oversight): assurance years and the regional teams' quarterly
-- assessments of each component, checkpoint meetings and visits with their agreed actions, monthly finance
-- plan and actual submissions, the 360° stakeholder survey, local evidence documents, the risk model's
-- adopted versions and distressed-economy designations. Every editable record carries a version number: an
-- edit names the version it started from and is refused when someone else changed it first.

-- Free text a person writes (narratives, minutes, reasons) is accepted whole up to 200,000 characters.

-- An assurance year, nationally: its dates (April to March unless configured otherwise) and the framework
-- version whose domains are the components the regional teams assess each quarter.
CREATE TABLE assurance_year (
  id                    text PRIMARY KEY CHECK (id ~ '^[0-9]{4}-[0-9]{2}$'),
  starts_on             date NOT NULL,
  ends_on               date NOT NULL,
  framework_version_id  text NOT NULL REFERENCES framework_version (id),
  opened_by             text NOT NULL,
  opened_at             timestamptz NOT NULL,
  CHECK (ends_on > starts_on)
);

-- The regional team's assessment of one component of one CCG for one quarter of an assurance year.
CREATE TABLE quarterly_assessment (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code      text NOT NULL REFERENCES organisation (code),
  year_id                text NOT NULL REFERENCES assurance_year (id),
  quarter                smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  -- A domain id of the year's framework version, and a level code of that domain's scale.
  component              text NOT NULL,
  level                  text NOT NULL,
  narrative              text NOT NULL CHECK (length(narrative) BETWEEN 1 AND 200000),
  version                integer NOT NULL CHECK (version >= 1),
  updated_by             text NOT NULL,
  updated_at             timestamptz NOT NULL,
  UNIQUE (organisation_code, year_id, quarter, component)
);

-- Every version of every assessment, with who changed it, when and why; appended to, never rewritten.
CREATE TABLE quarterly_assessment_change (
  assessment_id          uuid NOT NULL REFERENCES quarterly_assessment (id),
  version                integer NOT NULL CHECK (version >= 1),
  level                  text NOT NULL,
  narrative              text NOT NULL,
  evidence_document_ids  uuid[] NOT NULL,
  reason                 text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200000),
  changed_by             text NOT NULL,
  changed_at             timestamptz NOT NULL,
  PRIMARY KEY (assessment_id, version)
);

-- A checkpoint meeting or an assurance visit with a CCG: scheduled, then held (attendees, minutes, agreed
-- actions) or cancelled. Its agenda is generated from what changed since the meeting before.
CREATE TABLE checkpoint_meeting (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  kind               text NOT NULL CHECK (kind IN ('checkpoint', 'visit')),
  format             text NOT NULL CHECK (format IN ('face-to-face', 'video', 'teleconference')),
  status             text NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
  scheduled_on       date NOT NULL,
  held_on            date,
  -- The agenda as generated (items with their source and date), and the date it looks back to.
  agenda             jsonb NOT NULL,
  agenda_since       date,
  attendees          jsonb NOT NULL,
  minutes            text NOT NULL CHECK (length(minutes) <= 200000),
  cancelled_reason   text CHECK (length(cancelled_reason) <= 200000),
  version            integer NOT NULL CHECK (version >= 1),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK ((status = 'held') = (held_on IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_reason IS NOT NULL))
);
CREATE INDEX checkpoint_meeting_organisation_idx ON checkpoint_meeting (organisation_code, scheduled_on);

-- An action agreed at a meeting: who owns it, when it is due, where it stands.
CREATE TABLE meeting_action (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id         uuid NOT NULL REFERENCES checkpoint_meeting (id),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 200000),
  owner              text NOT NULL CHECK (length(owner) BETWEEN 1 AND 500),
  due_on             date NOT NULL,
  status             text NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
  version            integer NOT NULL CHECK (version >= 1),
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX meeting_action_organisation_idx ON meeting_action (organisation_code, status, due_on);
CREATE INDEX meeting_action_meeting_idx ON meeting_action (meeting_id);

-- Every version of every action, with who changed it, when and why.
CREATE TABLE meeting_action_change (
  action_id    uuid NOT NULL REFERENCES meeting_action (id),
  version      integer NOT NULL CHECK (version >= 1),
  description  text NOT NULL,
  owner        text NOT NULL,
  due_on       date NOT NULL,
  status       text NOT NULL,
  reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200000),
  changed_by   text NOT NULL,
  changed_at   timestamptz NOT NULL,
  PRIMARY KEY (action_id, version)
);

-- A concern flagged at a checkpoint names the meeting it was raised at.
ALTER TABLE concern_flag ADD COLUMN meeting_id uuid REFERENCES checkpoint_meeting (id);

-- Finance and survey files imported: each file a batch, recognised again by its SHA-256.
CREATE TABLE oversight_import_batch (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind            text NOT NULL CHECK (kind IN ('finance', 'survey')),
  file_name       text NOT NULL CHECK (file_name <> ''),
  file_format     text NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
  file_sha256     text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  row_count       integer NOT NULL CHECK (row_count >= 0),
  -- Rows of earlier batches this file replaced, and why (a resubmission needs a reason).
  replaced_count  integer NOT NULL CHECK (replaced_count >= 0),
  reason          text CHECK (length(reason) <= 200000),
  imported_by     text NOT NULL,
  imported_at     timestamptz NOT NULL,
  CHECK (replaced_count = 0 OR reason IS NOT NULL),
  UNIQUE (kind, file_sha256)
);

-- A CCG's monthly finance return, in £ thousands: its annual allocation and agreed control total (planned
-- surplus, negative for a deficit), the month's planned and actual expenditure, and the full-year forecast.
CREATE TABLE finance_submission (
  organisation_code  text NOT NULL REFERENCES organisation (code),
  month              date NOT NULL CHECK (extract(day FROM month) = 1),
  allocation         double precision NOT NULL CHECK (allocation > 0),
  control_total      double precision NOT NULL,
  plan               double precision NOT NULL CHECK (plan >= 0),
  actual             double precision NOT NULL CHECK (actual >= 0),
  forecast_outturn   double precision NOT NULL CHECK (forecast_outturn >= 0),
  import_batch_id    uuid NOT NULL REFERENCES oversight_import_batch (id),
  source_row         integer NOT NULL CHECK (source_row > 1),
  PRIMARY KEY (organisation_code, month)
);

-- The 360° stakeholder survey of a year: when its fieldwork ended, and its questions as imported.
CREATE TABLE stakeholder_survey (
  survey_year       integer PRIMARY KEY CHECK (survey_year BETWEEN 2000 AND 2100),
  fieldwork_ends_on date NOT NULL,
  import_batch_id   uuid NOT NULL REFERENCES oversight_import_batch (id)
);

CREATE TABLE stakeholder_survey_question (
  survey_year    integer NOT NULL REFERENCES stakeholder_survey (survey_year),
  question_code  text NOT NULL CHECK (question_code ~ '^[A-Za-z0-9_.-]{1,20}$'),
  question_text  text NOT NULL CHECK (length(question_text) BETWEEN 1 AND 2000),
  PRIMARY KEY (survey_year, question_code)
);

-- Per CCG, stakeholder group and question: how many answered, and how many of them positively.
CREATE TABLE stakeholder_survey_result (
  survey_year        integer NOT NULL,
  organisation_code  text NOT NULL REFERENCES organisation (code),
  stakeholder_group  text NOT NULL CHECK (stakeholder_group IN ('gp-members', 'health-and-wellbeing-board', 'healthwatch', 'providers', 'local-authorities', 'other-ccgs')),
  question_code      text NOT NULL,
  positive           integer NOT NULL CHECK (positive >= 0),
  responses          integer NOT NULL CHECK (responses >= positive),
  import_batch_id    uuid NOT NULL REFERENCES oversight_import_batch (id),
  source_row         integer NOT NULL CHECK (source_row > 1),
  PRIMARY KEY (survey_year, organisation_code, stakeholder_group, question_code),
  FOREIGN KEY (survey_year, question_code) REFERENCES stakeholder_survey_question (survey_year, question_code)
);

-- A document a CCG or region relies on (board papers, audit reports, plans), stored whole with its SHA-256.
CREATE TABLE evidence_document (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  kind               text NOT NULL CHECK (kind IN ('board-papers', 'internal-audit', 'external-audit', 'financial-plan', 'operational-plan', 'strategic-plan', 'annual-report', 'other')),
  document_date      date NOT NULL,
  file_name          text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  -- The type read from the file's content, never from its name.
  media_type         text NOT NULL,
  size_bytes         integer NOT NULL CHECK (size_bytes > 0),
  sha256             text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content            bytea NOT NULL,
  added_by           text NOT NULL,
  added_at           timestamptz NOT NULL,
  CHECK (octet_length(content) = size_bytes),
  -- The same file registered twice for one organisation is recognised, not stored twice.
  UNIQUE (organisation_code, sha256)
);
CREATE INDEX evidence_document_organisation_idx ON evidence_document (organisation_code, document_date DESC);

-- What a document is evidence for: an assessment, a meeting or a special-measures case.
CREATE TABLE evidence_link (
  document_id  uuid NOT NULL REFERENCES evidence_document (id),
  target_type  text NOT NULL CHECK (target_type IN ('assessment', 'meeting', 'case')),
  target_id    uuid NOT NULL,
  linked_by    text NOT NULL,
  linked_at    timestamptz NOT NULL,
  PRIMARY KEY (document_id, target_type, target_id)
);
CREATE INDEX evidence_link_target_idx ON evidence_link (target_type, target_id);

-- The risk model's weights and level thresholds, version by version, each adopted by a person with a reason;
-- with none adopted, the domain's documented defaults apply.
CREATE TABLE risk_model (
  version     integer PRIMARY KEY CHECK (version >= 1),
  model       jsonb NOT NULL,
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200000),
  adopted_by  text NOT NULL,
  adopted_at  timestamptz NOT NULL
);

-- A CCG in a distressed health economy gets more frequent assessment, from a date until one (or open-ended).
CREATE TABLE distressed_economy_designation (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  starts_on          date NOT NULL,
  ends_on            date,
  reason             text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200000),
  version            integer NOT NULL CHECK (version >= 1),
  recorded_by        text NOT NULL,
  recorded_at        timestamptz NOT NULL,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX distressed_economy_designation_organisation_idx ON distressed_economy_designation (organisation_code, starts_on);

-- The histories and the adopted risk models are appended to, never rewritten (the audit chain proves it).
CREATE FUNCTION oversight_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING HINT = 'Record a new version instead.';
END;
$$;

CREATE TRIGGER quarterly_assessment_change_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON quarterly_assessment_change
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_history_refuse_change();
CREATE TRIGGER meeting_action_change_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON meeting_action_change
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_history_refuse_change();
CREATE TRIGGER risk_model_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON risk_model
  FOR EACH STATEMENT EXECUTE FUNCTION oversight_history_refuse_change();
