import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type CopyTransaction, quoteIdentifier } from './copy-in.ts';
import type { DB } from './schema.ts';

function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `COPY ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) FROM ${source}`;
}

/** Kysely over one checked-out client, which stays the caller's to release. */
function overClient(client: pg.PoolClient): Kysely<DB> {
  const pool: PostgresPool = {
    connect: () => Promise.resolve({ query: client.query.bind(client), release: () => undefined }),
    end: () => Promise.resolve(),
  };
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** PostgreSQL: a client of its own for the transaction, and COPY … FROM STDIN streamed over it. */
export function postgresCopyTransaction(pool: pg.Pool): CopyTransaction {
  return async (work) => {
    const client = await pool.connect();
    const db = overClient(client);
    let failed = false;
    try {
      return await db.transaction().execute((trx) =>
        work(trx, (table, columns, text) => pipeline(Readable.from([text]), client.query(copyFrom(copyStatement(table, columns, 'STDIN'))))),
      );
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      await db.destroy();
      // A connection whose transaction failed may have failed mid-COPY: the pool must not lend it again.
      client.release(failed);
    }
  };
}

/** PGlite: one session, so the Kysely transaction and a COPY from PGlite's /dev/blob share it. */
export function pgliteCopyTransaction(db: Kysely<DB>, pglite: PGlite): CopyTransaction {
  return (work) =>
    db.transaction().execute((trx) =>
      work(trx, async (table, columns, text) => {
        await pglite.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([text]) });
      }),
    );
}
