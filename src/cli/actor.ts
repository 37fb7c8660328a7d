import os from 'node:os';
import type { SystemActor } from '../domain/identity/actor.ts';

/**
 * Who the command line acts as. For now the operating-system account on this machine, recorded as a
 * system actor; this is the one place to change when the CLI signs in as a user.
 */
export function cliActor(): SystemActor {
  return { kind: 'system', name: `cli:${osUserName()}@${os.hostname()}` };
}

function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // A container may run under a uid with no account entry.
    return process.env['USER'] ?? `uid-${String(process.getuid?.() ?? 'unknown')}`;
  }
}
