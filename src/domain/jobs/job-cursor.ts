/** Where a page of the jobs list starts: after this job in newest-first order (submitted, then id). */
export interface JobPosition {
  readonly submittedAt: Date;
  readonly id: string;
}

const POSITION = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The cursor the page, the API and the CLI hand out for "the next page": opaque, so that clients pass it
 * back rather than build one, and URL-safe. Keyset paging needs the whole position, time and id, because
 * several jobs may be submitted in the same millisecond.
 */
export function encodeJobCursor(position: JobPosition): string {
  return Buffer.from(`${position.submittedAt.toISOString()}_${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for; undefined when it is not one that encodeJobCursor gave. */
export function decodeJobCursor(cursor: string): JobPosition | undefined {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const match = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) return undefined;
  const submittedAt = new Date(match[1] ?? '');
  return Number.isNaN(submittedAt.getTime()) ? undefined : { submittedAt, id: match[2] ?? '' };
}
