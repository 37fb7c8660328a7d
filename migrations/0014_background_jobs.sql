-- Work that runs in the background, kept in the database so that any Assure instance shows it to the person
-- who started it and a job outlives the process that took it up. The queue itself (which instance runs a job,
-- when, and its retries) is pg-boss's, in its own schema `pgboss`, created by the library when an instance
-- starts its queue; this table is what people see: what was asked, how far it has gone, what came of it.
CREATE TABLE background_job (
  id                 uuid PRIMARY KEY,
  kind               text NOT NULL CHECK (kind IN ('indicator-import')),
  started_by_user_id uuid NOT NULL REFERENCES user_account (id),
  -- What the job works on, in a few words (an import's file name), for lists.
  subject            text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  -- The job's own inputs (an import's dataset, reason, dry run...), as its kind defines them.
  parameters         jsonb NOT NULL,
  state              text NOT NULL CHECK (state IN ('queued', 'running', 'imported', 'unchanged', 'checked', 'rejected', 'failed', 'cancelled')),
  -- Times the job was taken up: more than one when an instance died during it or a run failed and was retried.
  attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  progress           jsonb NOT NULL,
  -- Finished: an import's batch id or dry-run figures, or a rejected file's problems.
  outcome            jsonb,
  -- Failed: what went wrong, as shown to an administrator (the log has the stack).
  failure            text,
  submitted_at       timestamptz NOT NULL,
  started_at         timestamptz,
  finished_at        timestamptz,
  CHECK ((state IN ('queued', 'running')) = (finished_at IS NULL))
);

-- Lists page newest first with a stable order (keyset on submitted_at, id).
CREATE INDEX background_job_newest ON background_job (submitted_at DESC, id DESC);
CREATE INDEX background_job_starter ON background_job (started_by_user_id, submitted_at DESC, id DESC);

-- An uploaded file a job reads, in parts of at most a few megabytes, so that the instance that runs the job
-- need not be the one that received the upload; deleted once the job has finished.
CREATE TABLE background_job_file (
  job_id uuid NOT NULL REFERENCES background_job (id) ON DELETE CASCADE,
  part   integer NOT NULL CHECK (part >= 0),
  bytes  bytea NOT NULL,
  PRIMARY KEY (job_id, part)
);
