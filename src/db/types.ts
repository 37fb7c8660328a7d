import pg from 'pg';

// Periods and dates stay 'YYYY-MM-DD' strings: a JS Date at UTC midnight shifts a day in some time zones.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value) => value);
