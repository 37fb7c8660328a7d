import { stringify } from 'csv-stringify/sync';
import { type Random, sampleBinomial, seededRandom } from '../rating/random.ts';
import { SURVEY_COLUMNS } from '../oversight/survey-import.ts';
import { STAKEHOLDER_GROUPS, type StakeholderGroup } from '../oversight/survey.ts';

// A synthetic 360° stakeholder survey for the demo, with the real survey's structure: every CCG's member GP
// practices, its health and wellbeing board, Healthwatch, main providers, local authorities and neighbouring
// CCGs asked the same questions (one asked of GP members only), each answer positive or not. The wording
// follows the survey's style; every figure is made up, reproducibly from the seed. The file has no column to
// say so: the file name, the demo installer's audit event and the README say it.

/** A CCG as the survey generator needs it (the demo generator's DemoOrganisation has these fields). */
export interface DemoSurveyOrganisation {
  readonly code: string;
  readonly population: number;
}

interface DemoQuestion {
  readonly code: string;
  readonly text: string;
  /** Share of answers that are positive for a typical CCG. */
  readonly typical: number;
  /** Only these groups are asked; every group when absent. */
  readonly askedOf?: readonly StakeholderGroup[];
}

/** The demo's questions. Q1 is the one the CCG IAF 2016/17's 360° indicator reads. */
export const DEMO_SURVEY_QUESTIONS: readonly DemoQuestion[] = [
  { code: 'Q1', text: 'Overall, how would you rate the effectiveness of your working relationship with the CCG?', typical: 0.8 },
  { code: 'Q2', text: 'To what extent are you confident in the CCG\'s leadership to deliver its plans and priorities?', typical: 0.7 },
  { code: 'Q3', text: 'How far do you agree or disagree that the CCG listens to your views and takes them into account?', typical: 0.72 },
  { code: 'Q4', text: 'How far do you agree or disagree that the CCG has clear and credible plans for improving services for the local population?', typical: 0.68 },
  { code: 'Q5', text: 'How far do you agree or disagree that the CCG has effective engagement with patients and the public?', typical: 0.64 },
  { code: 'Q6', text: 'How far do you agree or disagree that the CCG works effectively with partners to improve health and care in the local area?', typical: 0.74 },
  { code: 'Q7', text: 'How far do you agree or disagree that the CCG effectively monitors the quality of the services it commissions?', typical: 0.69 },
  { code: 'Q8', text: 'How far do you agree or disagree that the CCG is taking action to reduce health inequalities in the local area?', typical: 0.6 },
  { code: 'Q9', text: 'How far do you agree or disagree that the CCG involves your practice in its decisions about commissioning?', typical: 0.66, askedOf: ['gp-members'] },
];

/** How much more or less positive each group tends to be than the CCG's stakeholders as a whole (log-odds). */
const GROUP_LEAN: Readonly<Record<StakeholderGroup, number>> = {
  'gp-members': -0.15,
  'health-and-wellbeing-board': 0.35,
  healthwatch: 0.05,
  providers: -0.25,
  'local-authorities': 0.2,
  'other-ccgs': 0.3,
};

const logit = (p: number): number => Math.log(p / (1 - p));
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** How many of a group took part: GP practices by the CCG's size, one board and one Healthwatch (most years), a few of the rest. */
function respondents(group: StakeholderGroup, organisation: DemoSurveyOrganisation, random: Random): number {
  switch (group) {
    case 'gp-members': {
      const practices = Math.max(8, Math.round(organisation.population / 7_500));
      return Math.max(3, sampleBinomial(random, practices, 0.55 + 0.2 * random.uniform()));
    }
    case 'health-and-wellbeing-board':
      return random.uniform() < 0.92 ? 1 : 0;
    case 'healthwatch':
      return random.uniform() < 0.88 ? 1 : 0;
    case 'providers':
      return 2 + Math.floor(random.uniform() * 7);
    case 'local-authorities':
      return 1 + (random.uniform() < 0.35 ? 1 : 0);
    case 'other-ccgs':
      return 1 + Math.floor(random.uniform() * 4);
  }
}

/** The file name the demo's survey is imported under: it says the results are synthetic. */
export function demoSurveyFileName(surveyYear: number): string {
  return `synthetic-ccg-360-stakeholder-survey-${String(surveyYear)}.csv`;
}

/**
 * The demo's survey results file (CSV, the importer's columns) for the CCGs given. The CCGs named in
 * `weaker` have stakeholders markedly less positive about them (the demo's CCGs whose risk rises).
 */
export function generateDemoSurvey(
  organisations: readonly DemoSurveyOrganisation[],
  seed: number,
  surveyYear: number,
  fieldworkEndsOn: string,
  weaker: readonly string[] = [],
): string {
  const random = seededRandom(seed);
  const rows: string[][] = [];
  for (const organisation of [...organisations].sort((a, b) => a.code.localeCompare(b.code))) {
    // How well the CCG's relationships are going, shared by every question and group.
    const standing = 0.45 * random.normal() - (weaker.includes(organisation.code) ? 1.1 : 0);
    for (const group of STAKEHOLDER_GROUPS) {
      const people = respondents(group, organisation, random);
      if (people === 0) continue;
      const groupView = GROUP_LEAN[group] + 0.25 * random.normal();
      for (const question of DEMO_SURVEY_QUESTIONS) {
        if (question.askedOf !== undefined && !question.askedOf.includes(group)) continue;
        // A few skip a question or answer "don't know"; they are not counted as answering it.
        const responses = people === 1 ? 1 : sampleBinomial(random, people, 0.96);
        if (responses === 0) continue;
        const p = logistic(logit(question.typical) + standing + groupView + 0.15 * random.normal());
        const positive = sampleBinomial(random, responses, p);
        rows.push([String(surveyYear), fieldworkEndsOn, organisation.code, group, question.code, question.text, String(positive), String(responses)]);
      }
    }
  }
  return stringify([[...SURVEY_COLUMNS.required], ...rows]);
}
