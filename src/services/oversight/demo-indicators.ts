import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { demoMonthlyFileName, generateDemoMonthlyIndicators } from '../../domain/demo/monthly-indicators.ts';
import { RISING_DEMO_CCGS } from '../../domain/demo/oversight-story.ts';
import { addMonths } from '../../domain/special-measures/calendar-months.ts';
import { findDataset } from '../../db/repositories/datasets.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { actorForAccount } from '../identity/account-actor.ts';
import { importIndicatorData } from '../import-indicator-data.ts';

// A newcomer's first start imports two years of monthly referral-to-treatment and dementia diagnosis figures for every CCG
// up to the last month ended, through the indicator importer as the demo national analyst, so the risk view
// reads current series through the SPC; the CCGs whose risk rises fall past their lower process limit.

export const DEMO_MONTHLY_DATASET = 'demo-monthly';
const SEED = 127_129;
const TYPICAL_POPULATION = 250_000;

/** Imports the demo's monthly series once, on a database with the demo accounts and the shipped frameworks. */
export async function installDemoIndicators(db: Kysely<DB>, now: Date): Promise<void> {
  if ((await findDataset(db, DEMO_MONTHLY_DATASET)) !== undefined) return;
  const analyst = await actorForAccount(db, 'analyst@demo.assure.example');
  const ccgs = [...(await getAllOrganisations(db)).values()]
    .filter((organisation) => organisation.type === 'ccg' && organisation.closedOn === null)
    .map((organisation) => ({ code: organisation.code, population: organisation.population ?? TYPICAL_POPULATION }));
  const lastMonth = addMonths(`${londonDate(now).slice(0, 7)}-01`, -1);
  const bytes = Buffer.from(generateDemoMonthlyIndicators(ccgs, lastMonth, RISING_DEMO_CCGS, SEED));
  await importIndicatorData(db, {
    actor: analyst,
    file: {
      fileName: demoMonthlyFileName(lastMonth),
      format: 'csv',
      read: async function* () {
        yield bytes;
      },
    },
    dataset: DEMO_MONTHLY_DATASET,
    newDataset: { title: 'Monthly RTT and dementia diagnosis (synthetic demo data)', asOf: addMonths(lastMonth, 1) },
    frameworkVersionId: 'ccg-af-2015-16@1',
  });
}
