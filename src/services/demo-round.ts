import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { listRounds } from '../db/repositories/rounds.ts';
import { actorForAccount } from './identity/account-actor.ts';
import { createRound, takeRoundStep } from './rounds.ts';

// A newcomer's first start shows a published scorecard at once: the demo national analyst and committee
// member take a round on the demo data through every step to publication. The steps are dated over five
// weeks ending about two years before the first start, so that the demo special-measures cases that follow
// from its ratings (demo-cases.ts, up to two years long) come after it. Each step's real time is in the audit
// trail, and the title says the data are synthetic.

const DAY_MS = 86_400_000;
/** How many days before the first start the demo round's five-week timetable ends (it is published the day before). */
const PUBLISHED_DAYS_AGO = 760;

export const DEMO_ROUND_TITLE = 'Demo: CCG assurance 2015/16 year end (synthetic data)';

/** Publishes the demo round on a database that has the demo accounts and data and no round yet; returns its id. */
export async function installDemoRound(db: Kysely<DB>, now: Date = new Date()): Promise<string | undefined> {
  if ((await listRounds(db)).length > 0) return undefined;
  const analyst = await actorForAccount(db, 'analyst@demo.assure.example');
  const committee = await actorForAccount(db, 'committee@demo.assure.example');
  const daysAgo = (days: number) => new Date(now.getTime() - (PUBLISHED_DAYS_AGO + days) * DAY_MS);
  const round = await createRound(db, analyst, { title: DEMO_ROUND_TITLE, frameworkVersionId: 'ccg-af-2015-16@1', variant: 'final-2015', dataset: 'demo-2016', now: daysAgo(35) });
  const roundId = round.record.id;
  await takeRoundStep(db, analyst, { roundId, command: 'open-regional-review', now: daysAgo(34) });
  await takeRoundStep(db, analyst, { roundId, command: 'close-regional-review', now: daysAgo(30) });
  await takeRoundStep(db, analyst, { roundId, command: 'open-factual-accuracy-check', now: daysAgo(29) });
  await takeRoundStep(db, analyst, { roundId, command: 'close-factual-accuracy-check', now: daysAgo(8) });
  await takeRoundStep(db, committee, { roundId, command: 'sign-off', now: daysAgo(7) });
  await takeRoundStep(db, committee, { roundId, command: 'schedule-publication', publishAt: daysAgo(1), now: daysAgo(6) });
  return roundId;
}
