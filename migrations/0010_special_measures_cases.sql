-- Special-measures cases (src/domain/special-measures): one row per case holding the whole case record as
-- the pure workflow returns it, the append-only history of its steps, the texts written for the public
-- register, and the evidence the triggers read (concern flags, financial positions, audit findings).

CREATE TABLE special_measures_case (
  id                 uuid PRIMARY KEY,
  organisation_code  text NOT NULL REFERENCES organisation (code),
  region_code        text,
  state              text NOT NULL CHECK (state IN ('proposed', 'in-special-measures', 'external-review', 'director-appointed', 'plan-approved',
                                                    'implementing', 'deadline-review', 'escalated', 'declined', 'exited', 'intervened')),
  -- The case as the domain's SpecialMeasuresCase; the columns beside it repeat what queries filter and sort on.
  record             jsonb NOT NULL,
  -- The organisation's case before this one (re-entry after exit).
  previous_case_id   uuid REFERENCES special_measures_case (id),
  opened_at          timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);

-- At most one case still open per organisation: a return to special measures is a new case after the last closed.
CREATE UNIQUE INDEX special_measures_case_one_open_idx ON special_measures_case (organisation_code)
  WHERE state NOT IN ('declined', 'exited', 'intervened');
CREATE INDEX special_measures_case_organisation_idx ON special_measures_case (organisation_code, opened_at);

-- Every step taken on a case: who, when, why, from which state to which, with the step's other fields.
CREATE TABLE special_measures_case_event (
  case_id      uuid NOT NULL REFERENCES special_measures_case (id),
  sequence     integer NOT NULL CHECK (sequence >= 1),
  step         text NOT NULL,
  from_state   text,
  to_state     text NOT NULL,
  actor_kind   text NOT NULL CHECK (actor_kind IN ('user', 'system', 'anonymous')),
  actor_id     text NOT NULL,
  actor_label  text NOT NULL,
  taken_at     timestamptz NOT NULL,
  reason       text NOT NULL,
  details      jsonb NOT NULL,
  PRIMARY KEY (case_id, sequence)
);

-- A case's history is appended to, never rewritten (as audit_event, a mistake-stopper; the audit chain proves).
CREATE FUNCTION special_measures_case_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'special_measures_case_event is append-only: % is not allowed', TG_OP
    USING HINT = 'A case''s history is never changed; take a new step instead.';
END;
$$;

CREATE TRIGGER special_measures_case_event_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON special_measures_case_event
  FOR EACH STATEMENT EXECUTE FUNCTION special_measures_case_event_refuse_change();

-- Texts for the public register: drafted, then published on a date; once published a text is never changed.
CREATE TABLE special_measures_publication (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id       uuid NOT NULL REFERENCES special_measures_case (id),
  kind          text NOT NULL CHECK (kind IN ('reasons', 'plan-summary', 'progress-update')),
  text          text NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  status        text NOT NULL CHECK (status IN ('draft', 'published')),
  published_on  date,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL,
  CONSTRAINT special_measures_publication_dated CHECK ((status = 'published') = (published_on IS NOT NULL))
);
CREATE INDEX special_measures_publication_case_idx ON special_measures_publication (case_id, created_at);

CREATE FUNCTION special_measures_publication_keep_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'special_measures_publication %: a published text cannot be changed or removed', OLD.id
      USING HINT = 'Publish a new text instead.';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

CREATE TRIGGER special_measures_publication_published_fixed
  BEFORE UPDATE OR DELETE ON special_measures_publication
  FOR EACH ROW EXECUTE FUNCTION special_measures_publication_keep_published();

-- The triggers' evidence beyond published ratings, each row with who recorded it and when.
CREATE TABLE concern_flag (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  flagged_on         date NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('financial', 'operational', 'governance')),
  serious            boolean NOT NULL,
  note               text NOT NULL CHECK (length(note) BETWEEN 1 AND 4000),
  recorded_by        text NOT NULL,
  recorded_at        timestamptz NOT NULL
);
CREATE INDEX concern_flag_organisation_idx ON concern_flag (organisation_code, flagged_on);

-- Planned and forecast surplus (negative: deficit) and allocation, in £ thousands; one report per period end.
CREATE TABLE financial_position (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  period_end         date NOT NULL,
  allocation         double precision NOT NULL CHECK (allocation > 0),
  planned_surplus    double precision NOT NULL,
  forecast_surplus   double precision NOT NULL,
  recorded_by        text NOT NULL,
  recorded_at        timestamptz NOT NULL,
  UNIQUE (organisation_code, period_end)
);

CREATE TABLE audit_finding (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_code         text NOT NULL REFERENCES organisation (code),
  reported_on               date NOT NULL,
  auditor                   text NOT NULL CHECK (auditor IN ('internal', 'external')),
  severity                  text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  about_financial_controls  boolean NOT NULL,
  summary                   text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
  resolved_on               date,
  recorded_by               text NOT NULL,
  recorded_at               timestamptz NOT NULL
);
CREATE INDEX audit_finding_organisation_idx ON audit_finding (organisation_code, reported_on);
