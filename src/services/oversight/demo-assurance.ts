import type { Kysely } from 'kysely';
import { londonDate } from '../../domain/calendar/london-time.ts';
import { RISING_DEMO_CCGS } from '../../domain/demo/oversight-story.ts';
import { assuranceYearOf } from '../../domain/oversight/assurance-year.ts';
import { listAssuranceYears } from '../../db/repositories/assurance-years.ts';
import type { DB } from '../../db/schema.ts';
import { actorForAccount } from '../identity/account-actor.ts';
import { recordAssessment } from './assessments.ts';
import { openAssuranceYear } from './assurance-years.ts';
import { configuredOversight } from './config.ts';

// A newcomer's first start opens the assurance year the day falls in, on the CCG assurance framework's five
// components, and shows the demo regional lead's quarterly assessments of a few CCGs of the North (Y54) for
// each quarter that has ended: most steady, and the CCGs whose risk rises slipping quarter by quarter.

const FRAMEWORK_VERSION = 'ccg-af-2015-16@1';

/** The other CCGs of the North the demo assesses: the demo CCG user's own (02N) and a few of its neighbours. */
const STEADY_DEMO_CCGS = ['02N', '02R', '02W', '03A', '03J', '03R', '02T'];

const STEADY_NARRATIVE: Readonly<Record<string, string>> = {
  'well-led': 'Governing body stable; the 360° survey is in line with similar CCGs. Conflicts of interest register up to date.',
  performance: 'Constitution standards broadly met; referral to treatment within tolerance. Discussed at the checkpoint.',
  finance: 'Year-to-date position on plan; the forecast meets the control total.',
  planning: 'Operational plan delivered to timetable; sustainability and transformation footprint engagement good.',
  'delegated-functions': 'Primary care commissioning committee meets as agreed; no concerns from the internal audit of delegated functions.',
};

const SLIPPING_NARRATIVE: Readonly<Record<string, readonly [string, string]>> = {
  'well-led': ['Interim accountable officer in post; stakeholders less positive in the 360° survey.', 'Stakeholders markedly less positive than England; the governing body has not agreed a recovery plan.'],
  performance: ['A&E four-hour performance falling month on month (special cause in the SPC chart).', 'A&E and referral to treatment both below standard for the quarter; no credible trajectory.'],
  finance: ['Year-to-date overspend; the forecast is below the control total.', 'The forecast deficit is more than 1% of allocation for the second report; internal audit gave limited assurance on financial controls.'],
  planning: ['Plan refresh submitted late.', 'Recovery plan not agreed with providers.'],
  'delegated-functions': ['No concerns.', 'No concerns.'],
};

function levelFor(component: string, slippingStep: 0 | 1 | null): string {
  if (slippingStep === null) return component === 'performance' ? 'requires-improvement' : 'good';
  if (component === 'delegated-functions') return 'good';
  return slippingStep === 0 ? 'requires-improvement' : 'inadequate';
}

/** Opens the current year and records the demo assessments, on a database with the demo accounts and no year yet. */
export async function installDemoAssurance(db: Kysely<DB>, now: Date): Promise<void> {
  if ((await listAssuranceYears(db)).length > 0) return;
  const analyst = await actorForAccount(db, 'analyst@demo.assure.example');
  const lead = await actorForAccount(db, 'regional-lead@demo.assure.example');
  const today = londonDate(now);
  const dates = assuranceYearOf(today, (await configuredOversight()).yearStartMonth);
  const year = await openAssuranceYear(db, analyst, { yearId: dates.id, frameworkVersionId: FRAMEWORK_VERSION, at: now });
  const ended = year.dates.quarters.filter((quarter) => quarter.endsOn < today);
  for (const code of [...RISING_DEMO_CCGS, ...STEADY_DEMO_CCGS]) {
    const rising = RISING_DEMO_CCGS.includes(code);
    for (const [index, quarter] of ended.entries()) {
      // A rising CCG is steady in the year's first quarter, then slips, then slips again.
      const step = !rising || index === 0 ? null : index === 1 ? 0 : 1;
      for (const component of year.components) {
        await recordAssessment(db, lead, {
          organisationCode: code,
          yearId: year.stored.id,
          quarter: quarter.quarter,
          component: component.id,
          level: levelFor(component.id, step),
          narrative: `${step === null ? (STEADY_NARRATIVE[component.id] ?? 'No concerns.') : (SLIPPING_NARRATIVE[component.id]?.[step] ?? 'No concerns.')} (Synthetic demo assessment.)`,
          at: now,
        });
      }
    }
  }
}
