-- The daily check: once a day, whichever Assure instance asks first queues a background job that evaluates the
-- special-measures triggers and the reminders due across every open case, and keeps what it found, so that a
-- regional team sees what is new since the day before and the trail shows when Assure first proposed a CCG.
-- Jobs Assure schedules itself have no starter; only an import is started by a person.
ALTER TABLE background_job DROP CONSTRAINT background_job_kind_check;
ALTER TABLE background_job ADD CONSTRAINT background_job_kind_check CHECK (kind IN ('indicator-import', 'daily-check'));
ALTER TABLE background_job ALTER COLUMN started_by_user_id DROP NOT NULL;
ALTER TABLE background_job ADD CONSTRAINT background_job_starter_check CHECK ((started_by_user_id IS NULL) = (kind = 'daily-check'));
ALTER TABLE background_job DROP CONSTRAINT background_job_state_check;
ALTER TABLE background_job ADD CONSTRAINT background_job_state_check
  CHECK (state IN ('queued', 'running', 'imported', 'unchanged', 'checked', 'rejected', 'failed', 'cancelled', 'completed'));
-- The London day a scheduled job is for: one job of a kind a day, however many instances ask for it at once.
ALTER TABLE background_job ADD COLUMN scheduled_for date;
ALTER TABLE background_job ADD CONSTRAINT background_job_scheduled_check CHECK ((scheduled_for IS NULL) = (started_by_user_id IS NOT NULL));
CREATE UNIQUE INDEX background_job_one_a_day ON background_job (kind, scheduled_for) WHERE scheduled_for IS NOT NULL;

-- What a daily check found: written in the transaction that finishes its job, so a check is wholly kept or not at all.
CREATE TABLE daily_check (
  job_id       uuid PRIMARY KEY REFERENCES background_job (id),
  checked_on   date NOT NULL UNIQUE,
  checked_at   timestamptz NOT NULL,
  -- The organisations the triggers propose, each with its findings (domain/special-measures/triggers.ts TriggerProposal).
  proposals    jsonb NOT NULL,
  -- Of those, the ones the check before this one did not propose.
  newly_proposed text[] NOT NULL,
  -- The overdue and soon-due items on open cases (domain/special-measures/reminders.ts Reminder).
  reminders    jsonb NOT NULL,
  -- Keys of the overdue items the check before this one did not find overdue.
  newly_overdue text[] NOT NULL
);
