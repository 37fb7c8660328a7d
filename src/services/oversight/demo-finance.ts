import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { demoFinanceFileName, generateDemoFinance } from '../../domain/demo/finance-returns.ts';
import { RISING_DEMO_CCGS } from '../../domain/demo/oversight-story.ts';
import { assuranceYearDates, assuranceYearOf, yearIdStarting } from '../../domain/oversight/assurance-year.ts';
import { wholeMonthsBetween } from '../../domain/special-measures/calendar-months.ts';
import { listOversightImportBatches } from '../../db/repositories/oversight-import-batches.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { actorForAccount } from '../identity/account-actor.ts';
import { configuredOversight } from './config.ts';
import { importFinanceReturns } from './finance-import.ts';

// A newcomer's first start shows the current assurance year's monthly finance returns for every CCG of the
// demo, up to the last month that has ended, imported by the demo national analyst as any return is, the file
// named as synthetic. In the year's latest months the CCGs whose risk rises (00C, 00D, 00J) overspend and
// forecast a shortfall against their control totals well beyond the financial trigger's 1% of allocation, so
// the trigger proposes them for special measures. In the year's first month, when no month has ended yet,
// the year just ended is shown instead.

const SEED = 2016_04;
/** A CCG of the registry without a population is given a CCG of the median size's allocation. */
const TYPICAL_POPULATION = 250_000;

/** Imports the demo returns on a database with the demo accounts and CCGs and no finance return yet. */
export async function installDemoFinance(db: Kysely<DB>, now: Date): Promise<void> {
  if ((await listOversightImportBatches(db, 'finance', 1)).length > 0) return;
  const analyst = await actorForAccount(db, 'analyst@demo.assure.example');
  const { yearStartMonth } = await configuredOversight();
  const today = londonDate(now);
  const current = assuranceYearOf(today, yearStartMonth);
  const ended = wholeMonthsBetween(current.startsOn, `${today.slice(0, 7)}-01`);
  const year = ended > 0 ? current : assuranceYearDates(yearIdStarting(Number(current.startsOn.slice(0, 4)) - 1), yearStartMonth);
  const ccgs = [...(await getAllOrganisations(db)).values()]
    .filter((organisation) => organisation.type === 'ccg')
    .map((organisation) => ({ code: organisation.code, population: organisation.population ?? TYPICAL_POPULATION }));
  const bytes = Buffer.from(generateDemoFinance(ccgs, SEED + Number(year.id.slice(0, 4)), year.startsOn, ended > 0 ? ended : 12, RISING_DEMO_CCGS));
  await importFinanceReturns(
    db,
    analyst,
    {
      file: {
        fileName: demoFinanceFileName(year.id),
        format: 'csv',
        read: async function* () {
          yield bytes;
        },
      },
      at: now,
    },
    { yearStartMonth },
  );
}
