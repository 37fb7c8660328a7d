-- Rating rounds: a framework version applied to a dataset, taken from draft ratings through regional
-- review, national moderation, each CCG's factual-accuracy check and committee sign-off to publication at
-- an embargo time. Steps, proposals, comments and confirmations are appended, never edited away.

CREATE TABLE rating_round (
  id                             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title                          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  framework_version_id           text NOT NULL REFERENCES framework_version (id),
  variant                        text NOT NULL,
  dataset                        text NOT NULL REFERENCES dataset (code),
  stage                          text NOT NULL CHECK (stage IN ('draft', 'regional-review', 'moderation', 'factual-accuracy', 'sign-off', 'approved', 'scheduled')),
  stage_due_at                   timestamptz,
  -- The embargo: nothing of the round is public before this instant.
  publish_at                     timestamptz,
  regional_review_working_days   integer NOT NULL CHECK (regional_review_working_days BETWEEN 1 AND 60),
  factual_accuracy_working_days  integer NOT NULL CHECK (factual_accuracy_working_days BETWEEN 1 AND 60),
  -- The engine's ratings before anyone changed them, and the ratings as they stand now.
  draft_run_id                   uuid NOT NULL REFERENCES rating_run (id),
  current_run_id                 uuid NOT NULL REFERENCES rating_run (id),
  corrects_round_id              uuid REFERENCES rating_round (id),
  correction_note                text,
  created_by                     text NOT NULL,
  created_at                     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT rating_round_scheduled_has_time CHECK ((stage = 'scheduled') = (publish_at IS NOT NULL)),
  CONSTRAINT rating_round_correction_has_note CHECK ((corrects_round_id IS NULL) = (correction_note IS NULL))
);

-- Each step taken, by whom and when: the round's history.
CREATE TABLE round_step (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  round_id    uuid NOT NULL REFERENCES rating_round (id),
  command     text NOT NULL,
  from_stage  text NOT NULL,
  to_stage    text NOT NULL,
  taken_by    text NOT NULL,
  taken_at    timestamptz NOT NULL
);
CREATE INDEX round_step_round_idx ON round_step (round_id, id);

-- A regional lead's proposed change to a CCG's draft rating, and the national moderation decision on it.
CREATE TABLE round_proposal (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id           uuid NOT NULL REFERENCES rating_round (id),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  level              text NOT NULL,
  rationale          text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 4000),
  proposed_by        text NOT NULL,
  proposed_at        timestamptz NOT NULL,
  status             text NOT NULL CHECK (status IN ('proposed', 'accepted', 'rejected')),
  decided_by         text,
  decided_at         timestamptz,
  decision_note      text,
  CONSTRAINT round_proposal_decided CHECK ((status = 'proposed') = (decided_by IS NULL))
);
CREATE INDEX round_proposal_round_idx ON round_proposal (round_id, organisation_code);

-- A CCG's factual-accuracy comment on its own draft, and the response to it.
CREATE TABLE round_comment (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id           uuid NOT NULL REFERENCES rating_round (id),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  body               text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  commented_by       text NOT NULL,
  commented_at       timestamptz NOT NULL,
  response           text CHECK (response IN ('corrected', 'no-change')),
  response_note      text,
  responded_by       text,
  responded_at       timestamptz,
  CONSTRAINT round_comment_answered CHECK ((response IS NULL) = (responded_by IS NULL))
);
CREATE INDEX round_comment_round_idx ON round_comment (round_id, organisation_code);

-- A CCG's confirmation that its draft is factually accurate (it has no comment to make).
CREATE TABLE round_confirmation (
  round_id           uuid NOT NULL REFERENCES rating_round (id),
  organisation_code  text NOT NULL REFERENCES organisation (code),
  confirmed_by       text NOT NULL,
  confirmed_at       timestamptz NOT NULL,
  PRIMARY KEY (round_id, organisation_code)
);
