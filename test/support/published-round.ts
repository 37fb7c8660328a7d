import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { UserActor } from '../../src/domain/identity/actor.ts';
import { createRound, takeRoundStep } from '../../src/services/rounds.ts';
import { TEST_ANALYST } from './ratings.ts';

/** A committee member outside the accounts table, who signs rounds off and schedules them. */
export const TEST_COMMITTEE: UserActor = {
  kind: 'user',
  userId: 'u-test-committee',
  email: 'committee@test.assure.example',
  displayName: 'Test Committee',
  grants: [{ role: 'committee-member' }],
};

const DAY_MS = 86_400_000;

/**
 * Takes a round of CCG assurance 2015/16 (final-2015) on the demo data through every step, dated over the five
 * weeks before `publishAt`, and schedules it for publication at `publishAt`; returns the round id. The database
 * needs the frameworks and the demo dataset (installRatingData). A correction names the round it corrects, which
 * must be published 35 days before `publishAt`.
 */
export async function publishDemoRound(
  db: Kysely<DB>,
  publishAt: Date,
  title = 'CCG assurance 2015/16, year end',
  corrects?: { readonly roundId: string; readonly note: string },
): Promise<string> {
  const before = (days: number) => new Date(publishAt.getTime() - days * DAY_MS);
  const round = await createRound(db, TEST_ANALYST, { title, frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016', corrects, now: before(35) });
  const roundId = round.record.id;
  await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'open-regional-review', now: before(34) });
  await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'close-regional-review', now: before(30) });
  await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'open-factual-accuracy-check', now: before(29) });
  await takeRoundStep(db, TEST_ANALYST, { roundId, command: 'close-factual-accuracy-check', now: before(8) });
  await takeRoundStep(db, TEST_COMMITTEE, { roundId, command: 'sign-off', now: before(7) });
  await takeRoundStep(db, TEST_COMMITTEE, { roundId, command: 'schedule-publication', publishAt, now: before(6) });
  return roundId;
}
