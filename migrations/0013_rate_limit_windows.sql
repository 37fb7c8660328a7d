-- Rate-limit windows kept in the database, so that every Assure instance on one PostgreSQL server counts a
-- client's requests together (the embedded engine, one process, counts in memory and never writes here).
-- One row per client address and limited route: when its window began and the requests in it.
CREATE TABLE rate_limit_window (
  key text PRIMARY KEY,
  started_at timestamptz NOT NULL,
  hits integer NOT NULL CHECK (hits > 0)
);

-- Windows long over are deleted by the instances as they count (repositories/rate-limits.ts).
CREATE INDEX rate_limit_window_started_at ON rate_limit_window (started_at);
