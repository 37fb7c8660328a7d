import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { insertDataset } from '../../src/db/repositories/datasets.ts';
import { insertIndicatorValues, toIndicatorValueColumns, type IndicatorValueRow } from '../../src/db/repositories/indicator-values.ts';
import { insertConcernFlag } from '../../src/db/repositories/special-measures-evidence.ts';
import type { DB } from '../../src/db/schema.ts';
import { installShippedFrameworks } from '../../src/services/frameworks.ts';
import { importFinanceReturns } from '../../src/services/oversight/finance-import.ts';
import { importSurveyResults } from '../../src/services/oversight/survey-import.ts';
import { testUser } from './identity.ts';

// The risk view's evidence for tests, on 30 June 2016 (a month before: 30 May 2016). 02N (region Y54) worsens
// through June: its RTT series falls below the lower limit in June, its May finance return overspends and
// forecasts a deficit, a serious financial concern is flagged on 20 June, the regional team assesses its
// first quarter (sustainability red, better care requires improvement), and its last checkpoint was held on
// 20 May. 02T has a steady series, the survey, and is in a distressed health economy. 02N, 02T and 10A answered
// the 360° survey (the example file). Every other CCG has no data.

export const RISK_AS_OF = '2016-06-30';
export const RISK_DATASET = 'risk-test';

const STEADY = [90, 91, 90, 92, 91, 90, 91, 92, 90, 91, 90, 92, 91, 90, 91, 92, 90, 91, 90, 91, 92, 91, 90];

function monthly(organisationCode: string, percents: readonly number[]): IndicatorValueRow[] {
  return percents.map((percent, index) => {
    const start = new Date(Date.UTC(2014, 6 + index, 1));
    const end = new Date(Date.UTC(2014, 7 + index, 0));
    return {
      organisationCode,
      indicatorCode: '129a',
      periodStart: start.toISOString().slice(0, 10),
      periodEnd: end.toISOString().slice(0, 10),
      numerator: percent * 100,
      denominator: 10_000,
      value: null,
      lower95: null,
      upper95: null,
      category: null,
      synthetic: true,
      source: 'risk test',
    };
  });
}

function csvFile(fileName: string, text: string) {
  const bytes = Buffer.from(text);
  return {
    fileName,
    format: 'csv' as const,
    read: async function* read() {
      yield bytes;
    },
  };
}

const FINANCE = [
  'organisation_code,month,allocation,control_total,plan,actual,forecast_outturn',
  '02N,2016-04,400000,4000,33000,33000,396000',
  '02N,2016-05,400000,4000,33000,35000,402000',
].join('\n');

export async function installRiskFixtures(db: Kysely<DB>): Promise<void> {
  const analyst = testUser('risk-fixtures', { role: 'national-analyst' });
  await installShippedFrameworks(db);
  await insertDataset(db, { code: RISK_DATASET, title: 'Risk test series', asOf: RISK_AS_OF, synthetic: true });
  await insertIndicatorValues(db, toIndicatorValueColumns(RISK_DATASET, [...monthly('02N', [...STEADY, 70]), ...monthly('02T', [...STEADY, 91])]));
  await importFinanceReturns(db, analyst, { file: csvFile('finance.csv', FINANCE), at: new Date('2016-07-05T09:00:00Z') });
  const survey = readFileSync(new URL('../fixtures/oversight/survey-example.csv', import.meta.url), 'utf8');
  await importSurveyResults(db, analyst, { file: csvFile('survey-example.csv', survey), at: new Date('2016-05-03T09:00:00Z') });
  const by = { recordedBy: 'risk-fixtures', recordedAt: new Date('2016-06-20T12:00:00Z') };
  await insertConcernFlag(db, '02N', { on: '2016-06-20', kind: 'financial', serious: true, note: 'QIPP savings far behind plan.' }, by);
  await db
    .insertInto('assurance_year')
    .values({ id: '2016-17', starts_on: '2016-04-01', ends_on: '2017-03-31', framework_version_id: 'ccg-iaf-2016-17@1', opened_by: 'risk-fixtures', opened_at: new Date('2016-04-01T09:00:00Z') })
    .execute();
  for (const [component, level] of [
    ['sustainability', 'red'],
    ['better-care', 'requires-improvement'],
  ] as const) {
    await db
      .insertInto('quarterly_assessment')
      .values({ organisation_code: '02N', year_id: '2016-17', quarter: 1, component, level, narrative: 'Assessed for the risk tests.', version: 1, updated_by: 'risk-fixtures', updated_at: new Date('2016-07-01T09:00:00Z') })
      .execute();
  }
  await db
    .insertInto('distressed_economy_designation')
    .values({ organisation_code: '02T', starts_on: '2016-04-01', ends_on: null, reason: 'A distressed local health economy.', version: 1, recorded_by: 'risk-fixtures', recorded_at: new Date('2016-04-01T09:00:00Z') })
    .execute();
  await db
    .insertInto('checkpoint_meeting')
    .values({
      organisation_code: '02N',
      kind: 'checkpoint',
      format: 'video',
      status: 'held',
      scheduled_on: '2016-05-20',
      held_on: '2016-05-20',
      agenda: '[]',
      agenda_since: null,
      attendees: '[]',
      minutes: 'Held for the risk tests.',
      cancelled_reason: null,
      version: 1,
      created_by: 'risk-fixtures',
      created_at: new Date('2016-05-20T09:00:00Z'),
      updated_by: 'risk-fixtures',
      updated_at: new Date('2016-05-20T09:00:00Z'),
    })
    .execute();
}
