-- Indicator values as imported: one row per organisation, indicator and period.
CREATE TABLE indicator_value (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dataset            text NOT NULL,
  organisation_code  text NOT NULL REFERENCES organisation (code),
  indicator_code     text NOT NULL,
  period_start       date NOT NULL,
  numerator          double precision,
  denominator        double precision,
  value              double precision,
  UNIQUE (dataset, indicator_code, organisation_code, period_start)
);
