import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { installDemoCases } from './demo-cases.ts';
import { installDemoRound } from './demo-round.ts';
import { installDemoAssurance } from './oversight/demo-assurance.ts';
import { installDemoEvidence } from './oversight/demo-evidence.ts';
import { installDemoFinance } from './oversight/demo-finance.ts';
import { installDemoIndicators } from './oversight/demo-indicators.ts';
import { installDemoMeetings } from './oversight/demo-meetings.ts';
import { installDemoSurvey } from './oversight/demo-survey.ts';

/**
 * The demo accounts' work on a newcomer's first start, in the order each part needs the one before: the
 * published round, the special-measures cases it leads to, and the current assurance year's evidence.
 */
export async function installDemoWork(db: Kysely<DB>, now: Date = new Date()): Promise<void> {
  await installDemoRound(db);
  await installDemoCases(db);
  await installDemoSurvey(db, now);
  await installDemoEvidence(db, now);
  await installDemoFinance(db, now);
  await installDemoIndicators(db, now);
  await installDemoAssurance(db, now);
  await installDemoMeetings(db, now);
}
