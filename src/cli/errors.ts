import { CommanderError } from 'commander';
import { ConfigError } from '../config/env.ts';
import { DatabaseLockedError } from '../db/lock.ts';
import { MigrationError } from '../db/migrate.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { InputError } from '../domain/csv/decode.ts';
import { NotPermittedError } from '../domain/policy/decision.ts';
import { RatingInputError } from '../domain/rating/prepare.ts';
import { ConflictError, NotFoundError } from '../services/errors.ts';
import { AccountNotFoundError } from '../services/identity/errors.ts';
import { CommandNotPermittedError } from './command-policy.ts';

/** Exit codes: 1 for anything unexpected, 2 for bad input or usage, 3 for an unavailable database, 4 when the policy refuses. */
export const EXIT = { failure: 1, badInput: 2, unavailable: 3, notPermitted: 4 } as const;

/** A command that ran to the end and found something wrong (a broken audit trail): its message, exit 1. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
}

/** The message and exit code a CLI failure is reported with; a stack only with --debug. */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof InputError || error instanceof RatingInputError) return { message: error.message, exitCode: EXIT.badInput };
  if (error instanceof ConfigError) return { message: error.message, exitCode: EXIT.badInput };
  if (error instanceof DatabaseLockedError) return { message: error.message, exitCode: EXIT.unavailable };
  if (error instanceof MigrationError) return { message: error.message, exitCode: EXIT.failure };
  if (error instanceof CommandFailure) return { message: error.message, exitCode: EXIT.failure };
  if (error instanceof CommanderError) return { message: error.message, exitCode: EXIT.badInput };
  if (error instanceof CommandNotPermittedError || error instanceof NotPermittedError) return { message: error.message, exitCode: EXIT.notPermitted };
  if (error instanceof AccountNotFoundError) return { message: error.message, exitCode: EXIT.badInput };
  if (error instanceof NotFoundError || error instanceof ConflictError) return { message: error.message, exitCode: EXIT.badInput };
  if (isDatabaseUnavailable(error)) return { message: `Cannot reach the database: ${(error as Error).message}`, exitCode: EXIT.unavailable };
  const code = (error as { code?: unknown }).code;
  if (code === 'EEXIST') {
    return { message: `${(error as Error).message}: nothing was written, as Assure never overwrites a file; name a new one`, exitCode: EXIT.badInput };
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return { message: (error as Error).message, exitCode: EXIT.badInput };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected error: ${message} (run again with --debug for details)`, exitCode: EXIT.failure };
}
