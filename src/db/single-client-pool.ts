import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';

/**
 * A "pool" of one long-lived pg client over PGlite, lent to one caller at a time.
 * PGlite's node-postgres adapter shares a single fake connection: if pg-pool destroys a client after
 * an SQL error and reconnects at once, the next query fails. Keeping one client avoids that race.
 */
export class SingleClientPool implements PostgresPool {
  readonly #client: pg.Client;
  readonly #ready: Promise<void>;
  #tail: Promise<void> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.#client = new pg.Client(createPgConfig(pglite));
    this.#ready = this.#client.connect().then(() => undefined);
  }

  async connect(): Promise<PostgresPoolClient> {
    await this.#ready;
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    const client = this.#client;
    return {
      query: client.query.bind(client),
      release: () => {
        release();
      },
    };
  }

  async end(): Promise<void> {
    await this.#tail;
    await this.#client.end();
  }
}
