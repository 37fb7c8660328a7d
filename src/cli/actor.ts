import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Actor, SystemActor } from '../domain/identity/actor.ts';
import type { DB } from '../db/schema.ts';
import { actorForAccount } from '../services/identity/account-actor.ts';

/** Whoever runs the command line without naming an account: the operating-system account on this machine. */
export function operatorActor(): SystemActor {
  return { kind: 'system', name: `cli:${osUserName()}@${os.hostname()}` };
}

/**
 * Who the command line acts as: the account named with --as (or ASSURE_AS), whose roles the policy
 * module checks, or else the operator, a system actor the policy lets run and migrate Assure, read
 * public data and create the first administrator, and nothing more.
 */
export async function cliActor(db: Kysely<DB>, asEmail: string | undefined): Promise<Actor> {
  return asEmail === undefined ? operatorActor() : actorForAccount(db, asEmail);
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // A container may run under a uid with no account entry.
    return process.env['USER'] ?? `uid-${String(process.getuid?.() ?? 'unknown')}`;
  }
}
