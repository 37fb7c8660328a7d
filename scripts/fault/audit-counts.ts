import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

/** What one kind of work leaves to be checked after the kills: each check's name and what was found wrong. */
export interface CheckResult {
  readonly name: string;
  readonly problems: readonly string[];
}

export function checkResult(name: string, problems: readonly string[]): CheckResult {
  return { name, problems };
}

/** How many audit events each (action, object) pair of one object type has, keyed `action object-id`. */
export async function auditCounts(db: Kysely<DB>, objectType: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('audit_event')
    .select(['action', 'object_id', (eb) => eb.fn.countAll<string>().as('count')])
    .where('object_type', '=', objectType)
    .groupBy(['action', 'object_id'])
    .execute();
  return new Map(rows.map((row) => [`${row.action} ${row.object_id}`, Number(row.count)]));
}

/** Problems where an object's audit events for an action are not exactly `expected` in number. */
export function auditMismatch(counts: ReadonlyMap<string, number>, action: string, objectId: string, expected: number, what: string): string[] {
  const found = counts.get(`${action} ${objectId}`) ?? 0;
  return found === expected ? [] : [`${what}: ${String(found)} ${action} audit events, not ${String(expected)}`];
}
