import { longDate } from '../../domain/special-measures/calendar-months.ts';
import { COMMISSIONING_FUNCTION_LABELS, type CommissioningFunction } from '../../domain/special-measures/commissioning-functions.ts';
import type { Lineage, ResponsibilityAnswer } from '../../domain/special-measures/responsibility.ts';

// The responsibility registry's answers with organisations named, for the "who is responsible?" page and the
// registry API alike. A body outside the organisation registry (a local authority) keeps its code alone.

export type OrganisationNames = ReadonlyMap<string, string>;

export function namedOrganisation(code: string, names: OrganisationNames) {
  return { code, name: names.get(code) ?? null };
}

/** Every organisation code an answer or a lineage mentions, to look their names up in one go. */
export function codesIn(answers: readonly ResponsibilityAnswer[], lineage: Lineage | null): string[] {
  const codes = answers.flatMap((answer) => [answer.population, answer.responsibleBodyCode]);
  if (lineage !== null) codes.push(lineage.organisationCode, ...lineage.predecessors.flatMap((step) => [step.code, step.into]), ...lineage.successors.map((step) => step.code));
  return [...new Set(codes)];
}

export function responsibilityModel(organisationCode: string, fn: CommissioningFunction, date: string, answers: readonly ResponsibilityAnswer[], names: OrganisationNames) {
  return {
    organisation: namedOrganisation(organisationCode, names),
    function: { code: fn, label: COMMISSIONING_FUNCTION_LABELS[fn] },
    date,
    answers: answers.map((answer) => ({ population: namedOrganisation(answer.population, names), responsibleBody: namedOrganisation(answer.responsibleBodyCode, names), because: [...answer.because] })),
  };
}

export function lineageModel(lineage: Lineage, names: OrganisationNames) {
  return {
    organisation: namedOrganisation(lineage.organisationCode, names),
    predecessors: lineage.predecessors.map((step) => ({ organisation: namedOrganisation(step.code, names), into: namedOrganisation(step.into, names), on: step.on, kind: step.kind })),
    successors: lineage.successors.map((step) => ({ organisation: namedOrganisation(step.code, names), on: step.on, kind: step.kind })),
  };
}

/** "NHS Airedale, Wharfedale and Craven CCG (02N)", or the code alone for a body outside the registry. */
export function organisationLabel(organisation: { readonly code: string; readonly name: string | null }): string {
  return organisation.name === null ? organisation.code : `${organisation.name} (${organisation.code})`;
}

const KIND_TEXT = { merger: 'merged into', absorption: 'became part of' } as const;

/** The lineage as sentences for the page, dates in words: each step names who became part of whom, and when. */
export function lineageSentences(lineage: ReturnType<typeof lineageModel>) {
  let current = lineage.organisation;
  const successors = lineage.successors.map((step) => {
    const text = `${organisationLabel(current)} ${KIND_TEXT[step.kind]} ${organisationLabel(step.organisation)} on ${longDate(step.on)}`;
    current = step.organisation;
    return { code: step.organisation.code, text };
  });
  return {
    predecessors: lineage.predecessors.map((step) => ({ code: step.organisation.code, text: `${organisationLabel(step.organisation)} ${KIND_TEXT[step.kind]} ${organisationLabel(step.into)} on ${longDate(step.on)}` })),
    successors,
  };
}
