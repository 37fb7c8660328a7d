import type { AreaReport } from '../../domain/reports/model.ts';
import { distributionChart } from '../charts/distribution-chart.ts';
import { formatPounds } from '../presenters/oversight-finance.ts';
import { FINANCE_SUBJECT, SURVEY_SUBJECT, documentDate, missingReason, percentText, previousYearLabel, type SectionLink } from './document-common.ts';

// The national statutory annual assurance report and a region's summary for its board, as their pages show
// them: the same sections, the region's narrowed to its CCGs and without the table of regions. Pure.

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function sectionTitles(model: AreaReport) {
  const national = model.kind === 'national-annual-report';
  return {
    summary: 'Summary',
    distribution: national ? 'Ratings across England' : `Ratings across ${model.area.name}`,
    regions: 'By region',
    'special-measures': 'Special measures and directions in the year',
    finance: 'Finance across CCGs',
    survey: national ? 'The 360° stakeholder survey nationally' : `The 360° stakeholder survey in ${model.area.name}`,
    organisations: national ? 'Every CCG’s rating' : `Every CCG’s rating in ${model.area.name}`,
    methodology: 'Methodology',
    'data-quality': 'Data quality',
  };
}

function countText(count: number, one: string, many: string): string {
  return `${WHOLE.format(count)} ${count === 1 ? one : many}`;
}

function distributionView(model: AreaReport) {
  const lastYearLabel = previousYearLabel(model.yearLabel) ?? 'Last year';
  const hasLastYear = model.distribution.some((level) => level.lastYear !== null);
  const chart = distributionChart({
    id: 'distribution-chart',
    title: `Headline ratings of CCGs in ${model.area.name}, ${model.yearLabel}${hasLastYear ? ` and ${lastYearLabel}` : ''}`,
    description:
      `Number of CCGs at each rating level, one bar per level${hasLastYear ? ` and year, ${model.yearLabel} first` : ''}, each labelled with its count: ` +
      model.distribution.map((level) => `${level.label} ${String(level.count)}${level.lastYear === null ? '' : ` (${lastYearLabel}: ${String(level.lastYear)})`}`).join(', ') +
      '. The table below gives the same figures.',
    levels: model.distribution.map((level) => level.label),
    series: [
      { name: model.yearLabel, counts: model.distribution.map((level) => level.count) },
      ...(hasLastYear ? [{ name: lastYearLabel, counts: model.distribution.map((level) => level.lastYear) }] : []),
    ],
    unit: 'CCGs',
  });
  return {
    chart: chart.svg,
    legend: chart.legend,
    lastYearLabel,
    hasLastYear,
    rows: model.distribution.map((level) => ({
      label: level.label,
      count: WHOLE.format(level.count),
      lastYear: level.lastYear === null ? '—' : WHOLE.format(level.lastYear),
      change: level.lastYear === null ? '—' : signed(level.count - level.lastYear),
    })),
  };
}

function signed(change: number): string {
  if (change === 0) return 'No change';
  return `${change > 0 ? '+' : '−'}${WHOLE.format(Math.abs(change))}`;
}

function summaryLines(model: AreaReport): string[] {
  const total = model.rated + model.notRated;
  const levels = model.distribution.map((level) => `${WHOLE.format(level.count)} ${level.label}`).join(', ');
  return [
    `${countText(total, 'CCG was', 'CCGs were')} assessed in ${model.area.name} for ${model.yearLabel} under the ${model.frameworkName}: ${WHOLE.format(model.rated)} rated and ${WHOLE.format(model.notRated)} not rated.`,
    ...(levels === '' ? [] : [`Headline ratings: ${levels}.`]),
    `${countText(model.specialMeasures.inSpecialMeasuresAtYearEnd.length, 'CCG was', 'CCGs were')} in special measures at the end of the year.`,
  ];
}

export function areaReportView(model: AreaReport) {
  const titles = sectionTitles(model);
  const showRegions = model.regions.length > 0;
  const sections: SectionLink[] = Object.entries(titles)
    .filter(([id]) => id !== 'regions' || showRegions)
    .map(([id, title]) => ({ id, title }));
  const sm = model.specialMeasures;
  const levels = model.distribution.map((level) => level.label);
  const lastYearLabel = previousYearLabel(model.yearLabel) ?? 'Last year';
  return {
    sections,
    titles,
    area: model.area,
    national: model.kind === 'national-annual-report',
    yearLabel: model.yearLabel,
    lastYearLabel,
    summary: summaryLines(model),
    distribution: distributionView(model),
    regions: showRegions
      ? {
          levels,
          rows: model.regions.map((region) => ({
            name: region.name,
            code: region.code,
            counts: levels.map((label) => WHOLE.format(region.counts.find((count) => count.label === label)?.count ?? 0)),
            organisations: WHOLE.format(region.organisations),
          })),
        }
      : null,
    specialMeasures: {
      events: [
        { name: 'CCGs entering special measures', count: sm.entries },
        { name: 'CCGs leaving special measures', count: sm.exits },
        { name: 'Special measures extended', count: sm.extensions },
        { name: 'Cases transferred to another CCG', count: sm.transfers },
        { name: 'Cases ended by a merger', count: sm.mergers },
        { name: 'Legal directions given', count: sm.directionsGiven },
        { name: 'Legal directions in force at year end', count: sm.directionsInForceAtYearEnd },
      ].map((event) => ({ name: event.name, count: WHOLE.format(event.count) })),
      atYearEnd: sm.inSpecialMeasuresAtYearEnd.map((ccg) => ({ code: ccg.code, name: ccg.name, since: documentDate(ccg.since) })),
    },
    finance:
      model.finance === null
        ? null
        : {
            reporting: WHOLE.format(model.finance.reporting),
            beyond: WHOLE.format(model.finance.beyondTriggerThreshold),
            net: `${model.finance.netForecastAgainstControlTotal > 0 ? '+' : ''}${formatPounds(model.finance.netForecastAgainstControlTotal)}`,
            worst: model.finance.worst.map((ccg) => ({ code: ccg.code, name: ccg.name, shortfall: `${ONE_DECIMAL.format(ccg.shortfallPercentOfAllocation)}%` })),
          },
    financeMissing: missingReason(model.missing, FINANCE_SUBJECT, `No finance figures were available for ${model.yearLabel}.`),
    survey:
      model.survey === null
        ? null
        : {
            surveyYear: model.survey.surveyYear,
            lines: model.survey.lines.map((line) => ({
              question: line.question,
              england: percentText(line.england),
              above: WHOLE.format(line.above),
              similar: WHOLE.format(line.similar),
              below: WHOLE.format(line.below),
            })),
          },
    surveyMissing: missingReason(model.missing, SURVEY_SUBJECT, `No 360° stakeholder survey results were available for ${model.yearLabel}.`),
    organisations: model.organisations.map((ccg) => ({ code: ccg.code, name: ccg.name, label: ccg.label, lastYear: ccg.lastYear ?? 'No rating' })),
    methodology: model.methodology,
    dataQuality: model.dataQuality,
  };
}
