import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

/** Sends rows, already in COPY's text format, into a table within the caller's transaction. */
export type CopyIn = (table: string, columns: readonly string[], text: string) => Promise<void>;

/** Runs `work` in one transaction whose connection also takes COPY: all of it commits, or none. */
export type CopyTransaction = <T>(work: (trx: Transaction<DB>, copyIn: CopyIn) => Promise<T>) => Promise<T>;

// COPY needs the transaction's own connection, which Kysely does not lend out, so each engine's opener
// (src/db/connect.ts) says how to run such a transaction for the handles it makes.
const copyTransactions = new WeakMap<Kysely<DB>, CopyTransaction>();

export function enableCopyIn(db: Kysely<DB>, transaction: CopyTransaction): void {
  copyTransactions.set(db, transaction);
}

export function transactionWithCopyIn<T>(db: Kysely<DB>, work: (trx: Transaction<DB>, copyIn: CopyIn) => Promise<T>): Promise<T> {
  const transaction = copyTransactions.get(db);
  if (transaction === undefined) throw new Error('This database handle cannot COPY: open it with openDatabase or fromPGlite (src/db/connect.ts).');
  return transaction(work);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text field in COPY's text format: \N for null; backslash, tab and line breaks escaped. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character] ?? character) : value;
}

/** A number field in COPY's text format: \N for null. */
export function copyNumber(value: number | null): string {
  return value === null ? '\\N' : String(value);
}
