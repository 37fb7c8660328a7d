import type { EntryBasis, SpecialMeasuresCase } from './case-record.ts';
import { IN_SPECIAL_MEASURES } from './case-states.ts';
import { directionsInForce, type LegalDirection, requirementsOn } from './directions.ts';

// The public register: organisations in special measures or under directions on a date, with what NHS England
// has published about each. It is built only from what is marked published on or before the date, and from the
// case's public facts (entry, deadline); the proposal's reasons, the external review, plan drafts, progress
// reports and their assessments are not read at all, so nothing internal can leak through it.

/** A text written for the public: the brief reasons, the plan's summary, a progress update. */
export interface Publication {
  readonly kind: 'reasons' | 'plan-summary' | 'progress-update';
  readonly text: string;
  readonly status: 'draft' | 'published';
  readonly publishedOn: string | null;
}

export interface RegisterCase {
  readonly case: SpecialMeasuresCase;
  readonly publications: readonly Publication[];
}

export interface PublishedText {
  readonly text: string;
  readonly publishedOn: string;
}

export interface RegisterDirection {
  readonly id: string;
  readonly title: string;
  readonly legalBasis: string;
  readonly appliedOn: string;
  readonly variedOn: readonly string[];
  readonly requirements: readonly { readonly text: string; readonly dueOn: string | null }[];
}

export interface RegisterEntry {
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly specialMeasures: {
    readonly enteredOn: string;
    readonly basis: EntryBasis;
    /** When special measures are due to be reviewed (entry + 12 months, moved by any extension). */
    readonly reviewBy: string;
    readonly extended: boolean;
    readonly reasons: readonly PublishedText[];
    readonly planSummary: PublishedText | null;
    readonly progressUpdates: readonly PublishedText[];
  } | null;
  readonly directions: readonly RegisterDirection[];
}

function published(publications: readonly Publication[], kind: Publication['kind'], date: string): PublishedText[] {
  return publications
    .flatMap((publication) => (publication.kind === kind && publication.status === 'published' && publication.publishedOn !== null && publication.publishedOn <= date ? [{ text: publication.text, publishedOn: publication.publishedOn }] : []))
    .toSorted((a, b) => a.publishedOn.localeCompare(b.publishedOn));
}

function specialMeasuresPart(source: RegisterCase, date: string): RegisterEntry['specialMeasures'] {
  const record = source.case;
  const reasons = published(source.publications, 'reasons', date);
  // A case is announced by publishing its reasons; until then even its existence stays internal.
  if (!IN_SPECIAL_MEASURES.includes(record.state) || record.entry === null || record.deadline === null || reasons.length === 0) return null;
  return {
    enteredOn: record.entry.enteredOn,
    basis: record.entry.basis,
    reviewBy: record.deadline,
    extended: record.extensions.length > 0,
    reasons,
    planSummary: published(source.publications, 'plan-summary', date).at(-1) ?? null,
    progressUpdates: published(source.publications, 'progress-update', date),
  };
}

function directionPart(direction: LegalDirection, date: string): RegisterDirection {
  return {
    id: direction.id,
    title: direction.title,
    legalBasis: direction.legalBasis,
    appliedOn: direction.appliedOn,
    variedOn: direction.variations.filter((variation) => variation.on <= date).map((variation) => variation.on),
    requirements: requirementsOn(direction, date).map((requirement) => ({ text: requirement.text, dueOn: requirement.dueOn })),
  };
}

/** The register on the date, by organisation code. `names` gives each organisation's name (the code when missing). */
export function publicRegister(cases: readonly RegisterCase[], directions: readonly LegalDirection[], names: ReadonlyMap<string, string>, date: string): RegisterEntry[] {
  const entries = new Map<string, { specialMeasures: RegisterEntry['specialMeasures']; directions: RegisterDirection[] }>();
  const entryFor = (code: string) => {
    let entry = entries.get(code);
    if (entry === undefined) {
      entry = { specialMeasures: null, directions: [] };
      entries.set(code, entry);
    }
    return entry;
  };
  for (const source of cases) {
    const part = specialMeasuresPart(source, date);
    if (part !== null) entryFor(source.case.organisationCode).specialMeasures = part;
  }
  for (const direction of directionsInForce(directions, date)) {
    if (direction.published) entryFor(direction.organisationCode).directions.push(directionPart(direction, date));
  }
  return [...entries.entries()]
    .toSorted(([a], [b]) => a.localeCompare(b))
    .map(([code, entry]) => ({ organisationCode: code, organisationName: names.get(code) ?? code, ...entry }));
}
