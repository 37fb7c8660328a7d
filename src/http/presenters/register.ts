import { longDate } from '../../domain/special-measures/calendar-months.ts';
import type { EntryBasis } from '../../domain/special-measures/case-record.ts';
import type { PublishedText, RegisterEntry } from '../../domain/special-measures/register.ts';

// The public special-measures register as its page shows it: dates in words, the basis of entry in words, and
// a link to each organisation's scorecard page where it has one. Everything here is already public: the
// register is built only from published texts and published directions.

const BASIS_TEXT: Readonly<Record<EntryBasis, string>> = {
  'agreed-with-ccg': 'agreed with the CCG',
  'determined-by-nhs-england': 'determined by NHS England',
};

function publishedText(text: PublishedText) {
  return { text: text.text, publishedText: longDate(text.publishedOn), publishedOn: text.publishedOn };
}

function specialMeasuresModel(part: NonNullable<RegisterEntry['specialMeasures']>) {
  return {
    enteredText: longDate(part.enteredOn),
    basisText: BASIS_TEXT[part.basis],
    reviewByText: longDate(part.reviewBy),
    extended: part.extended,
    reasons: part.reasons.map(publishedText),
    planSummary: part.planSummary === null ? null : publishedText(part.planSummary),
    // Newest first: a reader looks for the latest update.
    progressUpdates: part.progressUpdates.map(publishedText).toReversed(),
  };
}

function directionModel(direction: RegisterEntry['directions'][number]) {
  return {
    id: direction.id,
    title: direction.title,
    legalBasis: direction.legalBasis,
    appliedText: longDate(direction.appliedOn),
    variedTexts: direction.variedOn.map(longDate),
    requirements: direction.requirements.map((requirement) => ({ text: requirement.text, dueText: requirement.dueOn === null ? null : longDate(requirement.dueOn) })),
  };
}

/** The register's entries for its page; `scorecardHref` gives an organisation's scorecard page, if it has one. */
export function registerModel(entries: readonly RegisterEntry[], scorecardHref: (code: string) => string | null) {
  return entries.map((entry) => ({
    code: entry.organisationCode,
    name: entry.organisationName,
    anchor: `organisation-${entry.organisationCode.toLowerCase()}`,
    scorecardHref: scorecardHref(entry.organisationCode),
    specialMeasures: entry.specialMeasures === null ? null : specialMeasuresModel(entry.specialMeasures),
    directions: entry.directions.map(directionModel),
  }));
}

/** How many organisations are in special measures, and how many under directions, for the page's summary. */
export function registerCounts(entries: readonly RegisterEntry[]) {
  return {
    inSpecialMeasures: entries.filter((entry) => entry.specialMeasures !== null).length,
    underDirections: entries.filter((entry) => entry.directions.length > 0).length,
  };
}
