import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { demoSurveyFileName, generateDemoSurvey } from '../../domain/demo/survey-360.ts';
import { RISING_DEMO_CCGS } from '../../domain/demo/oversight-story.ts';
import { listStakeholderSurveys } from '../../db/repositories/stakeholder-survey.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import type { DB } from '../../db/schema.ts';
import { actorForAccount } from '../identity/account-actor.ts';
import { importSurveyResults } from './survey-import.ts';

// A newcomer's first start shows two years of the 360° stakeholder survey for every CCG of the demo, imported
// by the demo national analyst as any survey is, each file named as synthetic. The later survey's fieldwork
// ended a month before the first start, and in it the CCGs whose risk rises during the demo year (00C, 00D,
// 00J) have stakeholders markedly less positive than England's; a year earlier they were like any other CCG.

const DAY_MS = 86_400_000;
/** The later survey's fieldwork ended this many days before the first start; the earlier one's a year before that. */
const FIELDWORK_DAYS_AGO = 30;
const SEED = 360_2016;
/** A CCG of the registry without a population answers as a CCG of the median size would. */
const TYPICAL_POPULATION = 250_000;

/** Imports the two demo survey years on a database with the demo accounts and CCGs and no survey yet. */
export async function installDemoSurvey(db: Kysely<DB>, now: Date): Promise<void> {
  if ((await listStakeholderSurveys(db)).length > 0) return;
  const analyst = await actorForAccount(db, 'analyst@demo.assure.example');
  const ccgs = [...(await getAllOrganisations(db)).values()]
    .filter((organisation) => organisation.type === 'ccg')
    .map((organisation) => ({ code: organisation.code, population: organisation.population ?? TYPICAL_POPULATION }));
  const latestEnd = londonDate(new Date(now.getTime() - FIELDWORK_DAYS_AGO * DAY_MS));
  const surveys = [
    { fieldworkEndsOn: `${String(Number(latestEnd.slice(0, 4)) - 1)}${latestEnd.slice(4)}`.replace(/-02-29$/, '-02-28'), weaker: [] },
    { fieldworkEndsOn: latestEnd, weaker: RISING_DEMO_CCGS },
  ];
  for (const survey of surveys) {
    const surveyYear = Number(survey.fieldworkEndsOn.slice(0, 4));
    const bytes = Buffer.from(generateDemoSurvey(ccgs, SEED + surveyYear, surveyYear, survey.fieldworkEndsOn, survey.weaker));
    await importSurveyResults(db, analyst, {
      file: {
        fileName: demoSurveyFileName(surveyYear),
        format: 'csv',
        read: async function* () {
          yield bytes;
        },
      },
      at: now,
    });
  }
}
