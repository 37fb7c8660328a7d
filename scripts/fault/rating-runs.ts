import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { computeRatings } from '../../src/services/ratings.ts';
import { FAULT_ANALYST } from './actors.ts';
import { auditCounts, auditMismatch, type CheckResult, checkResult } from './audit-counts.ts';

// Rating runs for the fault script: an instance rates the demo dataset again and again; afterwards every
// stored run (the rounds' runs too) must have all its ratings and exactly one audit event, and every audited
// run must be stored.

export const FAULT_RATING_REQUEST = { frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016' } as const;

/** Until killed, rating runs one after another; to finish, the one run a killed instance did not store. */
export async function rateRepeatedly(db: Kysely<DB>, untilKilled: boolean): Promise<void> {
  do await computeRatings(db, FAULT_ANALYST, FAULT_RATING_REQUEST);
  while (untilKilled);
}

export async function checkRatingRuns(db: Kysely<DB>): Promise<{ runs: number; checks: CheckResult[] }> {
  const runs = await db.selectFrom('rating_run').select(['id', 'output', 'output_hash']).execute();
  const ratingRows = await db.selectFrom('rating').select(['run_id', (eb) => eb.fn.countAll<string>().as('count')]).groupBy('run_id').execute();
  const ratings = new Map(ratingRows.map((row) => [row.run_id, Number(row.count)]));
  const audits = await auditCounts(db, 'rating-run');
  const whole: string[] = [];
  const audited: string[] = [];
  for (const run of runs) {
    const organisations = (JSON.parse(run.output) as { organisations: unknown[] }).organisations.length;
    const stored = ratings.get(run.id) ?? 0;
    if (organisations === 0 || stored !== organisations) whole.push(`rating run ${run.id}: ${String(stored)} ratings stored for ${String(organisations)} organisations rated`);
    if (createHash('sha256').update(run.output).digest('hex') !== run.output_hash) whole.push(`rating run ${run.id}: its output does not match its hash`);
    audited.push(...auditMismatch(audits, 'rating-run.compute', run.id, 1, `rating run ${run.id}`));
  }
  const stored = new Set(runs.map((run) => run.id));
  for (const key of audits.keys()) {
    const [action, id = ''] = key.split(' ');
    if (!stored.has(id)) audited.push(`${action ?? ''} audited for rating run ${id}, which is not stored`);
  }
  return {
    runs: runs.length,
    checks: [checkResult('every rating run has all its ratings and its output hash', whole), checkResult('one audit event per stored rating run, none for a run not stored', audited)],
  };
}
