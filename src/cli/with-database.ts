import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config/env.ts';
import type { Actor } from '../domain/identity/actor.ts';
import type { DB } from '../db/schema.ts';
import { openReadyDatabase } from '../services/bootstrap.ts';
import { closeParsingPool } from '../services/import-parsing/pool.ts';
import { cliActor } from './actor.ts';
import { assertCommandAllowed, commandPath } from './command-policy.ts';

/**
 * Runs a CLI command's work against the configured database, migrated and seeded, and closes it:
 * as the account named with --as (or the operator), once the policy module allows the command.
 * On the embedded database this takes the directory lock, so it fails clearly while a server runs.
 */
export async function withDatabase<T>(command: Command, work: (db: Kysely<DB>, actor: Actor) => Promise<T>): Promise<T> {
  const path = commandPath(command);
  const { database } = await openReadyDatabase(loadConfig(), `assure ${path}`);
  try {
    const actor = await cliActor(database.db, command.optsWithGlobals<{ as?: string }>().as);
    assertCommandAllowed(path, actor);
    return await work(database.db, actor);
  } finally {
    await closeParsingPool();
    await database.close();
  }
}
