// Whether an error means the database cannot be reached just now (refused, dropped, shutting down, timed out
// connecting, out of connections), as opposed to a fault in the request or in Assure. Pages answer these with
// 503 and the CLI with exit code 3; the next request tries again, with no restart.

/** Node's network errors when the server is not there or the connection breaks. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** SQLSTATEs: shutting down or starting up, too many connections, authentication or a missing database. */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300', '28P01', '3D000']);
/** What node-postgres and its pool say when a connection ends or cannot be had in time. */
const DRIVER_MESSAGES = [/^Connection terminated/, /timeout exceeded when trying to connect/, /is not queryable/, /^Client was closed and is not queryable/];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) return true;
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}
