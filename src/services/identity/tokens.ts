import { createHash, randomBytes } from 'node:crypto';

/** A new session token: 256 random bits, sent to the browser once and never stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for a token: its SHA-256, so a copy of the sessions table signs nobody in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
