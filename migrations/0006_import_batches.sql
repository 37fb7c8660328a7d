-- Indicator data imports: each file imported is a batch, and every value it brought records its batch
-- and the row it came from, so any value can be traced to the file, its hash, who imported it and when.

CREATE TABLE import_batch (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dataset               text NOT NULL REFERENCES dataset (code),
  file_name             text NOT NULL CHECK (file_name <> ''),
  file_format           text NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
  file_sha256           text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  framework_version_id  text REFERENCES framework_version (id),
  imported_by           text NOT NULL,
  imported_at           timestamptz NOT NULL DEFAULT now(),
  row_count             integer NOT NULL CHECK (row_count >= 0),
  -- Values of earlier batches (or loaded without one) that this file replaced, and why.
  replaced_count        integer NOT NULL DEFAULT 0 CHECK (replaced_count >= 0),
  replaced_batch_ids    uuid[] NOT NULL DEFAULT '{}',
  reason                text,
  CHECK (replaced_count = 0 OR reason IS NOT NULL),
  -- The same file imported into the same dataset again is recognised, not stored twice.
  UNIQUE (dataset, file_sha256)
);

CREATE INDEX import_batch_imported_at_idx ON import_batch (imported_at DESC);

-- Values loaded before imports existed (demo data) have no batch. No foreign key and no index on the
-- batch column: each would cost a bulk load of a million rows seconds (a per-row trigger, a second index to
-- maintain), batches are never deleted, and the importer writes the batch and its values in one transaction.
ALTER TABLE indicator_value
  ADD COLUMN import_batch_id  uuid,
  ADD COLUMN source_row       integer CHECK (source_row > 0),
  ADD CONSTRAINT indicator_value_row_needs_batch CHECK (source_row IS NULL OR import_batch_id IS NOT NULL);
