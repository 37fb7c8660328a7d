import pg from 'pg';

// Periods and dates stay 'YYYY-MM-DD' strings: a JS Date at UTC midnight shifts a day in some time zones.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
