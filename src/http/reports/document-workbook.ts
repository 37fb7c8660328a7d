import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import { spreadsheetSafe } from '../../domain/csv/spreadsheet-safe.ts';
import type { AreaReport, CcgAssessment, ReportModel } from '../../domain/reports/model.ts';
import { withFixedEntryTimes } from '../reproducible-zip.ts';
import { DRAFT_TEXT, FINANCE_SUBJECT, QUARTERLY_SUBJECT, SURVEY_SUBJECT, missingReason, provenanceRows } from './document-common.ts';

// A year-end document's tables as a workbook, one sheet a table, so a reader can take the figures without
// retyping them: numbers as numbers, every text through spreadsheetSafe (names come from registers and
// imports, and a name that looks like a formula must stay text), the header row bold, a draft's every sheet
// headed "Draft — not for publication", and the same model giving the same bytes.

type Value = string | number | null;

interface Table {
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Value[])[];
}

function cell(value: Value): Cell {
  if (value === null) return null;
  return typeof value === 'number' ? { value, type: Number } : { value: spreadsheetSafe(value), type: String };
}

function sheet(table: Table, draft: boolean): Sheet<Buffer> {
  const rows: Row[] = [
    ...(draft ? [[{ value: DRAFT_TEXT, type: String, fontWeight: 'bold' as const }]] : []),
    table.header.map((title) => ({ value: spreadsheetSafe(title), type: String, fontWeight: 'bold' as const })),
    ...table.rows.map((row) => row.map(cell)),
  ];
  return { data: rows, sheet: table.name, stickyRowsCount: draft ? 2 : 1 };
}

function provenanceTable(model: ReportModel): Table {
  return {
    name: 'Provenance',
    header: ['Field', 'Value'],
    rows: [
      ['Document', model.title],
      ['Status', model.status.kind === 'draft' ? `${DRAFT_TEXT} (${model.status.stage})` : `Published on ${model.status.publishedOn}`],
      ...(model.status.kind === 'final' && model.status.correction !== null ? [['Corrects', `${model.status.correction.correctsPublishedOn}: ${model.status.correction.note}`]] : []),
      ...provenanceRows(model.provenance).map((row) => [row.name, row.value]),
      ...model.missing.map((input) => ['Could not include', `${input.subject}: ${input.reason}`]),
    ],
  };
}

/** A table the document could not fill still gets its sheet, saying why, so every workbook of a kind has the same sheets. */
function missingTable(name: string, reason: string): Table {
  return { name, header: ['Not included'], rows: [[reason]] };
}

function ccgTables(model: CcgAssessment): Table[] {
  const components: Table = { name: 'Components', header: ['Component', 'Rating', 'Why'], rows: model.components.map((component) => [component.name, component.label, component.reason]) };
  if (model.kind === 'ccg-assessment-letter') return [components, provenanceTable(model)];
  return [
    components,
    {
      name: 'Indicators',
      header: ['Code', 'Indicator', 'Domain', 'Value as shown', 'Value', 'England', 'Similar CCGs’ median', 'Compared with England', 'Period to'],
      rows: model.indicators.map((line) => [line.code, line.name, line.domainName, line.shown, line.value, line.england, line.peerMedian, line.comparison, line.periodEnd]),
    },
    model.quarterly.every((row) => row.quarters.every((level) => level === null))
      ? missingTable('Quarterly', missingReason(model.missing, QUARTERLY_SUBJECT, `No quarterly assessment of the CCG was recorded for ${model.yearLabel}.`))
      : { name: 'Quarterly', header: ['Component', 'Quarter 1', 'Quarter 2', 'Quarter 3', 'Quarter 4'], rows: model.quarterly.map((row) => [row.component, ...[0, 1, 2, 3].map((index) => row.quarters[index] ?? 'Not assessed')]) },
    model.finance === null
      ? missingTable('Finance', missingReason(model.missing, FINANCE_SUBJECT, `No finance figures were available for ${model.yearLabel}.`))
      : {
          name: 'Finance',
          header: ['Month', 'Plan, year to date (£k)', 'Actual, year to date (£k)', 'Forecast outturn (£k)', 'Control total (£k)'],
          rows: model.finance.months.map((month) => [month.month, month.planYearToDate, month.actualYearToDate, month.forecastOutturn, month.controlTotal]),
        },
    model.survey === null
      ? missingTable('Survey', missingReason(model.missing, SURVEY_SUBJECT, `No 360° stakeholder survey results were available for ${model.yearLabel}.`))
      : {
          name: 'Survey',
          header: ['Question', 'Positive (%)', 'Lower 95% (%)', 'Upper 95% (%)', 'England (%)', 'Answers', 'Compared with England'],
          rows: model.survey.lines.map((line) => [line.question, line.proportion, line.lower95, line.upper95, line.england, line.responses, line.comparison]),
        },
    { name: 'History', header: ['Round', 'Published on', 'Rating'], rows: model.history.map((line) => [line.roundTitle, line.publishedOn, line.label]) },
    provenanceTable(model),
  ];
}

