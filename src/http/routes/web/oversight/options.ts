import type { Kysely } from 'kysely';
import type { DB } from '../../../../db/schema.ts';

/** What every oversight route plugin is given: the database and the clock the pages run on. */
export interface OversightRouteOptions {
  readonly db: Kysely<DB>;
  readonly clock: () => Date;
}
