import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/identity/actor.ts';
import type { OrganisationRecord } from '../../domain/organisations/organisation.ts';
import { nationalPicture, questionCells, type SurveyQuestionPicture } from '../../domain/oversight/survey-national.ts';
import { analyseSurvey, type GroupSelection, STAKEHOLDER_GROUPS, type SurveyAnalysis, type SurveyCell, type SurveyProportion } from '../../domain/oversight/survey.ts';
import { assertCan, can } from '../../domain/policy/can.ts';
import { getAllOrganisations } from '../../db/repositories/organisations.ts';
import { findStoredSurveyYears, listStakeholderSurveys, listSurveyQuestions, listSurveyResults, type StoredSurveyYear } from '../../db/repositories/stakeholder-survey.ts';
import type { DB } from '../../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { hiddenOrganisation } from './visible-organisation.ts';

// The 360° stakeholder survey as people read it: the national picture (national roles), a CCG's results by
// question and stakeholder group (whoever sees that CCG's oversight record), and the CCGs someone may open.

export interface SurveyYear {
  readonly surveyYear: number;
  readonly fieldworkEndsOn: string;
}

/** The survey year shown and where its results came from. */
interface SurveyShown {
  /** Every survey stored, the newest first. */
  readonly surveys: readonly SurveyYear[];
  /** The one shown (the newest unless another was asked for); null when none is stored. */
  readonly survey: SurveyYear | null;
  readonly source: StoredSurveyYear | null;
}

export interface NamedCell extends SurveyCell {
  readonly organisationName: string;
}

export interface NationalSurveyQuestion {
  readonly code: string;
  readonly text: string;
  readonly picture: SurveyQuestionPicture;
  /** Every CCG's result over all its stakeholders, in code order. */
  readonly cells: readonly NamedCell[];
}

export interface NationalSurvey extends SurveyShown {
  readonly questions: readonly NationalSurveyQuestion[];
}

export interface OrganisationSurveyQuestion {
  readonly code: string;
  readonly text: string;
  readonly england: SurveyProportion | undefined;
  /** Over all stakeholders first, then each group asked, in the survey's order. */
  readonly rows: readonly SurveyCell[];
}

export interface OrganisationSurvey extends SurveyShown {
  readonly organisation: { readonly code: string; readonly name: string; readonly regionCode: string | null };
  /** The CCG's similar CCGs, most similar first: their answers pooled are its second reference. */
  readonly peers: readonly { readonly code: string; readonly name: string }[];
  readonly questions: readonly OrganisationSurveyQuestion[];
}

async function surveyShown(db: Kysely<DB>, year: number | undefined): Promise<SurveyShown> {
  const surveys = await listStakeholderSurveys(db);
  const survey = year === undefined ? (surveys[0] ?? null) : surveys.find((candidate) => candidate.surveyYear === year);
  if (survey === undefined) {
    const stored = surveys.length === 0 ? 'no survey is stored yet' : `the surveys stored are ${surveys.map((candidate) => String(candidate.surveyYear)).join(', ')}`;
    throw new NotFoundError(`There is no 360° stakeholder survey for ${String(year)}: ${stored}.`);
  }
  const source = survey === null ? null : ((await findStoredSurveyYears(db, [survey.surveyYear])).get(survey.surveyYear) ?? null);
  return { surveys, survey, source };
}

async function analysed(db: Kysely<DB>, surveyYear: number, organisations: ReadonlyMap<string, OrganisationRecord>): Promise<SurveyAnalysis> {
  return analyseSurvey(await listSurveyResults(db, surveyYear), (code) => organisations.get(code)?.peerCodes ?? []);
}

/** England's results per question and how CCGs compare, for a survey year (the newest when none is given). */
export async function nationalSurvey(db: Kysely<DB>, actor: Actor, options: { year?: number | undefined } = {}): Promise<NationalSurvey> {
  assertCan(actor, 'oversight.view-national');
  const shown = await surveyShown(db, options.year);
  if (shown.survey === null) return { ...shown, questions: [] };
  const [organisations, questions] = await Promise.all([getAllOrganisations(db), listSurveyQuestions(db, shown.survey.surveyYear)]);
  const analysis = await analysed(db, shown.survey.surveyYear, organisations);
  const pictures = new Map(nationalPicture(analysis).map((picture) => [picture.questionCode, picture]));
  return {
    ...shown,
    questions: questions.flatMap((question) => {
      const picture = pictures.get(question.code);
      if (picture === undefined) return [];
      const cells = questionCells(analysis, question.code).map((cell) => ({ ...cell, organisationName: organisations.get(cell.organisationCode)?.name ?? cell.organisationCode }));
      return [{ code: question.code, text: question.text, picture, cells }];
    }),
  };
}

/** One CCG's results by question and stakeholder group, beside England and its similar CCGs; NotFoundError when hidden. */
export async function organisationSurvey(db: Kysely<DB>, actor: Actor, code: string, options: { year?: number | undefined } = {}): Promise<OrganisationSurvey> {
  assertCan(actor, 'oversight.list');
  const organisations = await getAllOrganisations(db);
  const organisation = organisations.get(code);
  if (organisation?.type !== 'ccg' || can(actor, 'oversight.view', { organisationCode: code, regionCode: organisation.regionCode }) !== 'allow') throw hiddenOrganisation(code);
  const shown = await surveyShown(db, options.year);
  const base = {
    ...shown,
    organisation: { code, name: organisation.name, regionCode: organisation.regionCode },
    peers: organisation.peerCodes.map((peer) => ({ code: peer, name: organisations.get(peer)?.name ?? peer })),
  };
  if (shown.survey === null) return { ...base, questions: [] };
  const [questions, analysis] = await Promise.all([listSurveyQuestions(db, shown.survey.surveyYear), analysed(db, shown.survey.surveyYear, organisations)]);
  return {
    ...base,
    questions: questions.flatMap((question) => {
      const rows = (['all', ...STAKEHOLDER_GROUPS] as readonly GroupSelection[]).flatMap((group) => analysis.cell(code, question.code, group) ?? []);
      return rows.length === 0 ? [] : [{ code: question.code, text: question.text, england: analysis.england(question.code, 'all'), rows }];
    }),
  };
}

/** The CCGs whose survey results the actor may open, by name. */
export async function surveyOrganisations(db: Kysely<DB>, actor: Actor): Promise<{ code: string; name: string }[]> {
  assertCan(actor, 'oversight.list');
  const organisations = await getAllOrganisations(db);
  return [...organisations.values()]
    .filter((organisation) => organisation.type === 'ccg' && can(actor, 'oversight.view', { organisationCode: organisation.code, regionCode: organisation.regionCode }) === 'allow')
    .map((organisation) => ({ code: organisation.code, name: organisation.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
