import { financeYear } from '../../domain/oversight/finance.ts';
import { withContentHash } from '../../domain/reports/content-hash.ts';
import type { AreaReport, FinanceAcrossCcgs, LevelCount, MissingInput, NationalSurveyLine, SpecialMeasuresYear } from '../../domain/reports/model.ts';
import type { OrganisationRating, RatingRun } from '../../domain/rating/result.ts';
import { headlineText } from '../../domain/rating/wording.ts';
import { directionsInForce } from '../../domain/special-measures/directions.ts';
import type { YearEndInputs } from '../../services/reports/year-end-inputs.ts';
import { findRating } from '../presenters/scorecard-organisation.ts';
import { provenanceOf, yearLabelOf } from './compose-provenance.ts';

// The national statutory annual assurance report and each region's summary for its board: the same
// document family, the national one over every CCG the round rates, a region's over its own.

interface Area {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string | null;
}

const ENGLAND: Area = { code: 'england', name: 'England', regionCode: null };

function regionOf(inputs: YearEndInputs, code: string): string | null {
  return inputs.geography.organisations.get(code)?.regionCode ?? findRating(inputs.run, code)?.region ?? null;
}

function ratingsIn(inputs: YearEndInputs, run: RatingRun, area: Area): OrganisationRating[] {
  return run.organisations.filter((rating) => area.regionCode === null || regionOf(inputs, rating.org) === area.regionCode);
}

function counts(inputs: YearEndInputs, area: Area): LevelCount[] {
  const scale = inputs.framework.scales.find((candidate) => candidate.id === inputs.framework.headlineScale)?.levels ?? [];
  const now = ratingsIn(inputs, inputs.run, area);
  const earlier = inputs.earlierRounds[0];
  const before = earlier === undefined ? null : ratingsIn(inputs, earlier.run, area);
  return scale.map((level) => ({
    level: level.code,
    label: level.label,
    count: now.filter((rating) => rating.headline === level.code).length,
    lastYear: before === null ? null : before.filter((rating) => rating.headline === level.code).length,
  }));
}

/** The year the document covers, as dates: the assurance year, or the twelve months to the round's creation. */
function window(inputs: YearEndInputs): { from: string; to: string } {
  if (inputs.year !== null) return { from: inputs.year.dates.startsOn, to: inputs.year.dates.endsOn };
  const to = inputs.asOf;
  return { from: `${String(Number(to.slice(0, 4)) - 1)}${to.slice(4)}`, to };
}

function specialMeasuresYear(inputs: YearEndInputs, area: Area): SpecialMeasuresYear {
  const { from, to } = window(inputs);
  const within = (date: string | null | undefined) => date !== null && date !== undefined && from <= date && date <= to;
  const inArea = (code: string) => area.regionCode === null || regionOf(inputs, code) === area.regionCode;
  const cases = inputs.cases.filter((record) => inArea(record.organisationCode));
  const directions = inputs.directions.filter((direction) => inArea(direction.organisationCode));
  return {
    inSpecialMeasuresAtYearEnd: inputs.register
      .filter((entry) => entry.specialMeasures !== null && inArea(entry.organisationCode))
      .map((entry) => ({ code: entry.organisationCode, name: entry.organisationName, since: entry.specialMeasures?.enteredOn ?? null })),
    entries: cases.filter((record) => within(record.entry?.enteredOn)).length,
    exits: cases.filter((record) => record.closure?.outcome === 'exited' && within(record.closure.on)).length,
    extensions: cases.flatMap((record) => record.extensions).filter((extension) => within(extension.grantedOn)).length,
    transfers: inputs.registry.records.filter((record) => inArea(record.organisationCode) && within(record.from) && record.responsibleBodyCode !== record.organisationCode).length,
    mergers: inputs.registry.mergers.filter((merger) => within(merger.effectiveOn) && [merger.successorCode, ...merger.predecessorCodes].some(inArea)).length,
    directionsGiven: directions.filter((direction) => within(direction.appliedOn)).length,
    directionsInForceAtYearEnd: directionsInForce(directions, to).length,
  };
}

function financeAcross(inputs: YearEndInputs, ratings: readonly OrganisationRating[]): FinanceAcrossCcgs | null {
  if (inputs.year === null) return null;
  const year = inputs.year.dates;
  const latest = ratings.flatMap((rating) => {
    const figures = financeYear(inputs.financeReturns, rating.org, year).latest;
    return figures === null ? [] : [{ code: rating.org, name: inputs.geography.organisations.get(rating.org)?.name ?? rating.name, figures }];
  });
  if (latest.length === 0) return null;
  const threshold = inputs.financeTriggerPercent;
  return {
    reporting: latest.length,
    beyondTriggerThreshold: threshold === null ? 0 : latest.filter((entry) => entry.figures.shortfallPercentOfAllocation >= threshold).length,
    netForecastAgainstControlTotal: latest.reduce((sum, entry) => sum + entry.figures.forecastSurplus - entry.figures.forecastShortfall, 0),
    worst: latest
      .filter((entry) => entry.figures.forecastShortfall > 0)
      .toSorted((a, b) => b.figures.shortfallPercentOfAllocation - a.figures.shortfallPercentOfAllocation || a.code.localeCompare(b.code))
      .slice(0, 10)
      .map((entry) => ({ code: entry.code, name: entry.name, shortfallPercentOfAllocation: entry.figures.shortfallPercentOfAllocation })),
  };
}

