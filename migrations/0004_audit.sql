-- The audit trail: one row per change to data that matters, written by the service layer in the same
-- transaction as the change (src/services/audit.ts). Each row stores the SHA-256 of its predecessor,
-- so altering, removing or reordering rows breaks the chain that `assure audit verify` walks.
-- See docs/audit.md for what the chain proves and what it does not.

CREATE TABLE audit_event (
  -- 1, 2, 3… with no gaps, assigned under the chain lock rather than by an identity column: a rolled-back
  -- transaction leaves a hole in an identity sequence, and here a hole means an event was removed.
  sequence       bigint PRIMARY KEY CHECK (sequence >= 1),
  occurred_at    timestamptz NOT NULL,
  actor_kind     text NOT NULL CHECK (actor_kind IN ('user', 'system', 'anonymous')),
  actor_id       text NOT NULL CHECK (length(actor_id) BETWEEN 1 AND 200),       -- user id, system name or 'anonymous'
  actor_label    text NOT NULL CHECK (length(actor_label) BETWEEN 1 AND 500),    -- who that was, as shown at the time
  action         text NOT NULL CHECK (action ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$'),  -- e.g. organisation.import
  object_type    text NOT NULL CHECK (object_type ~ '^[a-z][a-z0-9-]*$'),
  object_id      text NOT NULL CHECK (length(object_id) BETWEEN 1 AND 200),
  before         jsonb,
  after          jsonb,
  reason         text,
  request_id     text CHECK (length(request_id) <= 200),
  -- Two events can never claim the same predecessor, so concurrent writers cannot fork the chain.
  previous_hash  text NOT NULL UNIQUE CHECK (previous_hash ~ '^[0-9a-f]{64}$'),
  hash           text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);

-- Browsing: the history of one object, the actions of one actor, one kind of action, a date range.
CREATE INDEX audit_event_object_idx ON audit_event (object_type, object_id, sequence);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, sequence);
CREATE INDEX audit_event_action_idx ON audit_event (action, sequence);
CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at);

-- Append-only for everyone who cannot alter the table itself. A table owner or superuser can disable or
-- drop this trigger, so it stops mistakes, not attackers: the hash chain is what proves tampering.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
    USING HINT = 'Audit events are never changed or removed; record a new event instead.';
END;
$$;

CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