function areaTables(model: AreaReport): Table[] {
  const levels = model.distribution.map((level) => level.label);
  const sm = model.specialMeasures;
  return [
    { name: 'Distribution', header: ['Rating', 'CCGs', 'CCGs last year'], rows: model.distribution.map((level) => [level.label, level.count, level.lastYear]) },
    ...(model.regions.length === 0
      ? []
      : [
          {
            name: 'Regions',
            header: ['Region code', 'Region', ...levels, 'CCGs'],
            rows: model.regions.map((region) => [region.code, region.name, ...levels.map((label) => region.counts.find((count) => count.label === label)?.count ?? 0), region.organisations]),
          },
        ]),
    { name: 'Organisations', header: ['Code', 'CCG', 'Rating', 'Rating last year'], rows: model.organisations.map((ccg) => [ccg.code, ccg.name, ccg.label, ccg.lastYear]) },
    {
      name: 'Special measures',
      header: ['Event', 'Number'],
      rows: [
        ['Entries', sm.entries],
        ['Exits', sm.exits],
        ['Extensions', sm.extensions],
        ['Transfers', sm.transfers],
        ['Mergers', sm.mergers],
        ['Directions given', sm.directionsGiven],
        ['Directions in force at year end', sm.directionsInForceAtYearEnd],
      ],
    },
    { name: 'At year end', header: ['Code', 'CCG in special measures', 'Since'], rows: sm.inSpecialMeasuresAtYearEnd.map((ccg) => [ccg.code, ccg.name, ccg.since]) },
    model.finance === null
      ? missingTable('Finance', missingReason(model.missing, FINANCE_SUBJECT, `No finance figures were available for ${model.yearLabel}.`))
      : {
          name: 'Finance',
          header: ['Measure', 'Value'],
          rows: [
            ['CCGs reporting', model.finance.reporting],
            ['CCGs beyond the trigger threshold', model.finance.beyondTriggerThreshold],
            ['Net forecast against control totals (£k)', model.finance.netForecastAgainstControlTotal],
          ],
        },
    ...(model.finance === null
      ? []
      : [{ name: 'Largest shortfalls', header: ['Code', 'CCG', 'Shortfall, % of allocation'], rows: model.finance.worst.map((ccg) => [ccg.code, ccg.name, ccg.shortfallPercentOfAllocation]) }]),
    model.survey === null
      ? missingTable('Survey', missingReason(model.missing, SURVEY_SUBJECT, `No 360° stakeholder survey results were available for ${model.yearLabel}.`))
      : {
          name: 'Survey',
          header: ['Question', 'England positive (%)', 'CCGs above England', 'CCGs similar', 'CCGs below England'],
          rows: model.survey.lines.map((line) => [line.question, line.england, line.above, line.similar, line.below]),
        },
    provenanceTable(model),
  ];
}

function tablesOf(model: ReportModel): Table[] {
  switch (model.kind) {
    case 'ccg-assessment-letter':
    case 'ccg-assurance-report':
      return ccgTables(model);
    case 'national-annual-report':
    case 'region-summary':
      return areaTables(model);
  }
}

/** The document's tables as an .xlsx workbook, byte for byte the same for the same model. */
export async function reportWorkbook(model: ReportModel): Promise<Uint8Array> {
  const tables = tablesOf(model);
  const draft = model.status.kind === 'draft';
  const bytes = await writeXlsxFile(tables.map((table) => sheet(table, draft))).toBuffer();
  return withFixedEntryTimes(bytes);
}