function surveyLines(inputs: YearEndInputs, area: Area): { surveyYear: number; lines: NationalSurveyLine[] } | null {
  const shown = inputs.survey;
  if (shown === null || shown.survey === null || shown.questions.length === 0) return null;
  const lines = shown.questions.map((question) => {
    const cells = question.cells.filter((cell) => area.regionCode === null || regionOf(inputs, cell.organisationCode) === area.regionCode);
    const outcome = (wanted: string) => cells.filter((cell) => !cell.suppressed && cell.england.outcome === wanted).length;
    return { question: question.text, england: question.picture.england.proportion * 100, above: outcome('better'), similar: outcome('similar'), below: outcome('worse') };
  });
  return { surveyYear: shown.survey.surveyYear, lines };
}

function methodology(inputs: YearEndInputs): string[] {
  const variant = inputs.framework.variants.find((candidate) => candidate.id === inputs.round.variant);
  return [
    `Each CCG was rated on ${inputs.framework.title} (framework version ${inputs.round.frameworkVersionId}), with the rule variant “${variant?.name ?? inputs.round.variant}”, from the dataset “${inputs.dataset.name}”.`,
    'Indicator values are compared with England and with each CCG’s similar CCGs using the confidence intervals and comparisons the framework names; each rating’s explanation lists every step that set or changed it.',
    'Ratings went through regional review, national moderation, a factual-accuracy check by each CCG and sign-off by NHS England’s Commissioning Committee before publication.',
  ];
}

function dataQuality(inputs: YearEndInputs, ratings: readonly OrganisationRating[]): string[] {
  const flags = ratings.flatMap((rating) => rating.flags);
  const count = (kind: string) => flags.filter((flag) => flag.kind === kind).length;
  const notes = [
    `${String(count('missing'))} indicator values were missing, ${String(count('stale'))} were older than the framework allows and ${String(count('small-denominator'))} rested on too few cases to be compared; each rating’s explanation says what was done with them.`,
    `${String(ratings.filter((rating) => rating.headline === null).length)} of ${String(ratings.length)} CCGs could not be rated.`,
  ];
  if (ratings.some((rating) => rating.indicators.some((trace) => trace.synthetic))) notes.push('Some values are synthetic (demonstration data) and say so where they are shown.');
  return notes;
}

function missingFor(inputs: YearEndInputs, report: Pick<AreaReport, 'finance' | 'survey'>, yearLabel: string): MissingInput[] {
  const missing: MissingInput[] = [];
  if (inputs.earlierRounds.length === 0) missing.push({ subject: 'Last year’s ratings', reason: 'No round was published before this one, so the change from last year is not shown.' });
  if (inputs.year === null) missing.push({ subject: 'Assurance year', reason: 'The round was not created as an assurance year’s year-end assessment, so the year’s special-measures record, finance returns and 360° survey are drawn from no year.' });
  if (report.finance === null) missing.push({ subject: 'Finance', reason: `No finance returns were stored for ${yearLabel}.` });
  if (report.survey === null) missing.push({ subject: '360° stakeholder survey', reason: `No 360° stakeholder survey had fieldwork ending in ${yearLabel}.` });
  return missing;
}

function composeArea(inputs: YearEndInputs, area: Area, kind: AreaReport['kind'], templateVersion: string): AreaReport {
  const ratings = ratingsIn(inputs, inputs.run, area);
  const earlier = inputs.earlierRounds[0];
  const yearLabel = yearLabelOf(inputs);
  const finance = financeAcross(inputs, ratings);
  const survey = surveyLines(inputs, area);
  const regions =
    area.regionCode === null
      ? inputs.geography.regions.map((region) => {
          const regionArea = { code: region.code, name: region.name, regionCode: region.code };
          return { code: region.code, name: region.name, counts: counts(inputs, regionArea), organisations: ratingsIn(inputs, inputs.run, regionArea).length };
        })
      : [];
  return withContentHash<AreaReport>({
    kind,
    title: kind === 'national-annual-report' ? `Annual assurance report ${yearLabel}: clinical commissioning groups in England` : `Regional summary ${yearLabel}: ${area.name}`,
    status: inputs.status,
    area: { code: area.code, name: area.name },
    yearLabel,
    frameworkName: inputs.framework.title,
    rated: ratings.filter((rating) => rating.headline !== null).length,
    notRated: ratings.filter((rating) => rating.headline === null).length,
    distribution: counts(inputs, area),
    regions,
    organisations: ratings.map((rating) => {
      const before = earlier === undefined ? undefined : findRating(earlier.run, rating.org);
      return { code: rating.org, name: inputs.geography.organisations.get(rating.org)?.name ?? rating.name, label: headlineText(rating), lastYear: before === undefined ? null : headlineText(before) };
    }),
    specialMeasures: specialMeasuresYear(inputs, area),
    finance,
    survey,
    methodology: methodology(inputs),
    dataQuality: dataQuality(inputs, ratings),
    missing: missingFor(inputs, { finance, survey }, yearLabel),
    provenance: provenanceOf(inputs, templateVersion),
  });
}

export function composeNationalReport(inputs: YearEndInputs, templateVersion: string): AreaReport {
  return composeArea(inputs, ENGLAND, 'national-annual-report', templateVersion);
}

/** Each region with a CCG in the round, in the regions' order. */
export function composeRegionSummaries(inputs: YearEndInputs, templateVersion: string): AreaReport[] {
  return inputs.geography.regions
    .filter((region) => inputs.run.organisations.some((rating) => regionOf(inputs, rating.org) === region.code))
    .map((region) => composeArea(inputs, { code: region.code, name: region.name, regionCode: region.code }, 'region-summary', templateVersion));
}

