-- Indicator values arrive a million rows at a time (COPY from the importer). Two things made each row dear:
--   * the row-level foreign keys to organisation and dataset fire one trigger per row; measured with COPY
--     of 1,000,000 rows on PostgreSQL 15, they took 22.7 s of a 28 s load;
--   * a surrogate id nobody reads (a sequence call and a second index per row).
-- The references are now checked once per statement, set-wise, over the statement's transition table, and the
-- natural key is the primary key. The checks keep what the foreign keys promised: no value names an
-- organisation or dataset that does not exist, and neither can be deleted (or renamed) while values name it.

ALTER TABLE indicator_value
  DROP CONSTRAINT indicator_value_organisation_code_fkey,
  DROP CONSTRAINT indicator_value_dataset_fkey,
  DROP CONSTRAINT indicator_value_dataset_indicator_code_organisation_code_pe_key,
  DROP CONSTRAINT indicator_value_pkey,
  DROP COLUMN id,
  -- Organisation before indicator: an organisation's series (the scorecard's trends) is one range of the key.
  ADD CONSTRAINT indicator_value_pkey PRIMARY KEY (dataset, organisation_code, indicator_code, period_start);

CREATE FUNCTION indicator_value_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing text;
BEGIN
  -- Key-share locks on what the statement references, as a foreign key takes, so none is removed before commit.
  PERFORM 1 FROM organisation WHERE code IN (SELECT DISTINCT organisation_code FROM added) FOR KEY SHARE;
  SELECT codes.organisation_code INTO missing
  FROM (SELECT DISTINCT organisation_code FROM added) AS codes
  WHERE NOT EXISTS (SELECT 1 FROM organisation WHERE organisation.code = codes.organisation_code)
  LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'indicator_value names organisation "%", which does not exist', missing USING ERRCODE = 'foreign_key_violation';
  END IF;

  PERFORM 1 FROM dataset WHERE code IN (SELECT DISTINCT dataset FROM added) FOR KEY SHARE;
  SELECT codes.dataset INTO missing
  FROM (SELECT DISTINCT dataset FROM added) AS codes
  WHERE NOT EXISTS (SELECT 1 FROM dataset WHERE dataset.code = codes.dataset)
  LIMIT 1;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'indicator_value names dataset "%", which does not exist', missing USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER indicator_value_references_after_insert AFTER INSERT ON indicator_value
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION indicator_value_check_references();
CREATE TRIGGER indicator_value_references_after_update AFTER UPDATE ON indicator_value
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION indicator_value_check_references();

-- An organisation or dataset code that is gone after a delete or update must not be named by any value.
-- The argument is the indicator_value column that names the table's code.
CREATE FUNCTION refuse_removing_code_values_name() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  gone text;
  named boolean;
BEGIN
  FOR gone IN EXECUTE format('SELECT DISTINCT removed.code FROM removed WHERE NOT EXISTS (SELECT 1 FROM %I AS kept WHERE kept.code = removed.code)', TG_TABLE_NAME) LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM indicator_value WHERE %I = $1)', TG_ARGV[0]) INTO named USING gone;
    IF named THEN
      RAISE EXCEPTION '% "%" cannot be removed: indicator values name it', TG_TABLE_NAME, gone USING ERRCODE = 'foreign_key_violation';
    END IF;
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER organisation_removal_after_delete AFTER DELETE ON organisation
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_code_values_name('organisation_code');
CREATE TRIGGER organisation_removal_after_update AFTER UPDATE ON organisation
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_code_values_name('organisation_code');
CREATE TRIGGER dataset_removal_after_delete AFTER DELETE ON dataset
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_code_values_name('dataset');
CREATE TRIGGER dataset_removal_after_update AFTER UPDATE ON dataset
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION refuse_removing_code_values_name('dataset');
